import { startProcess, type ProcessHandle } from './process';

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
