import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { isLostUpdate } from '../../api/cases/service';
import { workflowBundleOptions } from '../../worker/workflow-bundle';
import * as activities from '../../activities';
import type { CaseView, StepInput } from '../../workflows/engine/contract';
import { stepUpdate, viewQuery } from '../../workflows/engine/messages';
import { createTimeSkippingEnv } from './time-skipping';
import { waitFor } from './wait';

/** A fresh data folder for the activities' outbox, set as DATA_DIR for this test process. */
export function useTempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-'));
  process.env.DATA_DIR = dir;
  return dir;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The app's workflow bundle, built once per test file. */
export function appWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...workflowBundleOptions, logger: quietLogger });
  return bundle;
}

const noop = () => {};
/** A logger for bundling and workers that shows errors only (tests and the bench). */
export const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

/**
 * Gives a test file a time-skipping Temporal test server and the app's worker on `taskQueue` for all its tests;
 * `onReady` receives the environment once it is up. `workerOptions` go to the worker (e.g. `maxCachedWorkflows: 0`,
 * so that every workflow task replays its case from history, as the first task after a worker restart does).
 */
export function useTimeSkippingWorker(
  taskQueue: string,
  onReady: (env: TestWorkflowEnvironment) => void,
  workerOptions: Partial<Pick<WorkerOptions, 'maxCachedWorkflows'>> = {},
): void {
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
      ...workerOptions,
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

/**
 * Sends each step and expects the workflow's validator to refuse it with the given failure type; when an attempt names
 * `details`, the failure carries one details object containing them.
 */
export async function expectRefused(
  handle: WorkflowHandle,
  attempts: Array<[StepInput, string, Record<string, unknown>?]>,
): Promise<void> {
  for (const [input, type, details] of attempts) {
    const error = await handle.executeUpdate(stepUpdate, { args: [input] }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause).toMatchObject({
      type,
      ...(details ? { details: [expect.objectContaining(details)] } : {}),
    });
  }
}

/**
 * The case's history length once the case is idle: no activity pending (a notice sent at the start completes in its
 * own time, later on a loaded machine) and no workflow task scheduled or running. Tests that check a refused step
 * adds nothing take their `before` here, so events of earlier work that was still under way are not counted.
 * Throws when the case is not idle within `timeoutMs` (real ms).
 */
export async function settledHistoryLength(handle: WorkflowHandle, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { raw } = await handle.describe();
    const events = (await handle.fetchHistory()).events ?? [];
    const last = Number(events.at(-1)?.eventType);
    // 7 = WorkflowTaskCompleted: the worker has answered everything it was given.
    if (!raw.pendingActivities?.length && !raw.pendingWorkflowTask && last === 7) return events.length;
    if (Date.now() > deadline) {
      // Say what it was still waiting for: an activity retrying (its attempt and last failure) or a workflow task.
      const pending = (raw.pendingActivities ?? []).map(
        (a) => `${a.activityType?.name} attempt ${a.attempt} state ${a.state} ${a.lastFailure?.message ?? ''}`,
      );
      throw new Error(
        `case ${handle.workflowId} did not become idle in ${timeoutMs} ms: last event type ${last}, ` +
          `workflow task pending ${Boolean(raw.pendingWorkflowTask)}, activities [${pending.join('; ')}]`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * History events added since `before` (take it from `settledHistoryLength`), other than workflow tasks: the Java test
 * server has no speculative workflow tasks, so a refused Update may leave an empty one, but nothing else.
 */
export async function eventsBesidesWorkflowTasks(handle: WorkflowHandle, before = 0): Promise<number[]> {
  const added = ((await handle.fetchHistory()).events ?? []).slice(before).map((e) => Number(e.eventType));
  return added.filter((t) => ![5, 6, 7].includes(t));
}

/**
 * The case view once it has at least `rungs` escalations and each has reached its role's in-app inbox: a rung's
 * notice is an activity that ends after the rung fired (later on a loaded machine), so a view read at once may not
 * show it delivered yet. Throws after `timeoutMs` (real ms).
 */
export function deliveredView(handle: WorkflowHandle, rungs: number, timeoutMs = 60_000): Promise<CaseView> {
  return waitFor(
    async () => {
      const v = await handle.query(viewQuery);
      return v.escalations.length >= rungs && v.escalations.every((e) => e.notifiedVia.includes('in_app')) && v;
    },
    { timeoutMs, what: `${rungs} escalations of ${handle.workflowId} delivered in-app` },
  );
}

/**
 * The case view once `ready(view)` holds: after a skip of the test server's clock the timers have fired, but the
 * workflow tasks that handle them run in their own (real) time, later on a loaded machine, so a view read at once may
 * not show what the skip caused yet. Throws after `timeoutMs` (real ms), naming `what`.
 */
export function viewWhen(
  handle: WorkflowHandle,
  ready: (v: CaseView) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<CaseView> {
  return waitFor(
    async () => {
      const v = await handle.query(viewQuery);
      return ready(v) && v;
    },
    { timeoutMs, what: `${what} (${handle.workflowId})` },
  );
}

/**
 * Sends a step as an Update under one update id, sending it again under the same id when the server answers that it
 * lost it ("update … not found": on a loaded machine the test server can drop an Update whose workflow task timed out
 * before it was accepted). The same id is applied at most once, so a step is never applied twice.
 */
export async function sendStep(handle: WorkflowHandle, input: StepInput, attempts = 5): Promise<CaseView> {
  const updateId = randomUUID();
  for (let i = 1; ; i++) {
    try {
      return await handle.executeUpdate(stepUpdate, { args: [input], updateId });
    } catch (err) {
      if (i >= attempts || !isLostUpdate(err)) throw err;
    }
  }
}
