import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { workerMetrics } from '../../activities';
import { createApp } from '../../api/app';
import { TASK_QUEUE } from '../../config/paths';
import { metricsRoute, startWorkerHealth, type WorkerHealthServer } from '../../worker/health';
import { useDevServer } from '../support/dev-server-fixture';
import { bearerOf, openAlarmOn } from '../support/http-api';
import { shortDeadlineConfig } from '../support/short-deadlines';
import { freePort, repoRoot } from '../support/process';
import { waitFor } from '../support/wait';
import { installRuntime } from '../../worker/runtime';

// Issue 22, metrics: after a case is stepped and escalated, the API's /api/metrics and the worker's /metrics answer
// with the named series, non-zero. A real dev server (visibility counts the open cases) and the demo's short-deadline
// policy with a 2-second dispatch deadline, so the rung fires while the test polls for it. The worker's runtime is
// installed as worker/main.ts does, with TEMPORAL_METRICS_ADDRESS: the SDK's own Prometheus metrics beside the app's.
let sdkMetrics: string;
beforeAll(async () => {
  sdkMetrics = `127.0.0.1:${await freePort()}`;
  installRuntime({ logger: pino({ level: 'silent' }), metricsAddress: sdkMetrics });
});
const fixture = useDevServer({ inProcessWorker: TASK_QUEUE });
let app: ReturnType<typeof createApp>;
let health: WorkerHealthServer;
const METRICS_TOKEN = 'scrape-secret';

beforeAll(async () => {
  const config = shortDeadlineConfig((yaml) => yaml.replace('dispatch: PT30S', 'dispatch: PT2S'));
  app = createApp({
    client: fixture.client,
    config,
    logger: pino({ level: 'silent' }),
    records: undefined,
    metricsToken: METRICS_TOKEN,
  });
  health = await startWorkerHealth({
    port: 0,
    worker: fixture.worker!,
    connection: fixture.native!,
    routes: { '/metrics': metricsRoute(workerMetrics.registry) },
  });
});
afterAll(async () => {
  await health?.close();
});

const login = (username: string) => bearerOf(app, username);

/** The value of the sample `series` (name with its labels, as exposed) in a Prometheus text body; undefined if absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

it('counts steps, open cases, HTTP latency by route, escalations and deliveries, beside the SDK’s own series', async () => {
  const monitor = await login('monitor_guard');
  const caseId = await openAlarmOn(app, monitor);
  // Refused (not allowed in this state), then applied.
  await request(app)
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', await login('gate_guard'))
    .send({ type: 'police_arrived', data: {} })
    .expect(409);
  const patrol = await login('patrol_guard');
  // The 2-second dispatch deadline passes before anyone dispatches: rung 1 goes to the squad leader.
  await waitFor(
    async () => {
      const res = await request(app).get(`/api/cases/${caseId}`).set('Authorization', patrol).expect(200);
      return res.body.escalations[0]?.notifiedVia?.includes('in_app');
    },
    { timeoutMs: 60_000, what: 'rung 1 delivered in-app' },
  );
  await request(app)
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', patrol)
    .send({ type: 'patrol_arrived', data: {} })
    .expect(200);

  await request(app).get('/api/metrics').expect(401);
  await request(app).get('/api/metrics').set('Authorization', 'Bearer wrong').expect(401);
  const api = await waitFor(
    async () => {
      const res = await request(app).get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      // Visibility shows a new case a moment later.
      return sample(res.text, 'procwf_open_cases{procedure="perimeter-alarm"}') === 1 && res;
    },
    { timeoutMs: 30_000, what: 'the open case counted' },
  );
  expect(api.type).toBe('text/plain');
  expect(sample(api.text, 'procwf_steps_total{procedure="perimeter-alarm",result="applied"}')).toBe(1);
  expect(sample(api.text, 'procwf_steps_total{procedure="perimeter-alarm",result="refused"}')).toBe(1);
  expect(sample(api.text, 'procwf_open_cases{procedure="complaint"}')).toBe(0);
  const stepLatency = 'procwf_http_request_duration_seconds_count{method="POST",route="/api/cases/:id/events"';
  expect(sample(api.text, `${stepLatency},status="200"}`)).toBe(1);
  expect(sample(api.text, `${stepLatency},status="409"}`)).toBe(1);
  expect(api.text).not.toContain(caseId); // route patterns, never raw URLs

  const worker = await fetch(`http://127.0.0.1:${health.port}/metrics`);
  expect(worker.status).toBe(200);
  const text = await worker.text();
  expect(sample(text, 'procwf_escalations_total{procedure="perimeter-alarm",timer="dispatch",level="1"}')).toBe(1);
  expect(sample(text, 'procwf_escalation_lateness_seconds_count{procedure="perimeter-alarm",timer="dispatch"}')).toBe(
    1,
  );
  expect(sample(text, 'procwf_deliveries_total{channel="in_app",result="delivered"}')).toBeGreaterThanOrEqual(1);
  // The rung also asks for e-mail; with no SMTP configured here the channel skips itself, and is counted so.
  expect(sample(text, 'procwf_deliveries_total{channel="email",result="skipped"}')).toBeGreaterThanOrEqual(1);

  // The SDK's own series (worker/runtime.ts), in seconds and with _total counters, for this worker's task queue.
  const sdk = await (await fetch(`http://${sdkMetrics}/metrics`)).text();
  const queue = `task_queue="${TASK_QUEUE}"`;
  const sdkSeries = sdk.split('\n').filter((l) => l.startsWith('temporal_') && l.includes(queue));
  expect(sdkSeries.some((l) => /^temporal_workflow_task_execution_latency_seconds_bucket\{/.test(l))).toBe(true);
  expect(sdkSeries.some((l) => /^temporal_activity_execution_latency_seconds_bucket\{/.test(l))).toBe(true);
  expect(sdkSeries.some((l) => /^temporal_worker_task_slots_available\{/.test(l))).toBe(true);

  // docs/grafana-dashboard.json queries series these endpoints expose (the SDK's failure counters appear only once
  // something has failed, so they are not looked for here).
  const dashboard = readFileSync(path.join(repoRoot, 'docs', 'grafana-dashboard.json'), 'utf8');
  const queried = [...new Set(dashboard.match(/\b(procwf|temporal)_[a-z_]+/g))];
  expect(queried.length).toBeGreaterThan(5);
  const exposed = `${api.text}\n${text}\n${sdk}`;
  const missing = queried.filter((n) => !/fail/.test(n) && !new RegExp(`^${n}[{ ]`, 'm').test(exposed));
  expect(missing).toEqual([]);
}, 120_000);
