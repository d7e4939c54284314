/**
 * Longer than 300 lines on purpose: one script, `main`, that starts a dev server and workers, runs the benchmark's
 * stages in order and writes one report; its stages share the servers, clients and options set up at the start. The
 * parts that stand alone are already modules beside it (raw timers, staff load, escalation batch, stats, chart).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../worker/workflow-bundle';
import { loadConfig } from '../config/load';
import { quietLogger, useTempDataDir } from '../tests/support/app-worker';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres';
import { freePort } from '../tests/support/process';
import { renderChart } from './chart';
import {
  batchCasePrefix,
  escalationBatch,
  OutboxReader,
  RecordsNoticeReader,
  type EscalationBatchResult,
  type NoticeReader,
} from './escalation';
import { cpuByPart, cpuPerOperation, cpuSeconds, loadAverage, rssMb, startChild, type Child } from './processes';
import { viewQuery } from '../workflows/engine/messages';
import { bumpUpdate } from './raw-workflow';
import { rawTimerBatch } from './raw-timers';
import { staffLoad } from './staff-load';
import { measure, type LatencySummary } from './stats';
import { highestSteadyRate, steadyRate, type RateTrial } from './sustained';
import { startBenchTemporal } from './temporal-server';

// npm run bench: the app against raw Temporal on one dev server, in one run. Prints a table, writes JSON and a PNG.
// Sizes by env: BENCH_N (operations per latency measurement), BENCH_CONCURRENCY (in flight for step latency),
// BENCH_START_CONCURRENCY (in flight for start throughput), BENCH_SCALE (open-case batch sizes for escalation
// lateness, comma-separated), BENCH_SPREAD_S (spread of the "spread" batches), BENCH_STAFF (autocannon
// connections), BENCH_STAFF_S (its duration). `BENCH_QUICK=1` shrinks all of them for a smoke run.
const quick = process.env.BENCH_QUICK === '1';
const num = (name: string, normal: number, small: number) => Number(process.env[name] ?? (quick ? small : normal));
const N = num('BENCH_N', 200, 40);
const CONCURRENCY = num('BENCH_CONCURRENCY', 10, 10);
const START_CONCURRENCY = num('BENCH_START_CONCURRENCY', 50, 20);
const SCALE = (process.env.BENCH_SCALE ?? (quick ? '20,100' : '100,1000,10000')).split(',').map(Number);
const SPREAD_S = num('BENCH_SPREAD_S', 60, 10);
const STAFF = num('BENCH_STAFF', 50, 10);
const STAFF_S = num('BENCH_STAFF_S', 60, 10);
const RAW_QUEUE = 'bench-raw';
// Also time raw Temporal timers at each escalation size (the floor); BENCH_RAW_TIMERS=0 skips them.
const RAW_TIMERS = process.env.BENCH_RAW_TIMERS !== '0';
const TASK_QUEUE = 'bench-procedures';
const SITE = 'chengshi-garden';
// The worker runs a prebuilt workflow bundle (WORKFLOW_BUNDLE), as a production deployment should; 0 to bundle at start.
const PREBUNDLE = process.env.BENCH_PREBUNDLE !== '0';
// Worker memory settings (README, Performance): V8 heap limit per isolate and how many cases stay cached.
// The cache holds 500 cases (~0.3-0.45 MB each since the engine is shared): at 10,000 open cases the rest are replayed
// from their short histories when a timer fires or a step arrives. BENCH_WORKER_HEAP_MB unset: Node's default heap.
const WORKER_HEAP_MB = num('BENCH_WORKER_HEAP_MB', 0, 0);
const MAX_CACHED = num('WORKER_MAX_CACHED_WORKFLOWS', 500, 500);
// The Temporal server: `dev` (CLI dev server, SQLite) or `pg` (Temporal on PostgreSQL, the production profile; needs
// `bash scripts/setup-postgres-profile.sh` once, which builds the server).
const TEMPORAL = process.env.BENCH_TEMPORAL ?? 'dev';
// The app keeps records (issue 16) as in production: on with `pg` (a `records` database beside Temporal's), and with
// BENCH_RECORDS=1 on the dev server (a PostgreSQL of its own); BENCH_RECORDS=0 turns them off.
const RECORDS = (process.env.BENCH_RECORDS ?? (TEMPORAL === 'pg' ? '1' : '0')) === '1';
// Sustained rates (issue 23 point 3): each rate of the ladder held BENCH_SUSTAIN_S seconds (5 minutes in a full run);
// the highest with p99 < 1 s. BENCH_SUSTAIN_STEPS / BENCH_SUSTAIN_ESCALATIONS: the ladders (per second); 0 skips.
const SUSTAIN_S = num('BENCH_SUSTAIN_S', 300, 10);
const ladder = (name: string, normal: string, small: string) =>
  (process.env[name] ?? (quick ? small : normal))
    .split(',')
    .map(Number)
    .filter((x) => x > 0);
const SUSTAIN_STEPS = ladder('BENCH_SUSTAIN_STEPS', '5,10,20,40,80', '2,5');
const SUSTAIN_ESCALATIONS = ladder('BENCH_SUSTAIN_ESCALATIONS', '2,5,10,20,40', '2');
const P99_LIMIT_MS = 1000;
// Issue 23 point 4: how many worker processes the app runs (BENCH_WORKERS=2 shows what a second one changes here).
const WORKERS = num('BENCH_WORKERS', 1, 1);

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Terminates every running case whose workflow id starts with `prefix` (the escalation batches'); returns how many. */
async function endBatchCases(client: Client, prefix: string): Promise<number> {
  const ids: string[] = [];
  const query = `WorkflowType = 'runProcedure' AND ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH '${prefix}'`;
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await client.workflow
          .getHandle(id)
          .terminate('bench: batch measured')
          .catch(() => undefined);
      }
    }),
  );
  return ids.length;
}

async function main() {
  const dataDir = useTempDataDir();
  const loadAtStart = loadAverage();
  console.log(`load average at start: ${loadAtStart.join(' ')} (${os.cpus().length} cores)`);
  const server = await startBenchTemporal(TEMPORAL);
  console.log(`Temporal: ${server.describe} at ${server.address}`);
  let recordsPg: TestPostgres | undefined;
  let databaseUrl: string | undefined;
  if (RECORDS) {
    if (!server.databaseUrl) recordsPg = await startTestPostgres();
    databaseUrl = server.databaseUrl ?? recordsPg!.url;
  }
  const children: Child[] = [];
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const workerEnv: Record<string, string> = {
    ...env,
    TASK_QUEUE,
    WORKER_MAX_CACHED_WORKFLOWS: String(MAX_CACHED),
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ''} ${WORKER_HEAP_MB ? `--max-old-space-size=${WORKER_HEAP_MB}` : ''}`.trim(),
  };
  if (PREBUNDLE) {
    const bundle = await bundleWorkflowCode({ ...workflowBundleOptions, logger: quietLogger });
    workerEnv.WORKFLOW_BUNDLE = path.join(dataDir, 'workflow-bundle.js');
    writeFileSync(workerEnv.WORKFLOW_BUNDLE, bundle.code);
  }
  // The worker, the API and the raw baseline's worker each in their own process, as deployed: honest RSS figures.
  const [rawWorker, ...workers] = await Promise.all([
    startChild('raw-worker', 'bench/raw-worker.ts', { ...env, RAW_QUEUE }, /raw worker started/),
    ...Array.from({ length: WORKERS }, (_, i) =>
      startChild(i ? `worker${i + 1}` : 'worker', 'worker/main.ts', workerEnv, /"msg":"worker started"/),
    ),
  ]);
  children.push(rawWorker, ...workers);
  // The app's workers as one (RSS and CPU summed over its processes when BENCH_WORKERS > 1).
  const sum = (f: (pid: number) => number) => workers.reduce((total, w) => total + f(w.pid), 0);
  const workerRss = () => Math.round(sum(rssMb) * 10) / 10;
  const port = await freePort();
  const api = await startChild('api', 'api/server.ts', { ...env, TASK_QUEUE, PORT: String(port) }, /api listening/);
  children.push(api);
  const base = `http://127.0.0.1:${port}`;
  const connection = await Connection.connect({ address: server.address });
  const idle = { workerRssMb: workerRss(), apiRssMb: rssMb(api.pid) };
  const client = new Client({ connection });

  const loads: number[] = [];
  const rss = { worker: [] as number[], api: [] as number[] };
  const sampler = setInterval(() => {
    loads.push(loadAverage()[0]!);
    rss.worker.push(workerRss());
    rss.api.push(rssMb(api.pid));
  }, 5000);
  const memory = () => ({ workerRssMb: workerRss(), apiRssMb: rssMb(api.pid) });
  let notices: RecordsNoticeReader | undefined;

  try {
    const post = async (url: string, token: string, body: unknown) => {
      const res = await fetch(`${base}/api${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ caseId: string }>;
    };
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo123' }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    const monitor = await login('monitor_guard');
    const newCase = () => post('/cases', monitor, { procedure: 'perimeter-alarm', site: SITE, data: { zone: 'w' } });
    const step = (caseId: string) =>
      post(`/cases/${caseId}/events`, monitor, { type: 'cameras_tracked', data: { climbingSeen: false } });

    // Warm up both paths (bundles loaded, connections open, JIT warm).
    const warm = await Promise.all(Array.from({ length: 10 }, () => newCase()));
    await Promise.all(warm.map((w) => step(w.caseId)));
    const warmRaw = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.workflow.start('rawCounter', { workflowId: `raw-warm-${i}`, taskQueue: RAW_QUEUE }),
      ),
    );
    await Promise.all(warmRaw.map((h) => h.executeUpdate(bumpUpdate, { args: [{}] })));

    // (b) Case start: API vs raw workflow.start, at a concurrency that saturates.
    console.log(`start: ${N} each at ${START_CONCURRENCY} in flight`);
    const caseIds: string[] = [];
    const apiStart = await measure(N, START_CONCURRENCY, async () => caseIds.push((await newCase()).caseId));
    const rawIds: string[] = [];
    const rawStart = await measure(N, START_CONCURRENCY, async (i) => {
      const handle = await client.workflow.start('rawCounter', {
        workflowId: `raw-${Date.now()}-${i}`,
        taskQueue: RAW_QUEUE,
      });
      rawIds.push(handle.workflowId);
    });

    // The API answers a start before the worker has run the case's first task (and the notices it sends): let that
    // backlog clear, so the steps below are timed against a quiet worker as the raw Updates are. A query waits for
    // a case's pending task; then a pause for the notice activities.
    await Promise.all(
      caseIds.map((id) =>
        client.workflow
          .getHandle(id)
          .query(viewQuery)
          .catch(() => null),
      ),
    );
    await new Promise((r) => setTimeout(r, 5000));

    // (a) Step: API vs raw Update, latency at a moderate concurrency.
    console.log(`step: ${N} each at ${CONCURRENCY} in flight`);
    const cpu = () => ({ worker: sum(cpuSeconds), api: cpuSeconds(api.pid) });
    const cpuPer = (before: { worker: number; api: number }, operations: number) => {
      const after = cpu();
      const ms = (x: number) => Math.round((x * 1000 * 100) / operations) / 100;
      return { workerMs: ms(after.worker - before.worker), apiMs: ms(after.api - before.api) };
    };
    // CPU per operation of every part on the machine (Temporal server, PostgreSQL, worker, API, raw worker, this
    // driver), over each step run and 3 s after it (work a step leaves behind): where a step's cost goes (issue 23).
    const pids: Record<string, number> = { api: api.pid, rawWorker: rawWorker.pid, driver: process.pid };
    for (const w of workers) pids[w.name] = w.pid;
    const settled = async <T>(run: () => Promise<T>): Promise<{ result: T; cpuMs: Record<string, number> }> => {
      const before = cpuByPart(pids);
      const result = await run();
      await new Promise((r) => setTimeout(r, 3000));
      return { result, cpuMs: cpuPerOperation(before, cpuByPart(pids), N) };
    };
    const cpuBeforeSteps = cpu();
    const { result: apiStep, cpuMs: apiStepCpu } = await settled(() =>
      measure(N, CONCURRENCY, (i) => step(caseIds[i % caseIds.length]!)),
    );
    // CPU per step (ms), worker and API, over the step run: includes the records write and the notices after it.
    const stepCpu = cpuPer(cpuBeforeSteps, N);
    const { result: rawStep, cpuMs: rawStepCpu } = await settled(() =>
      measure(N, CONCURRENCY, (i) =>
        client.workflow.getHandle(rawIds[i % rawIds.length]!).executeUpdate(bumpUpdate, { args: [{}] }),
      ),
    );
    console.log(
      `  CPU ms per step by part: app ${JSON.stringify(apiStepCpu)}; raw Update ${JSON.stringify(rawStepCpu)}`,
    );
    // The floor for what a step asks of Temporal: the same Update, plus a local activity (the records write's marker).
    const rawCases = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.workflow.start('rawCase', { workflowId: `raw-case-${Date.now()}-${i}`, taskQueue: RAW_QUEUE }),
      ),
    );
    const rawCaseStep = await measure(N, CONCURRENCY, (i) =>
      rawCases[i % rawCases.length]!.executeUpdate(bumpUpdate, { args: [{}] }),
    );

    // History events one step adds, beside one raw Update (counts: the load does not change them; the pinned test
    // tests/records/temporal-cost.temporal.test.ts checks them per step and per escalation).
    // A workflow is idle when it has no activity and no workflow task pending, and its history stopped growing.
    const idleLength = async (id: string) => {
      const handle = client.workflow.getHandle(id);
      let last = -1;
      for (let i = 0; i < 600; i++) {
        const { raw } = await handle.describe();
        const length = Number(raw.workflowExecutionInfo?.historyLength ?? 0);
        if (!raw.pendingActivities?.length && !raw.pendingWorkflowTask && length === last) return length;
        last = length;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`${id} did not become idle`);
    };
    const eventsPer = async (ids: string[], act: (id: string) => Promise<unknown>) => {
      let added = 0;
      for (const id of ids) {
        const before = await idleLength(id);
        await act(id);
        added += (await idleLength(id)) - before;
      }
      return Math.round((added / ids.length) * 10) / 10;
    };
    const historyEvents = {
      step: await eventsPer(caseIds.slice(0, 5), step),
      rawUpdate: await eventsPer(rawIds.slice(0, 5), (id) =>
        client.workflow.getHandle(id).executeUpdate(bumpUpdate, { args: [{}] }),
      ),
    };
    console.log(`  history events: a step ${historyEvents.step}, a raw Update ${historyEvents.rawUpdate}`);

    // (e) Simulated staff: autocannon against the API, each request a valid step.
    console.log(`staff: ${STAFF} connections for ${STAFF_S} s`);
    const staff = await staffLoad({ base, token: monitor, caseIds, connections: STAFF, seconds: STAFF_S });
    // Figures so far, in case the long escalation phases are cut short.
    const partial = path.join(__dirname, 'results', 'partial.json');
    const savePartial = (escalation: unknown) =>
      writeFileSync(partial, JSON.stringify({ apiStart, rawStart, apiStep, rawStep, staff, escalation }, null, 2));
    savePartial([]);
    console.log(
      `  start p50 api ${apiStart.p50} raw ${rawStart.p50} ms, ${apiStart.perSecond} vs ${rawStart.perSecond}/s; ` +
        `step p50 api ${apiStep.p50} raw ${rawStep.p50} ms; staff p99 ${staff.latencyMs.p99} ms, ${staff.errors + staff.non2xx} errors`,
    );

    // (c) + (d) Escalation lateness with growing numbers of open cases; memory once they are open.
    const site = loadConfig().sites.get(SITE)!;
    // Escalations' in-app copies: in the records database when the app keeps records, else the outbox files.
    const outbox: NoticeReader = databaseUrl
      ? (notices = new RecordsNoticeReader(databaseUrl))
      : new OutboxReader(path.join(dataDir, 'outbox'));
    const escalation: EscalationBatchResult[] = [];
    for (const cases of SCALE) {
      for (const spreadSeconds of [0, SPREAD_S]) {
        const label = `${cases}${spreadSeconds ? 's' : 't'}`;
        console.log(`escalation: ${cases} cases due ${spreadSeconds ? `over ${spreadSeconds} s` : 'together'}`);
        const cpuBeforeBatch = cpu();
        const result = await escalationBatch({
          client,
          taskQueue: TASK_QUEUE,
          site,
          outbox,
          records: RECORDS,
          label,
          cases,
          spreadSeconds,
          startConcurrency: 100,
          expectedStartsPerSecond: Math.max(20, rawStart.perSecond),
          memory,
          loadAverage,
        });
        // CPU per escalated case (ms): its start, first task and records write included.
        result.cpu = cpuPer(cpuBeforeBatch, cases);
        console.log(
          `  recorded late p50 ${result.recordedLateMs.p50} p99 ${result.recordedLateMs.p99} max ${result.recordedLateMs.max} ms;` +
            ` ${result.openCasesAfter} open; worker ${result.workerRssMb} MB, api ${result.apiRssMb} MB`,
        );
        // Temporal's own floor at this size: as many trivial timers falling due the same way, on the same server.
        // (Spread at 10,000 is left out: another ~10 minutes, and together is the harder case.)
        if (RAW_TIMERS && (spreadSeconds === 0 || cases <= 1000)) {
          result.rawTimer = await rawTimerBatch({
            client,
            taskQueue: RAW_QUEUE,
            label,
            cases,
            spreadSeconds,
            startConcurrency: 100,
            expectedStartsPerSecond: Math.max(20, rawStart.perSecond),
          });
          console.log(
            `  raw timers late p50 ${result.rawTimer.lateMs.p50} p99 ${result.rawTimer.lateMs.p99} max ${result.rawTimer.lateMs.max} ms`,
          );
        }
        escalation.push(result);
        savePartial(escalation);
      }
    }
    // The batches' cases stay open and keep escalating up their ladders (rung 2, 3, … minutes later), while raw timers
    // fire once: left open, they load the app's side of the sustained rates below and not raw Temporal's (a run of
    // 2026-12-02 measured step p99 9.6 s at 5/s that way). Their figures are taken; end them first.
    const openBatchCases = await endBatchCases(client, batchCasePrefix(site));
    if (openBatchCases) console.log(`  ended ${openBatchCases} open batch cases before the sustained rates`);
    // (f) Sustained rates: steps (API vs raw Update) and escalations (app vs raw timers) due at a steady rate.
    const sustained = { seconds: SUSTAIN_S, steps: {}, escalations: {} } as {
      seconds: number;
      steps: Record<string, unknown>;
      escalations: Record<string, unknown>;
    };
    if (SUSTAIN_STEPS.length) {
      console.log(`sustained steps, ${SUSTAIN_S} s per rate`);
      const app = await highestSteadyRate(SUSTAIN_STEPS, P99_LIMIT_MS, (rate) =>
        steadyRate(rate, SUSTAIN_S, P99_LIMIT_MS, (i) => step(caseIds[i % caseIds.length]!)),
      );
      const raw = await highestSteadyRate(SUSTAIN_STEPS, P99_LIMIT_MS, (rate) =>
        steadyRate(rate, SUSTAIN_S, P99_LIMIT_MS, (i) =>
          client.workflow.getHandle(rawIds[i % rawIds.length]!).executeUpdate(bumpUpdate, { args: [{}] }),
        ),
      );
      sustained.steps = { app, raw, ratio: raw.best ? round2(app.best / raw.best) : null };
    }
    if (SUSTAIN_ESCALATIONS.length) {
      console.log(`sustained escalations, ${SUSTAIN_S} s per rate`);
      const asTrial = (rate: number, late: { p50: number; p99: number }, missing: number, n: number): RateTrial => ({
        rate,
        seconds: SUSTAIN_S,
        n,
        errors: missing,
        p50: late.p50,
        p99: late.p99,
        held: missing === 0 && late.p99 < P99_LIMIT_MS,
      });
      const batch = { startConcurrency: 100, expectedStartsPerSecond: Math.max(20, rawStart.perSecond) };
      const app = await highestSteadyRate(SUSTAIN_ESCALATIONS, P99_LIMIT_MS, async (rate) => {
        const cases = Math.round(rate * SUSTAIN_S);
        const r = await escalationBatch({
          client,
          taskQueue: TASK_QUEUE,
          site,
          outbox,
          records: RECORDS,
          label: `rate${rate}`,
          cases,
          spreadSeconds: SUSTAIN_S,
          memory,
          loadAverage,
          ...batch,
        });
        return asTrial(rate, r.recordedLateMs, r.missing, cases);
      });
      const raw = await highestSteadyRate(SUSTAIN_ESCALATIONS, P99_LIMIT_MS, async (rate) => {
        const cases = Math.round(rate * SUSTAIN_S);
        const r = await rawTimerBatch({
          client,
          taskQueue: RAW_QUEUE,
          label: `rate${rate}`,
          cases,
          spreadSeconds: SUSTAIN_S,
          ...batch,
        });
        return asTrial(rate, r.lateMs, r.missing, cases);
      });
      sustained.escalations = { app, raw, ratio: raw.best ? round2(app.best / raw.best) : null };
    }
    const openCases = (await client.workflow.count('WorkflowType="runProcedure" AND ExecutionStatus="Running"')).count;
    const memoryAtEnd = { openCases, ...memory() };

    const ratio = (a: number, b: number) => round2(a / b);
    const results = {
      when: new Date().toISOString(),
      machine: { cores: os.cpus().length, node: process.version, memoryMb: Math.round(os.totalmem() / 2 ** 20) },
      load: {
        atStart: loadAtStart,
        atEnd: loadAverage(),
        oneMinuteDuringRun: {
          min: Math.min(...loads),
          mean: round2(loads.reduce((a, b) => a + b, 0) / loads.length),
          max: Math.max(...loads),
        },
      },
      settings: {
        n: N,
        stepConcurrency: CONCURRENCY,
        startConcurrency: START_CONCURRENCY,
        scale: SCALE,
        spreadSeconds: SPREAD_S,
        staff: STAFF,
        staffSeconds: STAFF_S,
        server: server.describe,
        records: RECORDS ? 'on (PostgreSQL records database, as in production)' : 'off (no DATABASE_URL)',
        processes: 'dev server, worker, API, raw worker and this driver each a process on the same cores',
        worker: {
          processes: WORKERS,
          bundle: PREBUNDLE ? 'prebuilt (WORKFLOW_BUNDLE)' : 'bundled at start',
          maxCachedWorkflows: MAX_CACHED,
          maxOldSpaceSizeMb: WORKER_HEAP_MB || 'node default',
          reuseV8Context: true,
        },
      },
      start: {
        api: apiStart,
        raw: rawStart,
        p50Ratio: ratio(apiStart.p50, rawStart.p50),
        p99Ratio: ratio(apiStart.p99, rawStart.p99),
        throughputRatio: ratio(rawStart.perSecond, apiStart.perSecond),
      },
      step: {
        api: apiStep,
        raw: rawStep,
        p50Ratio: ratio(apiStep.p50, rawStep.p50),
        p99Ratio: ratio(apiStep.p99, rawStep.p99),
        rawSameWork: rawCaseStep,
        p50RatioSameWork: ratio(apiStep.p50, rawCaseStep.p50),
        p99RatioSameWork: ratio(apiStep.p99, rawCaseStep.p99),
        cpu: stepCpu,
        cpuByPart: { app: apiStepCpu, rawUpdate: rawStepCpu },
        historyEvents,
      },
      sustained,
      staff,
      escalation,
      memory: {
        idle,
        ...memoryAtEnd,
        peakWorkerRssMb: Math.max(...rss.worker, memoryAtEnd.workerRssMb),
        peakApiRssMb: Math.max(...rss.api, memoryAtEnd.apiRssMb),
      },
    };
    report(results, apiStart, rawStart, apiStep, rawStep);
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    // A quick run is a smoke run: its figures go to quick-*.json / quick-latest.*, never over a full run's results.
    const kind = quick ? 'quick-' : '';
    const file = path.join(dir, `${kind}bench-${results.when.replaceAll(':', '-')}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    const latest = path.join(dir, `${kind}latest.json`);
    writeFileSync(latest, JSON.stringify(results, null, 2));
    console.log(`written ${path.relative(process.cwd(), file)}`);
    rmSync(partial, { force: true });
    if (process.env.BENCH_CHART !== '0') {
      const png = await renderChart(results, path.join(dir, `${kind}latest.png`));
      console.log(`chart ${path.relative(process.cwd(), png)}`);
    }
    // The README's Performance tables, regenerated from this run's results (full runs only; BENCH_README=0 skips).
    if (!quick && process.env.BENCH_README !== '0') {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'table.ts'), latest, '--readme'], {
        stdio: 'inherit',
      });
    }
  } finally {
    clearInterval(sampler);
    await notices?.close();
    await connection.close();
    await Promise.all(children.map((c) => c.stop()));
    await server.dispose();
    await recordsPg?.destroy();
  }
}

function report(
  results: {
    start: { p50Ratio: number; throughputRatio: number };
    step: { p50Ratio: number; p99Ratio: number; rawSameWork: LatencySummary; p50RatioSameWork: number };
    staff: unknown;
    escalation: EscalationBatchResult[];
    memory: unknown;
    load: unknown;
  },
  apiStart: LatencySummary,
  rawStart: LatencySummary,
  apiStep: LatencySummary,
  rawStep: LatencySummary,
) {
  console.table({
    'case start via API': apiStart,
    'raw workflow start': rawStart,
    'step via API': apiStep,
    'raw Update': rawStep,
    'raw Update, same Temporal work': results.step.rawSameWork,
  });
  console.log(
    `start p50 ratio ${results.start.p50Ratio}×, throughput ratio ${results.start.throughputRatio}×; ` +
      `step p50 ratio ${results.step.p50Ratio}×, p99 ratio ${results.step.p99Ratio}×; ` +
      `step p50 vs the same Temporal work ${results.step.p50RatioSameWork}×`,
  );
  console.table(
    Object.fromEntries(
      results.escalation.map((e) => [
        `${e.cases} ${e.pattern}`,
        {
          'late p50': e.recordedLateMs.p50,
          'late p99': e.recordedLateMs.p99,
          'late max': e.recordedLateMs.max,
          'inbox p99': e.deliveredLateMs.p99,
          'vs asked p99': e.lateVsRequestedMs.p99,
          missing: e.missing,
          open: e.openCasesAfter,
          'worker MB': e.workerRssMb,
        },
      ]),
    ),
  );
  console.log('staff', JSON.stringify(results.staff));
  console.log('memory', JSON.stringify(results.memory));
  console.log('load', JSON.stringify(results.load));
}

// Ctrl-C or a kill: exit through process.exit so the children (worker, API, dev server) are killed with us.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
