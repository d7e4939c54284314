import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseView, StepInput } from '../../workflows/engine/contract';
import { stepUpdate, viewQuery } from '../../workflows/engine/messages';
import type { runProcedure, RunProcedureInput } from '../../workflows/engine/run-procedure';
import { getProcedure } from '../../workflows/procedures';
import { as, caseStart } from './fixtures';

/** Folder of the recorded histories that tests/integration/replay.test.ts replays. */
export const historiesDir = path.join(__dirname, '..', 'histories');

/**
 * Opens, steps and reads cases of one procedure on a Temporal test environment, the way every procedure's
 * time-skipping test does; `version` pins a case to a version (the newest when omitted, as for a new case).
 */
export function caseRunner(procedure: string, taskQueue: string, env: () => TestWorkflowEnvironment) {
  let seq = 0;
  return {
    async open(
      name: string,
      data: Record<string, unknown>,
      version?: number,
    ): Promise<WorkflowHandle<typeof runProcedure>> {
      const caseId = `${procedure}-test-site-${name}-${++seq}`;
      const input: RunProcedureInput = {
        ...caseStart(procedure, data, caseId, version),
        procedure,
        version: getProcedure(procedure, version).version,
      };
      return env().client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
    },
    step(handle: WorkflowHandle, type: string, data: Record<string, unknown>, role: string): Promise<CaseView> {
      return handle.executeUpdate(stepUpdate, { args: [{ type, data, actor: as(role) } satisfies StepInput] });
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
