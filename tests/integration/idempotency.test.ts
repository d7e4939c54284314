import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { fingerprintOf, START_REQUEST_MEMO } from '../../api/cases/idempotency';
import { signatureOf } from '../../api/hooks/router';
import { TASK_QUEUE } from '../../config/paths';
import { casePolicyFor } from '../../workflows/engine/policy';
import type { RunProcedureInput } from '../../workflows/engine/run-procedure';
import { getProcedure } from '../../workflows/procedures';
import { useTimeSkippingWorker } from '../support/app-worker';
import { waitFor } from '../support/wait';

/**
 * Idempotency keys and outside events through the real API, against the time-skipping Temporal test server and the
 * app's worker: a key names one request of one user, across continue-as-new and worker restarts, on every route that
 * takes the header; a case id (from a key or a panel's event id) starts one case, ever. The worker caches no
 * workflow, so every task replays its case from history, as the first task after a worker restart does: nothing
 * here may depend on a worker's memory.
 */
Runtime.install({ logger: new DefaultLogger('WARN') });
let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
const config = loadConfig();
useTimeSkippingWorker(
  TASK_QUEUE,
  (ready) => {
    env = ready;
    app = createApp({ client: env.client, config, logger: pino({ level: 'silent' }) });
  },
  { maxCachedWorkflows: 0 },
);

const site = 'chengshi-garden';
const tokens = new Map<string, string>();
beforeAll(async () => {
  for (const username of ['monitor_guard', 'patrol_guard', 'squad_leader']) {
    const res = await request(app).post('/api/auth/login').send({ username, password: 'demo123' }).expect(200);
    tokens.set(username, `Bearer ${res.body.token}`);
  }
});
const auth = (username: string) => tokens.get(username)!;

function openAlarm(key?: string, zone = 'north-wall-3') {
  const req = request(app).post('/api/cases').set('Authorization', auth('monitor_guard'));
  if (key) req.set('Idempotency-Key', key);
  return req.send({ procedure: 'perimeter-alarm', site, data: { zone } });
}

function send(caseId: string, user: string, type: string, data: Record<string, unknown>, key?: string) {
  const req = request(app).post(`/api/cases/${caseId}/events`).set('Authorization', auth(user));
  if (key) req.set('Idempotency-Key', key);
  return req.send({ type, data });
}

async function caseOf(caseId: string) {
  return (await request(app).get(`/api/cases/${caseId}`).set('Authorization', auth('monitor_guard')).expect(200))
    .body as {
    state: string;
    status: string;
    context: Record<string, unknown>;
    history: Array<{ type: string; data: Record<string, unknown>; actor: { id: string } }>;
    escalations: Array<{ n: number; ackedBy?: string }>;
  };
}

const describeCase = (caseId: string) => env.client.workflow.getHandle(caseId).describe();

function expectKeyReused(res: request.Response) {
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.type).toBe('urn:problem:idempotency-key-reused');
}

describe('an Idempotency-Key on POST /cases/:id/events names one request', () => {
  it('answers a repeat with the first answer; refuses the key with other data or event with 422, changing nothing', async () => {
    const { caseId } = (await openAlarm().expect(201)).body;
    const first = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: false }, 'cam-1').expect(200);
    const again = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: false }, 'cam-1').expect(200);
    expect(again.body).toEqual(first.body);

    const otherData = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: true }, 'cam-1');
    expectKeyReused(otherData);
    expect(otherData.body.detail).toContain('Idempotency-Key 已用于另一个不同的请求');
    const otherType = await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', auth('monitor_guard'))
      .set('Idempotency-Key', 'cam-1')
      .set('Accept-Language', 'en')
      .send({ type: 'patrol_dispatched', data: { patrol: ['孙伟'], squadLeaderInformed: true } });
    expectKeyReused(otherType);
    expect(otherType.body.detail).toContain('This Idempotency-Key was already used for a different request');

    const after = await caseOf(caseId);
    expect(after.state).toBe('responding.awaitingDispatch');
    expect(after.context.climbingSeen).toBe(false);
    expect(after.history.map((h) => [h.type, h.data])).toEqual([['cameras_tracked', { climbingSeen: false }]]);
  });

  it('keeps keys per user: the same key from another user is that user’s own request, never the other’s answer', async () => {
    const { caseId } = (await openAlarm().expect(201)).body;
    const monitors = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: true }, 'k-1').expect(200);
    expect(monitors.body.history).toHaveLength(1);
    const patrols = await send(caseId, 'patrol_guard', 'patrol_arrived', {}, 'k-1').expect(200);
    expect(patrols.body.state).toBe('assessing');
    expect(patrols.body.history.map((h: { type: string }) => h.type)).toEqual(['cameras_tracked', 'patrol_arrived']);
    // Each user's repeat gets that user's own first answer.
    const patrolsAgain = await send(caseId, 'patrol_guard', 'patrol_arrived', {}, 'k-1').expect(200);
    expect(patrolsAgain.body).toEqual(patrols.body);
    expect((await caseOf(caseId)).history.map((h) => [h.type, h.actor.id])).toEqual([
      ['cameras_tracked', 'monitor_guard'],
      ['patrol_arrived', 'patrol_guard'],
    ]);
  });

  it('applies a step once when it is repeated after the case continued as new', async () => {
    // Started as the API starts cases, but with a low history limit so that it continues as new within the test.
    const def = getProcedure('perimeter-alarm');
    // The case id and start fingerprint POST /cases gives monitor_guard's key `can-open-1`, so the retried start
    // below is checked against this case after it continued as new.
    const openKey = `can-open-${Date.now().toString(36)}`;
    const caseId = `perimeter-alarm-${site}-k${createHash('sha256').update(`monitor_guard\n${openKey}`).digest('hex').slice(0, 25)}`;
    const input: RunProcedureInput = {
      procedure: def.id,
      version: def.version,
      caseId,
      number: 'ZJ-20261201-9001',
      site,
      drill: false,
      policy: casePolicyFor(def, config.sites.get(site)!),
      data: { zone: 'east-gate' },
      startedBy: { id: 'monitor_guard', name: 'monitor_guard', role: 'monitor_guard' },
      maxHistoryEvents: 40,
    };
    await env.client.workflow.start('runProcedure', {
      workflowId: caseId,
      taskQueue: TASK_QUEUE,
      args: [input],
      memo: {
        [START_REQUEST_MEMO]: fingerprintOf({
          procedure: def.id,
          site,
          data: input.data,
          drill: false,
          role: 'monitor_guard',
        }),
      },
    });
    const firstRun = (await describeCase(caseId)).runId;

    await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: true }, 'cam-1').expect(200);
    // Other steps (without a key) until the history passes the limit; then no more until the case has continued as
    // new (a step arriving while the run completes would make that completion wait for it).
    let steps = 1;
    while ((await describeCase(caseId)).historyLength <= input.maxHistoryEvents!) {
      if (steps > 30) throw new Error(`case ${caseId} passed no ${input.maxHistoryEvents} events after ${steps} steps`);
      await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: steps % 2 === 1 }).expect(200);
      steps++;
    }
    await waitFor(
      async () => {
        const now = await describeCase(caseId);
        return now.runId !== firstRun && now.status.name === 'RUNNING';
      },
      { what: 'the next run', timeoutMs: 30_000 },
    );

    const repeat = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: true }, 'cam-1').expect(200);
    expect(repeat.body.history).toHaveLength(steps);
    expectKeyReused(await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: false }, 'cam-1'));
    const after = await caseOf(caseId);
    expect(after.history).toHaveLength(steps);
    expect(after.history.filter((h) => h.data.climbingSeen === true).length).toBe(Math.ceil((steps - 1) / 2) + 1);
    // The start request's fingerprint goes with the case, so a retried POST /cases is still checked against it.
    expectKeyReused(await openAlarm(openKey, 'north-wall-3'));
    expect((await openAlarm(openKey, 'east-gate').expect(200)).body.caseId).toBe(caseId);
    // RECORD_HISTORIES=1 writes both runs for the replay test: keys applied, carried over and repeated.
    if (process.env.RECORD_HISTORIES === '1') {
      for (const [name, runId] of [
        ['perimeter-idempotency-keys-run1', firstRun],
        ['perimeter-idempotency-keys-run2', (await describeCase(caseId)).runId],
      ] as const) {
        const history = await env.client.workflow.getHandle(caseId, runId).fetchHistory();
        writeFileSync(path.join(__dirname, '..', 'histories', `${name}.json`), historyToJSON(history));
      }
    }
  });

  it('keeps the key when a worker replays the case from its history, as after a restart', async () => {
    const { caseId } = (await openAlarm().expect(201)).body;
    const first = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: false }, 'r-1').expect(200);
    // A step without a key in between: the next task replays both from history on a worker that has no cache.
    await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: true }).expect(200);
    const again = await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: false }, 'r-1').expect(200);
    expect(again.body).toEqual(first.body);
    expectKeyReused(await send(caseId, 'monitor_guard', 'cameras_tracked', { climbingSeen: true }, 'r-1'));
    const after = await caseOf(caseId);
    expect(after.history.map((h) => h.data)).toEqual([{ climbingSeen: false }, { climbingSeen: true }]);
  });
});

describe('an Idempotency-Key on POST /cases/:id/escalations/:n/ack names one request', () => {
  it('answers a repeated acknowledgement, and refuses the key for a step with 422', async () => {
    const { caseId } = (await openAlarm().expect(201)).body;
    // No dispatch within a minute: escalation 1 goes to the squad leader.
    await env.sleep(61_000);
    // The rung's workflow task may still be under way (later on a loaded machine): wait for it.
    const escalated = await waitFor(async () => (await caseOf(caseId)).escalations.length > 0 && caseOf(caseId), {
      timeoutMs: 60_000,
      what: 'the dispatch escalation',
    });
    expect(escalated.escalations.map((e) => e.n)).toEqual([1]);
    const squad = auth('squad_leader');
    const ack = () =>
      request(app)
        .post(`/api/cases/${caseId}/escalations/1/ack`)
        .set('Authorization', squad)
        .set('Idempotency-Key', 'a-1');
    const first = await ack().expect(200);
    expect(first.body.escalations[0].ackedBy).toBe('squad_leader');
    expect((await ack().expect(200)).body).toEqual(first.body);
    const step = await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', squad)
      .set('Idempotency-Key', 'a-1')
      .send({ type: 'patrol_arrived', data: {} });
    expectKeyReused(step);
    const after = await caseOf(caseId);
    expect(after.history).toEqual([]);
    expect(after.state).toBe('responding.awaitingDispatch');
  });
});

describe('an Idempotency-Key on POST /cases names one request, and a case starts once', () => {
  it('refuses the same key with a different body with 422, and opens nothing', async () => {
    const first = await openAlarm('open-1', 'north-wall-3').expect(201);
    const other = await openAlarm('open-1', 'east-gate');
    expectKeyReused(other);
    expect(other.body.detail).toContain('Idempotency-Key 已用于另一个不同的请求');
    const same = await openAlarm('open-1', 'north-wall-3').expect(200);
    expect(same.body.caseId).toBe(first.body.caseId);
    expect((await caseOf(first.body.caseId)).context.zone).toBe('north-wall-3');
  });

  it('answers a retried start whose case has closed with that closed case, and never opens it again', async () => {
    const opened = await openAlarm('open-closed-1').expect(201);
    const caseId = opened.body.caseId as string;
    await send(caseId, 'patrol_guard', 'patrol_arrived', {}).expect(200);
    const verdict = { verdict: 'false_alarm', cause: 'weather_or_animal', panelReset: true };
    expect((await send(caseId, 'patrol_guard', 'verdict_given', verdict).expect(200)).body.status).toBe('closed');
    await waitFor(async () => (await describeCase(caseId)).status.name === 'COMPLETED', {
      what: 'the case to close',
      timeoutMs: 30_000,
    });
    const closedRun = (await describeCase(caseId)).runId;

    const retried = await openAlarm('open-closed-1').expect(200);
    expect(retried.body).toMatchObject({ caseId, status: 'closed', state: 'closedFalseAlarm' });
    const now = await describeCase(caseId);
    expect([now.runId, now.status.name]).toEqual([closedRun, 'COMPLETED']);
  });
});

describe('the alarm panel starts one case per event, ever', () => {
  const secret = 'demo-panel-secret-change-me';
  const post = (raw: string) =>
    request(app)
      .post('/api/hooks/alarm-panel')
      .set('Content-Type', 'application/json')
      .set('X-Panel-Id', 'chengshi-panel-1')
      .set('X-Signature', signatureOf(secret, raw))
      .send(raw);

  it('answers a resend of the same signed alarm after its case closed with 200 created:false; nothing reopens', async () => {
    const raw = JSON.stringify({ eventId: `evt-${Date.now()}`, zone: '1', sentAt: new Date().toISOString() });
    const first = await post(raw).expect(201);
    expect(first.body.created).toBe(true);
    const caseId = first.body.caseId as string;
    await send(caseId, 'patrol_guard', 'patrol_arrived', {}).expect(200);
    const verdict = { verdict: 'false_alarm', cause: 'weather_or_animal', panelReset: true };
    await send(caseId, 'patrol_guard', 'verdict_given', verdict).expect(200);
    await waitFor(async () => (await describeCase(caseId)).status.name === 'COMPLETED', {
      what: 'the case to close',
      timeoutMs: 30_000,
    });
    const closedRun = (await describeCase(caseId)).runId;

    // The panel re-sends the identical signed bytes (well within the 5 minutes sentAt allows).
    const resent = await post(raw).expect(200);
    expect(resent.body).toEqual({ caseId, number: first.body.number, created: false });
    const now = await describeCase(caseId);
    expect([now.runId, now.status.name]).toEqual([closedRun, 'COMPLETED']);
    const view = await caseOf(caseId);
    expect(view).toMatchObject({ status: 'closed', state: 'closedFalseAlarm', escalations: [] });

    // The same event id with a different zone is not the same alarm: refused, nothing opened.
    const changed = JSON.stringify({ ...JSON.parse(raw), zone: '2' });
    expectKeyReused(await post(changed));
    expect((await describeCase(caseId)).runId).toBe(closedRun);
  });
});
