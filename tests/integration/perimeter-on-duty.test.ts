import request from 'supertest';
import { ManualClock } from '../support/clock';
import { openAlarmOn } from '../support/http-api';
import { timeSkippingApp } from '../support/time-skipping-app';

// Perimeter alarm v3 through the API (issue 18): the on-scene commander is the highest-ranking person ON DUTY at the
// site (城市花园 七.4 辖区内职务最高人员). The API reads whether the person named is on duty from the site's on-duty
// roster (config/rosters/chengshi-garden.yaml: 郑军 squad_leader 08:00–20:00 every day, his deputy 赵磊 otherwise) at
// the API clock's time, hands it to the case with the person's staff record, and the machine refuses a commander who
// is not on duty, in Chinese and English, recording nothing.
const clock = new ManualClock(Date.parse('2026-12-02T19:30:00+08:00')); // a Wednesday, 郑军's day shift
const { app: appOf, auth } = timeSkippingApp(clock);

const post = async (caseId: string, user: string, type: string, data: Record<string, unknown>, lang = 'zh-CN') =>
  request(appOf())
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', await auth(user))
    .set('Accept-Language', lang)
    .send({ type, data });
const caseOf = async (caseId: string) =>
  (
    await request(appOf())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('squad_leader'))
  ).body;
const intrusion = (commander: string) => ({
  verdict: 'intrusion',
  commander,
  captainInformed: true,
  officeInformed: true,
});

async function atVerdict(): Promise<string> {
  const id = await openAlarmOn(appOf(), await auth('monitor_guard'));
  expect((await caseOf(id)).version).toBe(3);
  expect((await post(id, 'patrol_guard', 'patrol_arrived', {})).status).toBe(200);
  return id;
}

describe('perimeter alarm v3 through the API: the commander is a person on duty at the site', () => {
  it('in the day shift refuses the deputy (not on duty then) as commander, in Chinese and English, and changes nothing', async () => {
    const id = await atVerdict();
    const before = (await caseOf(id)).history;
    const zh = await post(id, 'squad_leader', 'verdict_given', intrusion('deputy_leader'));
    expect(zh.status).toBe(409);
    expect(zh.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zh.body.detail).toContain('当班');
    const en = await post(id, 'squad_leader', 'verdict_given', intrusion('deputy_leader'), 'en');
    expect(en.status).toBe(409);
    expect(en.body.detail).toContain('on duty');
    expect((await caseOf(id)).history).toEqual(before);
  });

  it('in the day shift takes the squad leader on duty as commander', async () => {
    const id = await atVerdict();
    const res = await post(id, 'squad_leader', 'verdict_given', intrusion('squad_leader'));
    expect(res.status).toBe(200);
    expect(res.body.context.commander).toMatchObject({ id: 'squad_leader', name: '保安班长 郑军' });
  });

  it('after the day shift refuses the squad leader and takes his deputy, who stands in while nobody is on duty', async () => {
    clock.advance(60 * 60 * 1000); // 20:30: the day shift is over
    const id = await atVerdict();
    const off = await post(id, 'squad_leader', 'verdict_given', intrusion('squad_leader'));
    expect(off.status).toBe(409);
    expect(off.body.detail).toContain('当班');
    const res = await post(id, 'deputy_leader', 'verdict_given', intrusion('deputy_leader'));
    expect(res.status).toBe(200);
    expect(res.body.context.commander).toMatchObject({ id: 'deputy_leader', name: '副班长 赵磊' });
    // The fact is recorded with the step: the history keeps the commander the roster had on duty.
    expect((await caseOf(id)).history.at(-1)).toMatchObject({ type: 'verdict_given', actor: { id: 'deputy_leader' } });
  });

  it('has a 物业部经理 at 城市花园 who signs in and reads the case whose progress reports he is told of (七.6)', async () => {
    const id = await atVerdict();
    await post(id, 'deputy_leader', 'verdict_given', intrusion('deputy_leader'));
    expect((await post(id, 'deputy_leader', 'progress_reported', { progress: '西墙已排查' })).status).toBe(200);
    const seen = await request(appOf())
      .get(`/api/cases/${id}`)
      .set('Authorization', await auth('property_manager'));
    expect(seen.status).toBe(200);
    expect(seen.body.history.map((h: { type: string }) => h.type)).toContain('progress_reported');
  });
});
