import type { Actor } from '../../workflows/engine/contract';
import { StepRejected } from '../../workflows/engine/errors';
import { casePolicyFor } from '../../workflows/engine/policy';
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
