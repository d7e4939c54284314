import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as activities from '../../activities';
import { createTimeSkippingEnv } from './time-skipping';

/** A fresh data folder for the activities' outbox, set as DATA_DIR for this test process. */
export function useTempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-'));
  process.env.DATA_DIR = dir;
  return dir;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The app's workflow bundle, built once per test file. */
export function appWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

/**
 * Gives a test file a time-skipping Temporal test server and the app's worker on `taskQueue` for all its tests;
 * `onReady` receives the environment once it is up.
 */
export function useTimeSkippingWorker(taskQueue: string, onReady: (env: TestWorkflowEnvironment) => void): void {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    useTempDataDir();
    env = await createTimeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await appWorkflowBundle(),
      activities,
    });
    running = worker.run();
    onReady(env);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
}
