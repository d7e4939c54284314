import request from 'supertest';
import pino from 'pino';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTimeSkippingWorker } from '../support/app-worker';
import { bearerFor } from '../support/http-api';
import { TASK_QUEUE } from '../../config/paths';
import { loadConfig } from '../../config/load';
import { createApp } from '../../api/app';

// 偷盗 5.1.3 4), store theft version 2 (issue 18): the female staff member present when a female customer is questioned
// is a staff user of the site whom the staff records (config/users.yaml) give as female — not a name and a typed
// gender. The API checks the records before the step reaches the case, and the case records what they say.
Runtime.install({ logger: new DefaultLogger('WARN') });
let app: ReturnType<typeof createApp>;
const config = loadConfig();
useTimeSkippingWorker(TASK_QUEUE, (env: TestWorkflowEnvironment) => {
  app = createApp({ client: env.client, config, logger: pino({ level: 'silent' }) });
});
const auth = bearerFor(() => app);
const site = 'xinghe-mall';

async function femaleCustomerInOffice(): Promise<string> {
  const opened = await request(app)
    .post('/api/cases')
    .set('Authorization', await auth('patrol_guard'))
    .send({
      procedure: 'store-theft',
      site,
      data: { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true },
    })
    .expect(201);
  expect(opened.body.version).toBe(2);
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
    await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', await auth(user))
      .set('Accept-Language', lang)
      .send({ type, data })
      .expect(status)
  ).body;
}

const history = async (caseId: string) =>
  (
    await request(app)
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('ops_manager'))
      .expect(200)
  ).body.history as Array<{ type: string; data: Record<string, unknown> }>;

describe('store theft v2: the female staff member is read from the staff records', () => {
  it('refuses a male staff member, whatever gender is typed, in Chinese and English, and records nothing', async () => {
    const caseId = await femaleCustomerInOffice();
    const before = await history(caseId);
    expect(config.users.get('patrol_guard')?.gender).toBe('male');
    const zh = await send(
      caseId,
      'ops_manager',
      'female_staff_present',
      { staffId: 'patrol_guard', gender: 'female' },
      422,
    );
    expect(zh).toMatchObject({ type: expect.stringContaining('staff-not-qualified') });
    expect(zh.detail).toContain('不是女性员工');
    expect(zh.issues).toEqual([expect.objectContaining({ path: 'body.data.staffId' })]);
    const en = await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'patrol_guard' }, 422, 'en');
    expect(en.detail).toContain('do not give');
    expect(await history(caseId)).toEqual(before);
    // The interview still cannot start.
    await send(caseId, 'ops_manager', 'interview_started', { assistingGuard: '王强' }, 409);
  });

  it('refuses someone who is not on the site’s staff records', async () => {
    const caseId = await femaleCustomerInOffice();
    const r = await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'li.juan', staffName: '李娟' }, 422);
    expect(r.detail).toContain('不是本场所');
    expect((await history(caseId)).map((h) => h.type)).not.toContain('female_staff_present');
  });

  it('records a female staff member of the site with her name and gender from the records; the interview starts', async () => {
    const caseId = await femaleCustomerInOffice();
    const woman = config.users.get('ops_manager')!;
    expect(woman.gender).toBe('female');
    // A typed name is replaced by the record's.
    await send(caseId, 'ops_manager', 'female_staff_present', { staffId: 'ops_manager', staffName: '随便写的' });
    const recorded = (await history(caseId)).find((h) => h.type === 'female_staff_present');
    expect(recorded?.data).toMatchObject({ staffId: 'ops_manager', staffName: woman.name, gender: 'female' });
    const started = await send(caseId, 'ops_manager', 'interview_started', { assistingGuard: '王强' });
    expect(started.state).toContain('interviewing');
  });
});
