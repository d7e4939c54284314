import request from 'supertest';
import { openAlarmOn } from '../support/http-api';
import { timeSkippingApp } from '../support/time-skipping-app';

// Perimeter alarm v2 through the API (issue 18): the on-scene commander is a person of the site, and the API reads
// them from the staff records (config/users.yaml) rather than trusting a typed name and rank; the seed's roles
// (城市花园 四.2, 七.4, 七.15–17) are checked on the sender. A refused step changes nothing.
const { app: appOf, auth } = timeSkippingApp();

const post = async (caseId: string, user: string, type: string, data: Record<string, unknown>, lang = 'zh-CN') =>
  request(appOf())
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', await auth(user))
    .set('Accept-Language', lang)
    .send({ type, data });
const historyOf = async (caseId: string) =>
  (
    await request(appOf())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('squad_leader'))
  ).body.history;
const intrusion = (commander: string) => ({
  verdict: 'intrusion',
  commander,
  captainInformed: true,
  officeInformed: true,
});

/** A new case at chengshi-garden with the patrol on scene, awaiting the verdict. */
async function atVerdict(): Promise<string> {
  const id = await openAlarmOn(appOf(), await auth('monitor_guard'));
  expect((await post(id, 'patrol_guard', 'patrol_arrived', {})).status).toBe(200);
  return id;
}

describe('perimeter alarm v2 through the API: the commander from the staff records', () => {
  it('refuses a commander who is not on the site’s staff with a Chinese 422 naming the field, and changes nothing', async () => {
    const id = await atVerdict();
    const before = await historyOf(id);
    const res = await post(id, 'squad_leader', 'verdict_given', intrusion('zhang_san'));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toContain('现场指挥');
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'commander' })]);
    const english = await post(id, 'squad_leader', 'verdict_given', intrusion('zhang_san'), 'en');
    expect(english.body.detail).toContain('commander');
    expect(await historyOf(id)).toEqual(before);
  });

  it('refuses a staff member without a commanding role, and one ranking below whoever declares', async () => {
    const id = await atVerdict();
    expect((await post(id, 'squad_leader', 'verdict_given', intrusion('cs_agent'))).status).toBe(409);
    const lower = await post(id, 'security_captain', 'verdict_given', intrusion('squad_leader'));
    expect(lower.status).toBe(409);
    expect(lower.body.detail).toContain('四.2');
  });

  it('records the commander as the staff records name them', async () => {
    const id = await atVerdict();
    const res = await post(id, 'squad_leader', 'verdict_given', intrusion('squad_leader'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'commanding.searching',
      context: { commander: { id: 'squad_leader', name: '保安班长 郑军', role: 'squad_leader' } },
    });
    // 七.7: the office director arrives and takes over; the staff records say she outranks him.
    const over = await post(id, 'office_director', 'command_taken_over', { commander: 'office_director' });
    expect(over.body.context.commander).toMatchObject({ id: 'office_director', name: '管理处主任 何静' });
  });
});

describe('perimeter alarm v2 through the API: who does what (城市花园 七.4, 七.11.2, 七.15–17)', () => {
  it('refuses the patrol guard declaring an intrusion', async () => {
    const id = await atVerdict();
    const res = await post(id, 'patrol_guard', 'verdict_given', intrusion('squad_leader'));
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('七.4');
  });

  it('lets customer service, not the commander, tell the resident; and each report only from its filer', async () => {
    const id = await atVerdict();
    await post(id, 'squad_leader', 'verdict_given', intrusion('squad_leader'));
    await post(id, 'squad_leader', 'outcome_recorded', {
      outcome: 'theft_thief_not_caught',
      sceneSealed: true,
      crowdDispersed: true,
    });
    const told = { residentInformed: true, residentConfirmedLoss: true, residentConsentsToPolice: false };
    expect((await post(id, 'squad_leader', 'resident_informed', told)).status).toBe(403);
    expect((await post(id, 'cs_agent', 'resident_informed', told)).body.state).toBe('commanding.reporting');

    const incident = { report: 'incident_report', summary: '事故报告' };
    expect((await post(id, 'cs_agent', 'report_filed', incident)).status).toBe(409);
    expect((await post(id, 'security_captain', 'report_filed', incident)).status).toBe(409); // not the commander
    expect((await post(id, 'squad_leader', 'report_filed', incident)).status).toBe(200);
  });
});
