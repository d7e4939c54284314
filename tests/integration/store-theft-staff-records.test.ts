import request from 'supertest';
import { loadConfig } from '../../config/load';
import { timeSkippingApp } from '../support/time-skipping-app';

// 偷盗 5.1.3 4), store theft version 3 (issue 18): the female staff member present when a female customer is questioned
// is a staff user of the site whom the staff records (config/users.yaml) give as female — not a name and a typed
// gender. The API hands the case the named person's staff record (EventSpec.people), and the machine judges it: a man,
// or someone off the site's staff, is refused in Chinese and English and nothing is recorded.
const { app: appOf, auth } = timeSkippingApp();
const config = loadConfig();
const site = 'xinghe-mall';

async function femaleCustomerInOffice(): Promise<string> {
  const opened = await request(appOf())
    .post('/api/cases')
    .set('Authorization', await auth('patrol_guard'))
    .send({
      procedure: 'store-theft',
      site,
      data: { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true },
    })
    .expect(201);
  expect(opened.body.version).toBe(3);
  const caseId = opened.body.caseId as string;
  await send(caseId, 'patrol_guard', 'theft_confirmed', { observed: '将两支口红放入包中' });
  await send(caseId, 'patrol_guard', 'customer_intercepted', { where: 'at_exit' });
  await send(caseId, 'patrol_guard', 'customer_refused', { customerGender: 'female', invitedToOffice: true });
  return caseId;
}

async function send(
  caseId: string,
  user: string,
  type: string,
  data: Record<string, unknown>,
  status = 200,
  lang = 'zh-CN',
) {
  return (
    await request(appOf())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', await auth(user))
      .set('Accept-Language', lang)
      .send({ type, data })
      .expect(status)
  ).body;
}

const caseOf = async (caseId: string) =>
  (
    await request(appOf())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('ops_manager'))
      .expect(200)
  ).body as { history: Array<{ type: string; data: Record<string, unknown> }>; context: Record<string, unknown> };

describe('store theft v3: the female staff member is read from the staff records', () => {
  it('refuses a step naming a man of the staff, in Chinese and English, and records nothing', async () => {
    const caseId = await femaleCustomerInOffice();
    const before = (await caseOf(caseId)).history;
    expect(config.users.get('patrol_guard')?.gender).toBe('male');
    const zh = await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'patrol_guard' }, 409);
    expect(zh.detail).toContain('女性');
    const en = await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'patrol_guard' }, 409, 'en');
    expect(en.detail).toContain('female');
    expect((await caseOf(caseId)).history).toEqual(before);
    // A typed gender is no field of the step.
    await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'patrol_guard', gender: 'female' }, 422);
    // The interview still cannot start.
    await send(caseId, 'ops_manager', 'interview_started', { assistingGuard: '王强' }, 409);
  });

  it('refuses someone who is not on the site’s staff records, naming the field', async () => {
    const caseId = await femaleCustomerInOffice();
    const r = await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'li.juan' }, 422);
    expect(JSON.stringify(r.issues)).toContain('staffId');
    expect((await caseOf(caseId)).history.map((h) => h.type)).not.toContain('female_staff_present');
  });

  it('records a female staff member of the site with her name and gender from the records; the interview starts', async () => {
    const caseId = await femaleCustomerInOffice();
    const woman = config.users.get('ops_manager')!;
    expect(woman.gender).toBe('female');
    await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'ops_manager' });
    expect((await caseOf(caseId)).context.femaleStaff).toMatchObject({
      staffId: 'ops_manager',
      staffName: woman.name,
      gender: 'female',
    });
    const started = await send(caseId, 'ops_manager', 'interview_started', { assistingGuard: '王强' });
    expect(started.state).toContain('interviewing');
  });
});
