import { DefaultLogger, Runtime } from '@temporalio/worker';
import { viewQuery } from '../../workflows/engine/messages';
import { useDevServer } from '../support/dev-server-fixture';
import { startApiProcess, startWorkerProcess } from '../support/app-processes';

/**
 * Two workers and two API processes on one dev server, as a small deployment runs. During a burst of steps one API
 * process and one worker are killed with -9; clients whose request failed retry on the other API with the same
 * Idempotency-Key. Every step is kept exactly once.
 */
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = `faults-processes-${process.pid}`;
const dev = useDevServer();
const env = () => ({
  TEMPORAL_ADDRESS: dev.server.address,
  TASK_QUEUE: taskQueue,
  DATA_DIR: dev.dataDir,
  JWT_SECRET: 'faults-test-secret-0123456789abcdef',
});

async function startApi(name: string): Promise<string> {
  const { base, process: api } = await startApiProcess({ name, env: env() });
  dev.processes.push(api);
  return base;
}

async function call(base: string, path: string, token: string | null, body: unknown, key?: string) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('keeps every step of a burst exactly once when an API process and a worker are killed during it', async () => {
  const [workerA, workerB] = await Promise.all([
    startWorkerProcess({ address: dev.server.address, taskQueue, dataDir: dev.dataDir, name: 'worker-a' }),
    startWorkerProcess({ address: dev.server.address, taskQueue, dataDir: dev.dataDir, name: 'worker-b' }),
  ]);
  dev.processes.push(workerA, workerB);
  const [apiA, apiB] = await Promise.all([startApi('api-a'), startApi('api-b')]);
  const login = await call(apiA, '/auth/login', null, { username: 'monitor_guard', password: 'demo123' });
  const token = login.body.token as string;
  const opened = await call(apiA, '/cases', token, {
    procedure: 'perimeter-alarm',
    site: 'chengshi-garden',
    data: { zone: 'north-wall-3' },
  });
  expect(opened.status).toBe(201);
  const caseId = opened.body.caseId as string;

  // 60 camera-tracking reports (a step the monitoring room may send any number of times), 20 at a time, at API A.
  const keys = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
  const step = (base: string, key: string) =>
    call(
      base,
      `/cases/${caseId}/events`,
      token,
      { type: 'cameras_tracked', data: { climbingSeen: false, note: key } },
      key,
    );
  const apiAProcess = dev.processes.find((p) => p.name === 'api-a')!;
  let killed = false;
  const outcomes = new Map<string, 'ok' | 'failed'>();
  for (let i = 0; i < keys.length; i += 20) {
    const batch = keys.slice(i, i + 20);
    if (i === 20) {
      // Mid-burst: API A and worker A die while this batch is in flight.
      setTimeout(() => {
        void apiAProcess.kill9();
        void workerA.kill9();
        killed = true;
      }, 150);
    }
    const results = await Promise.all(
      batch.map((key) =>
        step(apiA, key).then(
          (r) => (r.status === 200 ? 'ok' : 'failed'),
          () => 'failed' as const,
        ),
      ),
    );
    batch.forEach((key, j) => outcomes.set(key, results[j]!));
  }
  expect(killed).toBe(true);
  const failed = keys.filter((k) => outcomes.get(k) === 'failed');
  expect(failed.length).toBeGreaterThan(0); // the kill did cut requests off

  // Each client whose request failed retries on API B with the same key; a nervous one retries the ok ones too.
  for (const key of keys) {
    const retried = await step(apiB, key);
    expect(retried.status).toBe(200);
  }

  const view = await dev.client.workflow.getHandle(caseId).query(viewQuery);
  const notes = view.history.filter((h) => h.type === 'cameras_tracked').map((h) => String(h.data.note));
  expect(notes.sort()).toEqual([...keys].sort());
  console.log(
    `fault figures: 60 steps, ${keys.length - failed.length} answered by API A, ${failed.length} cut off by the kill ` +
      `and retried on API B; ${notes.length} recorded, ${new Set(notes).size} distinct`,
  );
});
