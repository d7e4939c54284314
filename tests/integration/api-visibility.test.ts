import type { AddressInfo } from 'node:net';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import request from 'supertest';
import { loadConfig } from '../../config/load';
import { signatureOf } from '../../api/hooks/router';
import { addMonths, monthIn } from '../../api/reports/site-time';
import { TASK_QUEUE } from '../../config/paths';
import { serveApp, useDevServer } from '../support/dev-server-fixture';
import { bearerFor } from '../support/http-api';
import { openEventStream } from '../support/event-stream';
import { waitFor } from '../support/wait';

// Lists, inbox, event stream and the alarm-panel webhook need visibility queries: these run on the real dev server.
Runtime.install({ logger: new DefaultLogger('WARN') });
const dev = useDevServer({ inProcessWorker: TASK_QUEUE });
const config = loadConfig();
// A 1-second dispatch deadline at the residential demo site, so overdue and escalation show within the test.
config.sites.get('chengshi-garden')!.procedures['perimeter-alarm'] = { deadlines: { dispatch: 'PT1S' } };

const served = serveApp(dev, config);

const auth = bearerFor(() => served.app);

async function open(site: string, zone: string) {
  const res = await request(served.app)
    .post('/api/cases')
    .set('Authorization', await auth('monitor_guard'))
    .send({ procedure: 'perimeter-alarm', site, data: { zone } })
    .expect(201);
  return res.body as { caseId: string; number: string };
}

const list = async (query: string, user = 'monitor_guard') =>
  (
    await request(served.app)
      .get(`/api/cases?${query}`)
      .set('Authorization', await auth(user))
      .expect(200)
  ).body as {
    cases: Array<{ caseId: string; number: string; site: string; overdue: boolean; status: string }>;
    nextCursor: string | null;
  };

describe('alarm-panel webhook', () => {
  const body = (eventId: string, sentAt = new Date().toISOString()) => JSON.stringify({ eventId, zone: '1', sentAt });
  const post = (raw: string, signature: string, panel = 'chengshi-panel-1') =>
    request(served.app)
      .post('/api/hooks/alarm-panel')
      .set('Content-Type', 'application/json')
      .set('X-Panel-Id', panel)
      .set('X-Signature', signature)
      .send(raw);
  const secret = 'demo-panel-secret-change-me';

  it('starts a perimeter case for a signed alarm, once per panel event id', async () => {
    const raw = body('evt-1001');
    const first = await post(raw, signatureOf(secret, raw)).expect(201);
    expect(first.body.number).toMatch(/^ZJ-/);
    const again = await post(raw, signatureOf(secret, raw)).expect(200);
    expect(again.body).toMatchObject({ caseId: first.body.caseId, created: false });
    const view = await request(served.app)
      .get(`/api/cases/${first.body.caseId}`)
      .set('Authorization', await auth('monitor_guard'))
      .expect(200);
    expect(view.body.context).toMatchObject({ zone: '北围墙', source: 'panel' });
  });

  it('refuses a bad signature, an unknown panel and a stale timestamp, and starts nothing', async () => {
    const raw = body('evt-bad');
    await post(raw, signatureOf('wrong-secret-wrong-secret', raw)).expect(401);
    await post(raw, signatureOf(secret, raw), 'no-such-panel').expect(401);
    const stale = body('evt-stale', new Date(Date.now() - 6 * 60_000).toISOString());
    const res = await post(stale, signatureOf(secret, stale)).expect(401);
    expect(res.body.type).toBe('urn:problem:stale-request');
    // A tampered body no longer matches its signature.
    await post(raw.replace('evt-bad', 'evt-evil'), signatureOf(secret, raw)).expect(401);
    await new Promise((r) => setTimeout(r, 1500));
    const all = await list('site=chengshi-garden&pageSize=100');
    expect(all.cases.map((c) => c.caseId).filter((id) => /evt-bad|evt-stale|evt-evil/.test(id))).toEqual([]);
  });
});

describe('the penalty ledger', () => {
  it('lists each confirmed charge to the department at fault (a proposal waits), with totals, as JSON and CSV', async () => {
    const cs = await auth('cs_agent');
    // Complaint v2, the home-decoration contractor's (客诉规则 8–14): a repeat proposes, a manager confirms.
    const intake = {
      customer: { name: '张女士', phone: '13800138000' },
      channel: 'phone',
      location: '星河湾 3 栋 1201',
      category: 'designer_service',
      description: '设计师不回电话',
      request: '尽快联系',
      declinesFollowUp: true,
    };
    const opened = await request(served.app)
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ procedure: 'complaint', site: 'jiayi-decoration', data: intake });
    expect(opened.status).toBe(201);
    const repeat = { channel: 'phone', description: '还是没人联系', reason: 'designer_service', department: 'design' };
    const material = {
      channel: 'phone',
      description: '瓷砖还没到',
      reason: 'material_supply_late',
      department: 'material',
    };
    for (const data of [repeat, material])
      await request(served.app)
        .post(`/api/cases/${opened.body.caseId}/events`)
        .set('Authorization', cs)
        .send({ type: 'repeat_complaint_received', data })
        .expect(200);
    // Only the first proposal is confirmed; the second stays a proposal and never reaches the ledger.
    await request(served.app)
      .post(`/api/cases/${opened.body.caseId}/events`)
      .set('Authorization', await auth('dept_manager'))
      .send({ type: 'penalty_confirmed', data: { penalty: 1, confirmed: true } })
      .expect(200);
    const gm = await auth('gm');
    let ledger: {
      totals: Array<{ account: string; amount: number }>;
      lines: Array<{ number: string; account: string; amount: number }>;
    } = { totals: [], lines: [] };
    await waitFor(
      async () => {
        ledger = (
          await request(served.app)
            .get('/api/reports/ledger?site=jiayi-decoration')
            .set('Authorization', gm)
            .expect(200)
        ).body;
        return ledger.lines.some((l) => l.number === opened.body.number);
      },
      { timeoutMs: 15000, what: 'the charge in the ledger' },
    );
    const charges = ledger.lines.filter((l) => l.number === opened.body.number);
    // Rule 10: designer service costs the design department ¥200 per complaint; the unconfirmed ¥100 is not there.
    expect(charges.map((l) => [l.account, l.amount])).toEqual([['design', 200]]);
    expect(ledger.totals.find((t) => t.account === 'design')!.amount).toBeGreaterThanOrEqual(
      charges.reduce((a, l) => a + l.amount, 0),
    );
    const csv = await request(served.app)
      .get('/api/reports/ledger?site=jiayi-decoration&format=csv')
      .set('Authorization', gm)
      .expect(200);
    // Excel-ready: a BOM, columns headed and filled in words (Chinese unless asked otherwise).
    expect(csv.text.split('\n')[0]).toBe('\uFEFF场所,流程,案件编号,责任部门,金额（元）,原因,时间');
    expect(csv.text).toContain(`,客户投诉处理,${opened.body.number},设计部,200,`);
    const english = await request(served.app)
      .get('/api/reports/ledger?site=jiayi-decoration&format=csv&lang=en')
      .set('Authorization', gm)
      .expect(200);
    expect(english.text.split('\n')[0]).toBe('\uFEFFSite,Procedure,Case number,Department,Amount (CNY),Reason,Time');
  });
});

describe('lists, inbox and stream from visibility', () => {
  it('filters by site, status and number, and pages with a cursor', async () => {
    const a = await open('xinghe-mall', 'roof');
    const b = await open('xinghe-mall', 'loading-bay');
    await waitFor(async () => (await list('site=xinghe-mall')).cases.length >= 2, {
      timeoutMs: 10000,
      what: 'two mall cases listed',
    });
    const mall = await list('site=xinghe-mall&status=open');
    expect(mall.cases.every((c) => c.site === 'xinghe-mall' && c.status === 'open')).toBe(true);
    expect(mall.cases.map((c) => c.caseId)).toEqual(expect.arrayContaining([a.caseId, b.caseId]));
    const byNumber = await list(`site=xinghe-mall&q=${a.number}`);
    expect(byNumber.cases.map((c) => c.caseId)).toEqual([a.caseId]);
    const page1 = await list('site=xinghe-mall&pageSize=1');
    expect(page1.cases).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await list(`site=xinghe-mall&pageSize=1&cursor=${page1.nextCursor}`);
    expect(page2.cases[0]!.caseId).not.toBe(page1.cases[0]!.caseId);
    await request(served.app)
      .get('/api/cases?status=maybe')
      .set('Authorization', await auth('monitor_guard'))
      .expect(422);
  });

  it('flags overdue cases and puts escalations in the escalated role’s inbox, most urgent first', async () => {
    const c = await open('chengshi-garden', 'north-wall-9');
    await waitFor(
      async () =>
        (await list('overdue=true&site=chengshi-garden&pageSize=100')).cases.some((x) => x.caseId === c.caseId),
      {
        timeoutMs: 15000,
        what: 'the case listed as overdue',
      },
    );
    const inbox = async (user: string) =>
      (
        await request(served.app)
          .get('/api/inbox')
          .set('Authorization', await auth(user))
          .expect(200)
      ).body.items as Array<{
        caseId: string;
        reason: string;
        overdue: boolean;
      }>;
    await waitFor(
      async () => (await inbox('squad_leader')).some((i) => i.caseId === c.caseId && i.reason === 'escalated_to_me'),
      {
        timeoutMs: 15000,
        what: 'the dispatch escalation in the squad leader inbox',
      },
    );
    const mine = await inbox('monitor_guard');
    expect(mine.find((i) => i.caseId === c.caseId)).toMatchObject({ reason: 'awaiting_my_step', overdue: true });
    // Nothing of it in the inbox of a role with nothing to do.
    expect((await inbox('cs_agent')).some((i) => i.caseId === c.caseId)).toBe(false);

    // The overdue report counts the missed dispatch deadline and its escalation, as JSON and as CSV.
    const report = await request(served.app)
      .get('/api/reports/overdue?site=chengshi-garden&procedure=perimeter-alarm')
      .set('Authorization', await auth('security_captain'))
      .expect(200);
    const dispatch = report.body.rows.find((r: { timer: string }) => r.timer === 'dispatch');
    expect(dispatch).toMatchObject({ site: 'chengshi-garden', procedure: 'perimeter-alarm' });
    expect(dispatch.overdue).toBeGreaterThanOrEqual(1);
    expect(dispatch.escalations).toBeGreaterThanOrEqual(1);
    expect(dispatch.cases).toBeGreaterThanOrEqual(dispatch.overdue);
    const csv = await request(served.app)
      .get('/api/reports/overdue?site=chengshi-garden&format=csv')
      .set('Authorization', await auth('security_captain'))
      .expect(200);
    expect(csv.type).toBe('text/csv');
    expect(csv.text.split('\n')[0]).toBe('\uFEFF场所,流程,时限,案件数,超时,升级次数,已确认,超时完成,未完成');
    expect(csv.text).toMatch(/城市花园,周界报警应急处理,派岗时限,\d+,\d+,\d+,0/);

    // Months are the site's: the case is in the site's current month, not in the next, and the dashboard's month list
    // ends with the site's month (api/reports/reports.test.ts pins the 23:30 UTC month-end case).
    const siteMonth = monthIn(Date.now(), config.sites.get('chengshi-garden')!.calendar.zone);
    const inMonth = async (month: string) =>
      (
        await request(served.app)
          .get(`/api/reports/overdue?site=chengshi-garden&procedure=perimeter-alarm&month=${month}`)
          .set('Authorization', await auth('security_captain'))
          .expect(200)
      ).body.rows.find((r: { timer: string }) => r.timer === 'dispatch')?.cases ?? 0;
    expect(await inMonth(siteMonth)).toBeGreaterThanOrEqual(1);
    expect(await inMonth(addMonths(siteMonth, 1))).toBe(0);
    const monthly = await request(served.app)
      .get('/api/reports/monthly?months=2&site=chengshi-garden')
      .set('Authorization', await auth('security_captain'))
      .expect(200);
    expect(monthly.body.months.map((m: { month: string }) => m.month)).toEqual([addMonths(siteMonth, -1), siteMonth]);
    expect(monthly.body.months[1].cases).toBeGreaterThanOrEqual(1);
  });

  it('streams case changes and resumes after Last-Event-ID without missing one', async () => {
    const { port } = served.http.address() as AddressInfo;
    const c = await open('chengshi-garden', 'east-wall-2');
    const token = await auth('monitor_guard');
    const stream = await openEventStream(`http://127.0.0.1:${port}/api/stream`, { authorization: token });
    const received = () =>
      stream.events.flatMap((e) =>
        e.id ? [{ id: e.id, ...(JSON.parse(e.data) as { caseId: string; state: string }) }] : [],
      );
    await request(served.app)
      .post(`/api/cases/${c.caseId}/events`)
      .set('Authorization', token)
      .send({ type: 'patrol_dispatched', data: { patrol: ['孙伟'], squadLeaderInformed: true } })
      .expect(200);
    await waitFor(
      async () => received().some((e) => e.caseId === c.caseId && e.state === 'responding.awaitingPatrol'),
      {
        timeoutMs: 15000,
        what: 'the dispatch change on the stream',
      },
    );
    stream.close();
    await stream.ended;
    const lastId = received().at(-1)!.id;

    // While disconnected, the patrol arrives; reconnecting with Last-Event-ID delivers that change.
    await request(served.app)
      .post(`/api/cases/${c.caseId}/events`)
      .set('Authorization', await auth('patrol_guard'))
      .send({ type: 'patrol_arrived' })
      .expect(200);
    await new Promise((r) => setTimeout(r, 1500));
    const resumed = await new Promise<string>((resolve, reject) => {
      const ac = new AbortController();
      let text = '';
      fetch(`http://127.0.0.1:${port}/api/stream`, {
        headers: { authorization: token, 'last-event-id': lastId },
        signal: ac.signal,
      })
        .then(async (res) => {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            text += Buffer.from(chunk).toString();
            if (text.includes(c.caseId) && text.includes('"state":"assessing"')) {
              ac.abort();
              resolve(text);
            }
          }
        })
        .catch((err) => (err.name === 'AbortError' ? undefined : reject(err)));
      setTimeout(() => {
        ac.abort();
        reject(new Error(`no resumed change; got: ${text.slice(0, 500)}`));
      }, 10000);
    });
    expect(resumed).toContain('"state":"assessing"');
  });
});
