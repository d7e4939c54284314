import { waitFor } from '../support/wait';

// The production profile's end-to-end run: a Temporal server on PostgreSQL, two workers, two API processes.
// Only scripts/smoke-postgres.sh runs this file (it is outside the default jest run) and passes the API URLs.
const apis = (process.env.SMOKE_APIS ?? '').split(',').filter(Boolean);
if (apis.length < 2)
  throw new Error('run through scripts/smoke-postgres.sh (npm run smoke:postgres): SMOKE_APIS unset');
const site = 'xinghe-mall';
/** The home-decoration contractor, the demo site that runs the complaint (version 2, issue 19). */
const decor = 'jiayi-decoration';

interface Reply {
  status: number;
  body: Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTP call to API process `n` (0 or 1). */
async function call(
  n: number,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${apis[n % apis.length]}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'accept-language': 'en',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const tokens = new Map<string, string>();
/** A token from one API process, used on both: they share the signing key. */
async function as(user: string): Promise<string> {
  if (!tokens.has(user)) {
    const res = await call(tokens.size, 'POST', '/auth/login', undefined, { username: user, password: 'demo123' });
    expect(res.status).toBe(200);
    tokens.set(user, res.body.token);
  }
  return tokens.get(user)!;
}

let calls = 0;
/** A step through alternating API processes; expects 200 and returns the view. */
async function step(caseId: string, user: string, type: string, data: unknown = {}, key?: string) {
  const res = await call(
    calls++,
    'POST',
    `/cases/${caseId}/events`,
    await as(user),
    { type, data },
    {
      ...(key ? { 'idempotency-key': key } : {}),
    },
  );
  if (res.status !== 200) throw new Error(`${type} by ${user}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Waits until the case's escalations include `timer` (fired by the server's timer, not by us), and returns it. */
async function escalationOf(caseId: string, timer: string, user: string) {
  const view = await waitFor(
    async () => {
      const res = await call(calls++, 'GET', `/cases/${caseId}`, await as(user));
      return (res.body.escalations as Array<{ timer: string }>).some((e) => e.timer === timer) && res.body;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `the ${timer} escalation of ${caseId}` },
  );
  const rung = (
    view.escalations as Array<{ timer: string; level: number; to: string; at: string; dueAt: string }>
  ).find((e) => e.timer === timer)!;
  const lateMs = Date.parse(rung.at) - Date.parse(rung.dueAt);
  console.log(`${caseId}: ${timer} escalated to ${rung.to} ${lateMs} ms after its due time`);
  expect(lateMs).toBeGreaterThanOrEqual(0);
  expect(lateMs).toBeLessThan(10_000);
  return rung;
}

/** Waits until the list (visibility on PostgreSQL) shows the case with `status`, through the other API. */
async function listed(caseId: string, number: string, status: string, user: string, at = site) {
  await waitFor(
    async () => {
      const res = await call(calls++, 'GET', `/cases?site=${at}&q=${number}&status=${status}`, await as(user));
      return (res.body.cases as Array<{ caseId: string }>).some((c) => c.caseId === caseId);
    },
    { timeoutMs: 30_000, intervalMs: 500, what: `${caseId} listed as ${status}` },
  );
}

describe('production profile: Temporal on PostgreSQL, two workers, two API processes', () => {
  it('answers health on both API processes', async () => {
    for (const n of [0, 1]) {
      const res = await call(n, 'GET', '/healthz');
      expect(res.status).toBe(200);
    }
  });

  it('perimeter alarm: the dispatch deadline escalates by itself; a false alarm closes the case', async () => {
    const opened = await call(0, 'POST', '/cases', await as('monitor_guard'), {
      procedure: 'perimeter-alarm',
      site,
      data: { zone: 'north-wall-3' },
    });
    expect(opened.status).toBe(201);
    const { caseId, number } = opened.body as { caseId: string; number: string };
    expect(number).toMatch(/^ZJ-\d{8}-\d{4}$/);
    await listed(caseId, number, 'open', 'squad_leader');

    const rung = await escalationOf(caseId, 'dispatch', 'monitor_guard');
    expect(rung).toMatchObject({ level: 1, to: 'squad_leader' });
    const inbox = await call(1, 'GET', '/inbox', await as('squad_leader'));
    expect((inbox.body.items as Array<{ caseId: string }>).map((i) => i.caseId)).toContain(caseId);

    await step(caseId, 'monitor_guard', 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true });
    // The same Idempotency-Key through both API processes: applied once.
    const first = await step(caseId, 'patrol_guard', 'patrol_arrived', {}, `arrive-${caseId}`);
    const again = await step(caseId, 'patrol_guard', 'patrol_arrived', {}, `arrive-${caseId}`);
    expect(again.history).toEqual(first.history);
    expect((first.history as Array<{ type: string }>).filter((h) => h.type === 'patrol_arrived')).toHaveLength(1);

    const closed = await step(caseId, 'patrol_guard', 'verdict_given', {
      verdict: 'false_alarm',
      cause: 'weather_or_animal',
      panelReset: true,
    });
    expect(closed.status).toBe('closed');
    await listed(caseId, number, 'closed', 'monitor_guard');
  });

  it('complaint: the contact deadline escalates by itself; the case runs to closing with the customer’s acceptance', async () => {
    // Complaint v2 (the home-decoration contractor's, issue 19), at the contractor whose smoke policy has a 3-second
    // contact deadline (tests/postgres/site-policy.yaml replaces two sites' files).
    const opened = await call(1, 'POST', '/cases', await as('cs_agent'), {
      procedure: 'complaint',
      site: decor,
      data: {
        customer: { name: '张女士', phone: '13800138000' },
        channel: 'phone',
        location: '星河湾 3 栋 1201',
        category: 'workmanship',
        description: '卫生间漏水',
        request: '尽快维修',
        declinesFollowUp: true,
      },
    });
    expect(opened.status).toBe(201);
    const { caseId, number } = opened.body as { caseId: string; number: string };
    expect(number).toMatch(/^KS-\d{8}-\d{4}$/);

    await escalationOf(caseId, 'contact', 'cs_agent');
    await step(caseId, 'cs_agent', 'record_confirmed', { readBack: true });
    await step(caseId, 'dept_manager', 'customer_contacted', {
      method: 'phone',
      summary: '已致歉,安抚客户情绪',
      severity: 'normal',
      onSiteVisitNeeded: false,
    });
    await step(caseId, 'qc_inspector', 'rectification_issued', {
      noticeNo: 'ZG-0001',
      cause: 'workmanship_below_standard',
      redo: true,
      requiredActions: '重做卫生间防水',
      handedToCustomerService: true,
    });
    await step(caseId, 'qc_inspector', 'rectification_done', { workDone: '防水重做,闭水试验合格', doneBy: ['李师傅'] });
    await step(caseId, 'cs_agent', 'result_told', { outcome: '已修复', satisfaction: 'satisfied', accepted: true });
    const closed = await step(caseId, 'cs_agent', 'case_closed', { basis: 'customer_accepted' });
    expect(closed).toMatchObject({ status: 'closed', state: 'closedResolved' });
    await listed(caseId, number, 'closed', 'dept_manager', decor);
  });
});
