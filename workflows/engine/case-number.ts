import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { nextNumberUpdate } from './messages';

/**
 * Hands out the day's case numbers for one procedure and site, one Update at a time (Temporal serialises them),
 * so numbers never repeat. Its workflow id carries the day, so it only has to live a little past that day.
 *
 * Every number adds events to its history: past `maxHistoryEvents` (or when the server suggests it) it continues as
 * new with the last number handed out, so a busy day never reaches Temporal's history limit and never restarts at 1.
 */
export async function caseNumberSequence(last = 0, maxHistoryEvents = 4000): Promise<number> {
  setHandler(nextNumberUpdate, () => ++last);
  const full = () => workflowInfo().historyLength >= maxHistoryEvents || workflowInfo().continueAsNewSuggested;
  const rollOver = await condition(full, '48 hours');
  await condition(allHandlersFinished);
  if (!rollOver) return last;
  return continueAsNew<typeof caseNumberSequence>(last, maxHistoryEvents);
}

/** Workflow id of the sequence for a procedure prefix, site and day (YYYYMMDD in the site's zone). */
export function caseNumberSequenceId(prefix: string, site: string, day: string): string {
  return `case-number-${prefix}-${site}-${day}`;
}

/** The readable case number, e.g. ZJ-20261124-0007. */
export function formatCaseNumber(prefix: string, day: string, n: number): string {
  return `${prefix}-${day}-${String(n).padStart(4, '0')}`;
}
