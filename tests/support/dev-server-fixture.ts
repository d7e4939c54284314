import { rmSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from '../../activities';
import { appWorkflowBundle, useTempDataDir } from './app-worker';
import { DevServer } from './dev-server';
import type { ProcessHandle } from './process';

/** What a test file gets from {@link useDevServer}: filled in before its first test. */
export interface DevServerFixture {
  server: DevServer;
  client: Client;
  /** DATA_DIR of this process (and of the processes the test starts with it). */
  dataDir: string;
  /** Processes the test started; stopped after the last test. */
  processes: ProcessHandle[];
  /** With `inProcessWorker`: the app's worker running in this process, and its connection. */
  worker?: Worker;
  native?: NativeConnection;
}

/**
 * Gives a test file a Temporal CLI dev server (real persistence and visibility) and a client for all its tests; with
 * `inProcessWorker`, also the app's worker in this process on that task queue.
 */
export function useDevServer(opts: { inProcessWorker?: string } = {}): DevServerFixture {
  const fixture = { processes: [] } as unknown as DevServerFixture;
  let native: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    fixture.dataDir = useTempDataDir();
    fixture.server = await DevServer.start();
    fixture.client = new Client({ connection: await fixture.server.connect() });
    if (opts.inProcessWorker) {
      native = await NativeConnection.connect({ address: fixture.server.address });
      worker = await Worker.create({
        connection: native,
        taskQueue: opts.inProcessWorker,
        workflowBundle: await appWorkflowBundle(),
        activities,
      });
      running = worker.run();
      Object.assign(fixture, { worker, native });
    }
  }, 90_000);
  afterAll(async () => {
    for (const p of fixture.processes) await p.stop(5_000);
    worker?.shutdown();
    await running;
    await native?.close();
    await fixture.client?.connection.close();
    await fixture.server?.dispose();
    if (fixture.dataDir) rmSync(fixture.dataDir, { recursive: true, force: true });
  }, 30_000);
  return fixture;
}
