import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig, TASK_QUEUE } from '../../config';
import { useTimeSkippingWorker } from '../support/app-worker';
import { bearerFor } from '../support/http-api';

// Issue 20 point 4: every route's refusal of bad data names the fields by their labels in the caller's language —
// the intake, a step, an escalation's acknowledgement, a step's files, a report (managers), the acknowledge link —
// never by a path (data.customer.phone, params.n, query.month), and never Chinese in English or English in Chinese.
Runtime.install({ logger: new DefaultLogger('WARN') });
let app: ReturnType<typeof createApp>;
const config = loadConfig();
// A second office of the contractor that takes complaints but has no construction sites: its policy turns the
// complaint's building-site fields off (规则 7–8). Customer service works there too.
const jiayi = config.sites.get('jiayi-decoration')!;
config.sites.set('jiayi-showroom', {
  ...jiayi,
  id: 'jiayi-showroom',
  name: '家逸装饰展厅',
  procedures: { complaint: { fieldGroups: { building: false } } },
});
config.users.get('cs_agent')!.roles['jiayi-showroom'] = ['cs_agent'];
useTimeSkippingWorker(TASK_QUEUE, (env) => {
  app = createApp({ client: env.client, config, logger: pino({ level: 'silent' }) });
});
const auth = bearerFor(() => app);
// The complaint's cases open at the home-decoration contractor, the demo site that runs it (version 2, issue 19).
const site = 'jiayi-decoration';
const han = /\p{Script=Han}/u;
const rawPath = /\b(?:data|body|query|params|headers)\.[A-Za-z]/;

/** Sends the request in both languages; both answer `status` with a problem whose detail names no path. */
async function refusedInBoth(send: (lang: 'zh-CN' | 'en') => PromiseLike<request.Response>, status = 422) {
  const [zh, en] = [await send('zh-CN'), await send('en')];
  for (const res of [zh, en]) {
    expect([res.status, res.type]).toEqual([status, 'application/problem+json']);
    expect(res.body.detail).not.toMatch(rawPath);
  }
  expect(en.body.detail).not.toMatch(han);
  return { zh: zh.body.detail as string, en: en.body.detail as string, body: zh.body };
}

const intake = (phone: string) => ({
  customer: { name: '张女士', phone },
  channel: 'phone',
  location: '星河湾 3 栋 1201',
  category: 'workmanship',
  description: '卫生间漏水',
  request: '尽快维修',
});

/** POST /cases as customer service, asking for the answer in `lang`. */
const postCase = async (lang: 'zh-CN' | 'en', body: Record<string, unknown>) =>
  request(app)
    .post('/api/cases')
    .set('Authorization', await auth('cs_agent'))
    .set('Accept-Language', lang)
    .send(body);

async function openComplaint(): Promise<string> {
  const res = await request(app)
    .post('/api/cases')
    .set('Authorization', await auth('cs_agent'))
    .send({ procedure: 'complaint', site, data: intake('13800138000') })
    .expect(201);
  return res.body.caseId as string;
}

describe('refusals name fields by their labels, in both languages, on every kind of route', () => {
  it('the intake (POST /cases): a 10-digit mobile number is refused with the field’s label and an example', async () => {
    const said = await refusedInBoth(async (lang) =>
      postCase(lang, { procedure: 'complaint', site, data: intake('1380013800') }),
    );
    expect(said.zh).toBe('填写的内容有误：「电话」格式不正确，例如 13800138000');
    expect(said.en).toBe('Invalid data: Phone is not in the right format, e.g. 13800138000');
    expect(said.body.issues).toEqual([
      expect.objectContaining({ path: 'data.customer.phone', code: 'invalid_format' }),
    ]);
    // The API's own fields too: a drill that is not yes or no is 「演练」, not body.drill.
    const drill = await refusedInBoth(async (lang) =>
      postCase(lang, { procedure: 'complaint', site, drill: 'yes', data: intake('13800138000') }),
    );
    expect(drill.zh).toBe('填写的内容有误：「演练」类型不对');
    expect(drill.en).toBe('Invalid data: Drill has the wrong type');
  });

  it('the contractor’s complaint at the supermarket, which runs the retail one (issue 19), is refused by name', async () => {
    // The site's own name is Chinese in both languages (a proper name), so this refusal is not checked for Han.
    const [zh, en] = [
      await postCase('zh-CN', { procedure: 'complaint', site: 'huarun-market', data: intake('13800138000') }),
      await postCase('en', { procedure: 'complaint', site: 'huarun-market', data: intake('13800138000') }),
    ];
    expect([zh.status, en.status]).toEqual([422, 422]);
    expect(zh.body.detail).toBe('华润万家超市不受理「客户投诉处理」案件：该场所运行的流程中没有它');
    expect(en.body.detail).toBe(
      'site huarun-market (华润万家超市) does not run the procedure complaint (Complaint handling)',
    );
    // Nor is the manufacturer's complaint the mall's.
    const maker = await postCase('en', { procedure: 'complaint-manufacturer', site: 'xinghe-mall', data: {} });
    expect([maker.status, maker.body.type, maker.body.site]).toEqual([
      422,
      'urn:problem:procedure-not-run',
      'xinghe-mall',
    ]);
  });

  it('building-site fields at a site whose policy does not use them are refused by their labels', async () => {
    const said = await refusedInBoth(async (lang) =>
      postCase(lang, {
        procedure: 'complaint',
        site: 'jiayi-showroom',
        data: { ...intake('13800138000'), siteStage: 'completed', handoverDate: '2026-11-20' },
      }),
    );
    expect(said.zh).toBe('本场所不使用这些填写项：「工地状态」、「竣工验收单签字日期」');
    expect(said.en).toMatch(/^This site does not use these fields: \w/);
    expect(said.body.issues.map((i: { path: string }) => i.path)).toEqual(['data.siteStage', 'data.handoverDate']);
    await request(app)
      .post('/api/cases')
      .set('Authorization', await auth('cs_agent'))
      .send({ procedure: 'complaint', site: 'jiayi-showroom', data: intake('13800138000') })
      .expect(201);
  });

  it('a step (POST /cases/:id/events): the unanswered yes/no by its label, under the step’s name', async () => {
    const caseId = await openComplaint();
    const said = await refusedInBoth(async (lang) =>
      request(app)
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', await auth('dept_manager'))
        .set('Accept-Language', lang)
        .send({ type: 'customer_contacted', data: { method: 'phone', summary: '已致电', severity: 'normal' } }),
    );
    expect(said.zh).toBe('「经理已联系客户」填写有误：「需上门协商」必须填写');
    expect(said.en).toBe('"Customer contacted by a manager" has invalid data: On-site visit needed is required');
    // A step body without its type: 「步骤」, not body.type.
    const typeless = await refusedInBoth(async (lang) =>
      request(app)
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', await auth('dept_manager'))
        .set('Accept-Language', lang)
        .send({ data: {} }),
    );
    expect(typeless.zh).toBe('填写的内容有误：「步骤」必须填写');
    expect(typeless.en).toBe('Invalid data: Step is required');
  });

  it('an acknowledgement (POST /cases/:id/escalations/:n/ack) and its Idempotency-Key', async () => {
    const caseId = await openComplaint();
    const said = await refusedInBoth(async (lang) =>
      request(app)
        .post(`/api/cases/${caseId}/escalations/0/ack`)
        .set('Authorization', await auth('branch_gm'))
        .set('Accept-Language', lang),
    );
    expect(said.zh).toBe('填写的内容有误：「升级序号」必须大于 0');
    expect(said.en).toBe('Invalid data: Escalation number must be more than 0');
    const key = await refusedInBoth(async (lang) =>
      request(app)
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', await auth('dept_manager'))
        .set('Accept-Language', lang)
        .set('Idempotency-Key', 'no spaces allowed')
        .send({ type: 'customer_contacted', data: {} }),
    );
    expect(key.zh).toBe('填写的内容有误：「幂等键（Idempotency-Key）」格式不正确');
    expect(key.en).toBe('Invalid data: Idempotency-Key is not in the right format');
  });

  it('a step’s files (the attachment check) and a file’s address', async () => {
    const open = await request(app)
      .post('/api/cases')
      .set('Authorization', await auth('lp_officer'))
      .send({
        procedure: 'internal-theft',
        site: 'xinghe-mall',
        data: { suspect: { name: '王某' }, account: '员工通道带出白酒', caughtInAct: false, rulesAcknowledged: true },
      })
      .expect(201);
    const caseId = open.body.caseId as string;
    const ref = { name: 'x.jpg', sha256: 'f'.repeat(64), size: 10 };
    const unknown = await refusedInBoth(async (lang) =>
      request(app)
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', await auth('lp_officer'))
        .set('Accept-Language', lang)
        .send({ type: 'evidence_added', data: { kind: 'photo', description: '现场照片', attachments: [ref] } }),
    );
    expect(unknown.zh).toBe('附件不属于本案件（未上传到本案件，或大小不符）：附件');
    expect(unknown.en).toBe('Attachments not uploaded to this case (or of another size): Attachments');
    const address = await refusedInBoth(async (lang) =>
      request(app)
        .get(`/api/cases/${caseId}/attachments/not-a-hash`)
        .set('Authorization', await auth('lp_officer'))
        .set('Accept-Language', lang),
    );
    expect(address.zh).toMatch(/^填写的内容有误：「附件」/);
    expect(address.en).toMatch(/^Invalid data: File/);
  });

  it('a report (managers): a month that is not YYYY-MM is 「月份」', async () => {
    const said = await refusedInBoth(async (lang) =>
      request(app)
        .get('/api/reports/overdue?month=2026-13')
        .set('Authorization', await auth('gm'))
        .set('Accept-Language', lang),
    );
    expect(said.zh).toBe('填写的内容有误：「月份」格式不正确');
    expect(said.en).toBe('Invalid data: Month is not in the right format');
  });

  it('the acknowledge link (POST /ack/:token): the person acknowledging is 「确认人」', async () => {
    const said = await refusedInBoth((lang) =>
      request(app)
        .post('/api/ack/abc.def.ghi')
        .set('Accept-Language', lang)
        .set('Accept', 'application/json')
        .send({ user: 'x'.repeat(300) }),
    );
    expect(said.zh).toBe('填写的内容有误：「确认人」最多 200 个字');
    expect(said.en).toBe('Invalid data: Person acknowledging: at most 200 characters');
  });
});
