import { PASSED_DUE_OUTCOMES, STEP_CAME_OUTCOMES, type CaseView } from '../../workflows/engine';

/** One deadline record of a case view (see DeadlineRecord in workflows/engine/case-core.ts). */
export type DeadlineView = CaseView['deadlines'][number];

/** Whether a deadline's due time passed: its step came late, or has not come. */
export const passedDue = (d: Pick<DeadlineView, 'outcome'>): boolean => PASSED_DUE_OUTCOMES.includes(d.outcome);

/**
 * Time-to-step samples of a case: for each deadline whose step came (met or late), the milliseconds from the
 * deadline's start to the step. A deadline never done (missed, cancelled, open) gives none, whatever an older record
 * kept as its end.
 */
export function stepDurations(
  deadlines: ReadonlyArray<Pick<DeadlineView, 'timer' | 'outcome' | 'startedAt' | 'endedAt'>>,
): Array<{ timer: string; ms: number }> {
  return deadlines
    .filter((d) => STEP_CAME_OUTCOMES.includes(d.outcome) && d.endedAt !== undefined)
    .map((d) => ({ timer: d.timer, ms: Date.parse(d.endedAt!) - Date.parse(d.startedAt) }));
}
