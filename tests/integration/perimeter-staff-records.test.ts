import request from 'supertest';
import { ManualClock } from '../support/clock';
import { openAlarmOn } from '../support/http-api';
import { timeSkippingApp } from '../support/time-skipping-app';

// Perimeter alarm v2 through the API (issue 18): the on-scene commander is a person of the site, and the API reads
// them from the staff records (config/users.yaml) rather than trusting a typed name and rank; the seed's roles
// (城市花园 四.2, 七.4, 七.15–17) are checked on the sender. A refused step changes nothing.
// Since version 3 the commander must be on duty by 城市花园's roster (config/rosters/chengshi-garden.yaml: 郑军, the
// squad leader, 08:00–20:00 every day; his deputy 赵磊 otherwise), read at the API's clock: it stands in 郑军's shift.
const clock = new ManualClock(Date.parse('2026-12-02T19:30:00+08:00')); // a Wednesday
const { app: appOf, auth } = timeSkippingApp(clock);

const post = async (caseId: string, user: string, type: string, data: Record<string, unknown>, lang = 'zh-CN') =>
  request(appOf())
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', await auth(user))
    .set('Accept-Language', lang)
    .send({ type, data });
const caseOf = async (caseId: string, user = 'squad_leader') =>
  (
    await request(appOf())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth(user))
  ).body;
const historyOf = async (caseId: string) => (await caseOf(caseId)).history;
const intrusion = (commander: string) => ({
  verdict: 'intrusion',
  commander,
  captainInformed: true,
  officeInformed: true,
});

/** A new case at chengshi-garden with the patrol on scene, awaiting the verdict. */
async function atVerdict(): Promise<string> {
  const id = await openAlarmOn(appOf(), await auth('monitor_guard'));
  expect((await caseOf(id)).version).toBe(3);
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

// Version 3 (issue 18): the commander is the highest-ranking person ON DUTY at the site (城市花园 七.4 辖区内职务最高人员).
// The API hands the case whether the roster has the person named on duty at its clock's time, with their staff
// record; the machine refuses one who is not, in Chinese and English, recording nothing. The shift ends in the last test.
describe('perimeter alarm v3 through the API: the commander is a person on duty at the site', () => {
  it('in the day shift refuses the deputy (not on duty then) as commander, in Chinese and English, and changes nothing', async () => {
    const id = await atVerdict();
    const before = await historyOf(id);
    const zh = await post(id, 'squad_leader', 'verdict_given', intrusion('deputy_leader'));
    expect(zh.status).toBe(409);
    expect(zh.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zh.body.detail).toContain('当班');
    const en = await post(id, 'squad_leader', 'verdict_given', intrusion('deputy_leader'), 'en');
    expect(en.status).toBe(409);
    expect(en.body.detail).toContain('on duty');
    expect(await historyOf(id)).toEqual(before);
  });

  it('has a 物业部经理 at 城市花园 who signs in and reads the case whose progress reports he is told of (七.6)', async () => {
    const id = await atVerdict();
    expect((await post(id, 'squad_leader', 'verdict_given', intrusion('squad_leader'))).status).toBe(200);
    expect((await post(id, 'squad_leader', 'progress_reported', { progress: '西墙已排查' })).status).toBe(200);
    const seen = await caseOf(id, 'property_manager');
    expect(seen.history.map((h: { type: string }) => h.type)).toContain('progress_reported');
  });

  it('after the day shift refuses the squad leader and takes his deputy, who stands in while nobody is on duty', async () => {
    clock.advance(60 * 60 * 1000); // 20:30: 郑军's shift is over
    const id = await atVerdict();
    const off = await post(id, 'squad_leader', 'verdict_given', intrusion('squad_leader'));
    expect(off.status).toBe(409);
    expect(off.body.detail).toContain('当班');
    const res = await post(id, 'deputy_leader', 'verdict_given', intrusion('deputy_leader'));
    expect(res.status).toBe(200);
    expect(res.body.context.commander).toMatchObject({ id: 'deputy_leader', name: '副班长 赵磊' });
  });
});
