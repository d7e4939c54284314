import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { CaseView } from '../../workflows/engine/contract';
import { casePolicyFor, type SitePolicy } from '../../workflows/engine/policy';
import { viewQuery } from '../../workflows/engine/messages';
import type { runProcedure, RunProcedureInput } from '../../workflows/engine/run-procedure';
import { getProcedure } from '../../workflows/procedures';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sendStep, useTimeSkippingWorker } from './app-worker';
import { as, caseStart } from './fixtures';

/** Folder of the recorded histories that tests/integration/replay.test.ts replays. */
export const historiesDir = path.join(__dirname, '..', 'histories');

/** How a {@link caseRunner} opens its cases. */
export interface CaseRunnerOptions {
  /** The role that opens each case unless `open` names one (default: caseStart's, monitor_guard). */
  by?: string;
  /** The cases' `visibility` input: false keeps them out of the visibility store (omitted: the workflow's default). */
  visibility?: boolean;
  /** The cases' `records` input: true has each case write itself to the records database as it runs. */
  records?: boolean;
  /** The site the cases open at: its id and its policy (calendar, overrides); omitted: `test-site` with the defaults. */
  site?: SitePolicy;
}

/**
 * Opens, steps and reads cases of one procedure on a Temporal test environment or dev server (`env` gives its client), the way every procedure's
 * time-skipping test does; `version` pins a case to a version (the newest when omitted, as for a new case), `by`
 * names the role that opens it. Steps go through {@link sendStep} (an Update the server lost is sent again).
 */
export function caseRunner(
  procedure: string,
  taskQueue: string,
  env: () => { client: Client },
  options: CaseRunnerOptions = {},
) {
  let seq = 0;
  return {
    async open(
      name: string,
      data: Record<string, unknown>,
      version?: number,
      by = options.by,
    ): Promise<WorkflowHandle<typeof runProcedure>> {
      const caseId = `${procedure}-test-site-${name}-${++seq}`;
      const input: RunProcedureInput = {
        ...caseStart(procedure, data, caseId, version),
        ...(options.site
          ? { site: options.site.id, policy: casePolicyFor(getProcedure(procedure, version), options.site, Date.now()) }
          : {}),
        ...(by ? { startedBy: as(by) } : {}),
        procedure,
        version: getProcedure(procedure, version).version,
        ...(options.visibility === undefined ? {} : { visibility: options.visibility }),
        ...(options.records ? { records: true } : {}),
      };
      return env().client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
    },
    /** Takes a step as `role` (the actor's id and name are `id`, default the role). */
    step(
      handle: WorkflowHandle,
      type: string,
      data: Record<string, unknown>,
      role: string,
      id = role,
    ): Promise<CaseView> {
      return sendStep(handle, { type, data, actor: as(role, id) });
    },
    view(handle: WorkflowHandle): Promise<CaseView> {
      return handle.query(viewQuery);
    },
    /** With RECORD_HISTORIES=1, writes the case's history to tests/histories/<name>.json for the replay test. */
    async record(name: string, handle: WorkflowHandle): Promise<void> {
      if (process.env.RECORD_HISTORIES !== '1') return;
      const history = await handle.fetchHistory();
      writeFileSync(path.join(historiesDir, `${name}.json`), historyToJSON(history));
    },
  };
}

/**
 * The time-skipping test server with a worker on `taskQueue` for this test file (see useTimeSkippingWorker) and a
 * {@link caseRunner} of `procedure` on it. `env()` is the server, e.g. to skip time with `env().sleep(ms)`; it throws
 * when called before the file's beforeAll started it (at module level instead of in a test).
 */
export function timeSkippingCases(procedure: string, taskQueue: string, options: CaseRunnerOptions = {}) {
  let ready: TestWorkflowEnvironment | undefined;
  useTimeSkippingWorker(taskQueue, (started) => (ready = started));
  const env = (): TestWorkflowEnvironment => {
    if (!ready) throw new Error(`the time-skipping server for ${taskQueue} is not started yet (use it inside a test)`);
    return ready;
  };
  return { env, cases: caseRunner(procedure, taskQueue, env, options) };
}
