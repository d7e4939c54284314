import { freePort, startProcess, type ProcessHandle } from './process';

/**
 * Starts the app's worker as `npm run worker` does (`npx tsx worker/main.ts`) against a Temporal server on `address`,
 * polling `taskQueue` and writing under `dataDir`; resolves once it polls. `env` adds settings (e.g. CHANNELS_CONFIG).
 */
export async function startWorkerProcess(opts: {
  address: string;
  taskQueue: string;
  dataDir: string;
  name: string;
  env?: Record<string, string>;
}): Promise<ProcessHandle> {
  const worker = startProcess(
    'npx',
    ['tsx', 'worker/main.ts'],
    {
      TEMPORAL_ADDRESS: opts.address,
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: opts.dataDir,
      TASK_QUEUE: opts.taskQueue,
      ...opts.env,
    },
    { name: opts.name },
  );
  try {
    // It bundles the workflows first: about 10 s on two idle cores, much longer when they are busy.
    await worker.waitForOutput(/"msg":"worker started"/, 90_000);
  } catch (err) {
    await worker.kill9();
    throw err; // the message carries the worker's output
  }
  return worker;
}

/**
 * Starts the API as `npm run api` does (`npx tsx api/server.ts`) on a free port; resolves with its base URL once
 * /api/healthz answers. `env` must name the Temporal address, task queue and DATA_DIR the workers use.
 */
export async function startApiProcess(opts: { name: string; env: Record<string, string> }): Promise<{
  base: string;
  process: ProcessHandle;
}> {
  const port = await freePort();
  const api = startProcess(
    'npx',
    ['tsx', 'api/server.ts'],
    { LOG_LEVEL: 'warn', ...opts.env, PORT: String(port) },
    { name: opts.name },
  );
  const base = `http://127.0.0.1:${port}/api`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, process: api };
    if (!api.running || i > 360) {
      await api.kill9();
      throw new Error(`${opts.name} did not start:\n${api.output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
