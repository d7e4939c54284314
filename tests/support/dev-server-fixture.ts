import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import pino from 'pino';
import { createApp } from '../../api/app';
import type { AppConfig } from '../../config';
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

/** The app and its HTTP listener that {@link serveApp} gives a test file: set before its first test. */
export interface ServedApp {
  app: ReturnType<typeof createApp>;
  http: Server;
}

/**
 * Serves the API (`createApp` with `config`, a silent log and the event stream polled every 200 ms) on the dev
 * server's client for all the file's tests, on a free port of 127.0.0.1; closes the listener after the last test.
 */
export function serveApp(dev: DevServerFixture, config: AppConfig): ServedApp {
  const served = {} as ServedApp;
  beforeAll(() => {
    served.app = createApp({ client: dev.client, config, logger: pino({ level: 'silent' }), streamIntervalMs: 200 });
    served.http = served.app.listen(0, '127.0.0.1');
  });
  afterAll(() => {
    served.http?.close();
  });
  return served;
}
