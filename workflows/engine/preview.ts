import { CaseCore, type CaseStart } from './case-core';
import type { CaseView } from './contract';
import type { ProcedureDefinition } from './definition';

/**
 * The view a case started with `start` at `now` (epoch ms) has before anything else happens: what its workflow
 * computes on its first task, computed here with the same pure engine and no Temporal. The API answers a new case
 * with it instead of waiting for the worker.
 *
 * @throws StepRejected (kind `invalid`) when the start data does not match the procedure's start schema.
 */
export function previewCase(def: ProcedureDefinition, start: CaseStart, now: number): CaseView {
  return CaseCore.start(def, start, now).core.view(now);
}
