import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

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
