import type { Actor } from '../../workflows/engine/contract';
import { StepRejected } from '../../workflows/engine/errors';
import { casePolicyFor, type Rung } from '../../workflows/engine/policy';
import type { runProcedure, RunProcedureInput } from '../../workflows/engine/run-procedure';
import type { Client } from '@temporalio/client';
import { getProcedure } from '../../workflows/procedures';

/** A person acting in one role, for tests. */
export const as = (role: string, id = role): Actor => ({ id, name: id, role });

/** A case start for `procedure` (at `version`, else the newest) with that version's default policy. */
export function caseStart(
  procedure: string,
  data: Record<string, unknown>,
  caseId = `${procedure}-test-1`,
  version?: number,
) {
  const def = getProcedure(procedure, version);
  return {
    caseId,
    number: `${def.numberPrefix}-20261124-0001`,
    site: 'test-site',
    policy: casePolicyFor(def),
    data,
    startedBy: as('monitor_guard'),
  };
}

/** The StepRejected a call throws, as plain data; fails the test when nothing is refused. */
export function rejectionOf(fn: () => unknown): { kind: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (err instanceof StepRejected) return { kind: err.kind, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('expected a rejection');
}

/**
 * A perimeter-alarm case at chengshi-garden (no visibility writes) whose 1-minute dispatch deadline escalates along
 * `dispatch`, for the channel fault tests: started on `taskQueue` of `client`.
 */
export async function startDispatchCase(client: Client, taskQueue: string, caseId: string, dispatch: Rung[]) {
  const base = caseStart('perimeter-alarm', { zone: 'north-wall-3' }, caseId, 1);
  const input: RunProcedureInput = {
    ...base,
    site: 'chengshi-garden',
    procedure: 'perimeter-alarm',
    version: 1,
    visibility: false,
    policy: { ...base.policy, ladders: { ...base.policy.ladders, dispatch } },
  };
  const handle = await client.workflow.start<typeof runProcedure>('runProcedure', {
    workflowId: input.caseId,
    taskQueue,
    args: [input],
  });
  return { input, handle };
}
