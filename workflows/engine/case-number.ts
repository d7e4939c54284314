import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { nextNumberUpdate } from './messages';

/**
 * Hands out the day's case numbers for one procedure and site, one Update at a time (Temporal serialises them),
 * so numbers never repeat. Its workflow id carries the day, so it only has to live a little past that day.
 */
export async function caseNumberSequence(): Promise<number> {
  let last = 0;
  setHandler(nextNumberUpdate, () => ++last);
  await condition(() => false, '48 hours');
  await condition(allHandlersFinished);
  return last;
}

/** Workflow id of the sequence for a procedure prefix, site and day (YYYYMMDD in the site's zone). */
export function caseNumberSequenceId(prefix: string, site: string, day: string): string {
  return `case-number-${prefix}-${site}-${day}`;
}

/** The readable case number, e.g. ZJ-20261124-0007. */
export function formatCaseNumber(prefix: string, day: string, n: number): string {
  return `${prefix}-${day}-${String(n).padStart(4, '0')}`;
}
