import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { HolidayCoverage } from '../../api/health/coverage';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { onDutyAt } from '../../config/roster';
import { TASK_QUEUE } from '../../config/paths';
import { useTimeSkippingWorker } from '../support/app-worker';
import { waitFor } from '../support/wait';

// The first API slice against a real (time-skipping) Temporal server and the app's worker.
Runtime.install({ logger: new DefaultLogger('WARN') });
let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
useTimeSkippingWorker(TASK_QUEUE, (ready) => {
  env = ready;
  app = createApp({ client: env.client, config: loadConfig(), logger: pino({ level: 'silent' }) });
});

async function login(username: string) {
  const res = await request(app).post('/api/auth/login').send({ username, password: 'demo123' }).expect(200);
  return `Bearer ${res.body.token}`;
}

const site = 'chengshi-garden';
function openAlarm(auth: string, key?: string) {
  const req = request(app).post('/api/cases').set('Authorization', auth);
  if (key) req.set('Idempotency-Key', key);
  return req.send({ procedure: 'perimeter-alarm', site, data: { zone: 'north-wall-3' } });
}

describe('API: sign-in', () => {
  it('refuses a wrong password with a problem document and no token', async () => {
    const res = await request(app)
      .post('/api/auth/login')
      .send({ username: 'patrol_guard', password: 'nope' })
      .expect(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, detail: '用户名或密码错误' });
    const en = await request(app)
      .post('/api/auth/login')
      .set('Accept-Language', 'en')
      .send({ username: 'patrol_guard', password: 'nope' });
    expect(en.body.detail).toBe('wrong username or password');
    expect(res.body.token).toBeUndefined();
  });

  it('requires a token on case routes', async () => {
    const res = await request(app).get('/api/cases/perimeter-alarm-chengshi-garden-x').expect(401);
    expect(res.body.title).toBe('未登录或登录已失效');
  });

  it('answers in English when asked', async () => {
    const res = await request(app).get('/api/cases/x').set('Accept-Language', 'en').expect(401);
    expect(res.body.title).toBe('Not signed in');
  });
});

describe('API: cases', () => {
  it('opens a case with a readable number and shows what each role may do next', async () => {
    const monitor = await login('monitor_guard');
    const res = await openAlarm(monitor).expect(201);
    expect(res.body).toMatchObject({
      procedure: 'perimeter-alarm',
      site,
      status: 'open',
      state: 'responding.awaitingDispatch',
    });
    expect(res.body.number).toMatch(/^ZJ-\d{8}-\d{4}$/);
    expect(res.body.caseId).toMatch(/^perimeter-alarm-chengshi-garden-[0-9A-Z]{26}$/);
    expect(res.body.allowedEventsForMe).toEqual(expect.arrayContaining(['patrol_dispatched', 'cameras_tracked']));
    expect(res.body.timers.map((t: { id: string }) => t.id)).toEqual(['dispatch', 'patrol_arrival']);
    const again = await request(app).get(`/api/cases/${res.body.caseId}`).set('Authorization', monitor).expect(200);
    expect(again.body.number).toBe(res.body.number);
  });

  it('numbers cases of a site and day one after another', async () => {
    const monitor = await login('monitor_guard');
    const a = (await openAlarm(monitor).expect(201)).body.number as string;
    const b = (await openAlarm(monitor).expect(201)).body.number as string;
    expect(Number(b.slice(-4))).toBe(Number(a.slice(-4)) + 1);
  });

  it('gives back the same case for the same Idempotency-Key', async () => {
    const monitor = await login('monitor_guard');
    const first = await openAlarm(monitor, 'panel-evt-42').expect(201);
    const second = await openAlarm(monitor, 'panel-evt-42').expect(200);
    expect(second.body.caseId).toBe(first.body.caseId);
    expect(second.body.number).toBe(first.body.number);
  });

  it('applies a step once when it is sent twice with the same Idempotency-Key', async () => {
    const monitor = await login('monitor_guard');
    const patrol = await login('patrol_guard');
    const { caseId } = (await openAlarm(monitor).expect(201)).body;
    for (let i = 0; i < 2; i++) {
      const res = await request(app)
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', patrol)
        .set('Idempotency-Key', 'arrive-1')
        .send({ type: 'patrol_arrived', data: {} })
        .expect(200);
      expect(res.body.state).toBe('assessing');
    }
    const view = await request(app).get(`/api/cases/${caseId}`).set('Authorization', patrol).expect(200);
    expect(view.body.history.map((h: { type: string }) => h.type)).toEqual(['patrol_arrived']);
    expect(view.body.history[0]).toMatchObject({ role: 'patrol_guard', actor: { id: 'patrol_guard' } });
  });

  it('answers 409 with the state and allowed events for a step not allowed now', async () => {
    const monitor = await login('monitor_guard');
    const gate = await login('gate_guard');
    const { caseId } = (await openAlarm(monitor).expect(201)).body;
    const res = await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', gate)
      .send({ type: 'police_arrived', data: {} })
      .expect(409);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ state: 'responding.awaitingDispatch' });
    expect(res.body.allowed).toEqual(expect.arrayContaining(['patrol_dispatched', 'patrol_arrived']));
    // A human message in the procedure's own words, Chinese by default, English on request.
    expect(res.body.detail).toContain('当前状态「待派巡逻岗」不允许「警方到场」');
    const en = await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', gate)
      .set('Accept-Language', 'en')
      .send({ type: 'police_arrived', data: {} })
      .expect(409);
    expect(en.body.detail).toContain('"Police on scene" is not allowed in state "Patrol to be dispatched"');
  });

  it('answers 422 with zod issues by path for bad data, and changes nothing', async () => {
    const monitor = await login('monitor_guard');
    const { caseId } = (await openAlarm(monitor).expect(201)).body;
    const res = await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', monitor)
      .send({ type: 'patrol_dispatched', data: { patrol: [], squadLeaderInformed: false } })
      .expect(422);
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['patrol', 'squadLeaderInformed']);
    const view = await request(app).get(`/api/cases/${caseId}`).set('Authorization', monitor).expect(200);
    expect(view.body.history).toEqual([]);
  });

  it('answers 403 when none of my roles may send the step', async () => {
    const monitor = await login('monitor_guard');
    const cs = await login('cs_agent');
    const { caseId } = (await openAlarm(monitor).expect(201)).body;
    const res = await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', cs)
      .send({ type: 'patrol_arrived' })
      .expect(403);
    expect(res.body.roles).toEqual(['patrol_guard', 'squad_leader']);
  });

  it('answers 403 when my role may not open the procedure, and 422 for bad intake data', async () => {
    const cs = await login('cs_agent');
    await request(app)
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ procedure: 'perimeter-alarm', site, data: { zone: 'x' } })
      .expect(403);
    const monitor = await login('monitor_guard');
    const bad = await request(app)
      .post('/api/cases')
      .set('Authorization', monitor)
      .send({ procedure: 'perimeter-alarm', site, data: {} })
      .expect(422);
    expect(bad.body.issues[0].path).toBe('data.zone');
  });

  it('answers 404 for an unknown case, 400 for malformed JSON, never a stack trace', async () => {
    const monitor = await login('monitor_guard');
    const missing = await request(app)
      .get(`/api/cases/perimeter-alarm-${site}-01JABCDEFGHJKMNPQRSTVWXYZ0`)
      .set('Authorization', monitor)
      .expect(404);
    expect(missing.type).toBe('application/problem+json');
    const malformed = await request(app)
      .post('/api/cases')
      .set('Authorization', monitor)
      .set('Content-Type', 'application/json')
      .send('{"procedure":')
      .expect(400);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.ts/);
  });

  it('refuses an oversized body with 413 before it reaches Temporal', async () => {
    const monitor = await login('monitor_guard');
    const huge = { procedure: 'perimeter-alarm', site, data: { zone: 'x', description: 'x'.repeat(300_000) } };
    const res = await request(app).post('/api/cases').set('Authorization', monitor).send(huge).expect(413);
    expect(res.type).toBe('application/problem+json');
  });

  it('reports health including Temporal and the holiday-data check', async () => {
    // The shipped data (chinese-days) ends on a year's last day: the check names the first date after it.
    const check = new HolidayCoverage(loadConfig()).check();
    const res = await request(app).get('/api/healthz').expect(200);
    expect(res.body).toEqual({ status: check.status, temporal: 'ok', checks: { holidays: check } });
    if (check.status === 'degraded') expect(check.firstUncoveredDate).toMatch(/^\d{4}-01-01$/);
  });
});

describe('API: escalations, limits and outages', () => {
  it('lets the escalated role acknowledge a rung once, and no one else', async () => {
    const monitor = await login('monitor_guard');
    const squad = await login('squad_leader');
    const { caseId } = (await openAlarm(monitor).expect(201)).body;
    await env.sleep(61_000); // the 1-minute dispatch deadline passes: rung 1 goes to the squad leader
    // The rung's workflow task and its in-app notice run in their own time (later on a loaded machine): wait for them.
    const view = await waitFor(
      async () => {
        const res = await request(app).get(`/api/cases/${caseId}`).set('Authorization', squad).expect(200);
        return res.body.escalations[0]?.notifiedVia?.includes('in_app') && res;
      },
      { timeoutMs: 60_000, what: 'rung 1 delivered in-app' },
    );
    expect(view.body.escalations).toEqual([expect.objectContaining({ n: 1, timer: 'dispatch', to: 'squad_leader' })]);
    // What was reported and by whom is part of the case.
    expect(view.body.intake).toEqual({
      data: { zone: 'north-wall-3', source: 'manual' },
      openedBy: { id: 'monitor_guard', name: '监控岗 赵强', role: 'monitor_guard' },
    });
    // Why it escalated, in words: the rule, when it was due, who was told through what, acknowledged or not.
    expect(view.body.escalations[0].why).toMatch(
      /^「派岗时限」规定 1分钟，自 2\d{3}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 起计，.+ 到期。.+（已超时 .+），第 1 级升级通知保安班长，渠道：站内通知.*尚未确认。$/,
    );
    await request(app).post(`/api/cases/${caseId}/escalations/1/ack`).set('Authorization', monitor).expect(403);
    const acked = await request(app)
      .post(`/api/cases/${caseId}/escalations/1/ack`)
      .set('Authorization', squad)
      .expect(200);
    expect(acked.body.escalations[0]).toMatchObject({
      ackedBy: 'squad_leader',
      ackedByName: '保安班长 郑军',
      ackedAt: expect.any(String),
    });
    expect(acked.body.escalations[0].why).toMatch(/已由保安班长 郑军于 .+ 确认。$/);
    const en = await request(app).get(`/api/cases/${caseId}`).set('Authorization', squad).set('Accept-Language', 'en');
    expect(en.body.escalations[0].why).toMatch(
      /^"Dispatch deadline" allows 1 min, counted from .+; it was due .+ rung 1 told the squad leader via in-app.* Acknowledged by 保安班长 郑军 at .+\.$/,
    );
    await request(app).post(`/api/cases/${caseId}/escalations/1/ack`).set('Authorization', squad).expect(409);
    await request(app).post(`/api/cases/${caseId}/escalations/9/ack`).set('Authorization', squad).expect(404);
  });

  it('sends a rung to the person on duty under the site’s roster, recorded on the case; no roster elsewhere', async () => {
    const monitor = await login('monitor_guard');
    const garden = (await openAlarm(monitor).expect(201)).body.caseId as string;
    const mall = (
      await request(app)
        .post('/api/cases')
        .set('Authorization', monitor)
        .send({ procedure: 'perimeter-alarm', site: 'xinghe-mall', data: { zone: 'north-wall-3' } })
        .expect(201)
    ).body.caseId as string;
    await env.sleep(61_000); // both dispatch deadlines pass: rung 1 to the squad leader
    const rungOf = (caseId: string) =>
      waitFor(
        async () => {
          const res = await request(app).get(`/api/cases/${caseId}`).set('Authorization', monitor).expect(200);
          const rung = res.body.escalations[0];
          return rung?.notifiedVia?.includes('in_app') && rung;
        },
        { timeoutMs: 60_000, what: `rung 1 of ${caseId} delivered in-app` },
      );
    // 城市花园's demo roster (config/rosters/chengshi-garden.yaml): 郑军 by day, his deputy 赵磊 at night.
    const rung = await rungOf(garden);
    const expected = onDutyAt(loadConfig().rosters!.get(site)!, 'squad_leader', Date.parse(rung.at));
    expect(expected.by === 'on_duty' || expected.by === 'deputy').toBe(true);
    expect(rung.roster).toMatchObject({ by: expected.by, user: (expected as { user: string }).user });
    expect(rung.roster.name).toMatch(/郑军|赵磊/);
    // The why in words names them too.
    expect(rung.why).toMatch(
      /第 1 级升级通知保安班长，渠道：[^（]+（(值班：保安班长 郑军|无人值班，已通知代班 副班长 赵磊)）/,
    );
    const other = await rungOf(mall);
    expect(other.roster).toEqual({ by: 'no_roster' });
    expect(other.why).not.toMatch(/值班/);
  });

  it('rate-limits sign-in attempts with 429, per address and user name', async () => {
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) {
      last = (
        await request(app)
          .post('/api/auth/login')
          .set('X-Forwarded-For', '10.9.9.9')
          .send({ username: 'x', password: 'y' })
      ).status;
    }
    expect(last).toBe(429);
    // Counted per address and name: a colleague behind the same address still signs in (a shift starting together).
    await request(app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.9.9.9')
      .send({ username: 'patrol_guard', password: 'demo123' })
      .expect(200);
  });

  it('answers 503 when Temporal cannot be reached, for health and for cases', async () => {
    const { Client, Connection } = await import('@temporalio/client');
    const down = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1s' }) });
    const offline = createApp({ client: down, config: loadConfig(), logger: pino({ level: 'silent' }) });
    await request(offline).get('/api/healthz').expect(503);
    const token = (
      await request(offline)
        .post('/api/auth/login')
        .send({ username: 'monitor_guard', password: 'demo123' })
        .expect(200)
    ).body.token;
    const res = await request(offline)
      .get(`/api/cases/perimeter-alarm-${site}-01JABCDEFGHJKMNPQRSTVWXYZ0`)
      .set('Authorization', `Bearer ${token}`)
      .expect(503);
    expect(res.type).toBe('application/problem+json');
  });
});
