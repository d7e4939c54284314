import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { nextNumberUpdate, numberCasesUpdate, sequenceStateQuery } from './messages';

/**
 * Case ids (with their numbers) carried over continue-as-new, so a start retried just after a roll-over still gets
 * its number back. A retry comes within seconds, so the last 1,000 are plenty, and at ~60 characters an id they
 * keep the new run's input near 70 KB (payloads must stay well under Temporal's 2 MB limit). An id older than that
 * gets a new number.
 */
export const CARRIED_CASE_IDS = 1000;

/** History length at which a sequence continues as new (tests lower it). */
export const SEQUENCE_MAX_HISTORY_EVENTS = 4000;

/** At most this many case ids in one Update: the API sends up to 500; the rest guards history size. */
export const MAX_BATCH = 1000;

/**
 * Hands out the day's case numbers for one procedure and site, one Update at a time (Temporal serialises them),
 * so numbers never repeat. Its workflow id carries the day, so it only has to live a little past that day.
 *
 * Every number adds events to its history: past `maxHistoryEvents` (or when the server suggests it) it continues as
 * new with the last number handed out, so a busy day never reaches Temporal's history limit and never restarts at 1.
 *
 * `numbered` (optional, so the old two-argument start and recorded histories stay valid) holds the recent case ids
 * numbered by {@link numberCasesUpdate}; `nextNumberUpdate` relies on the Update id instead, which lasts one run.
 */
export async function caseNumberSequence(
  last = 0,
  maxHistoryEvents = SEQUENCE_MAX_HISTORY_EVENTS,
  numbered: Array<[string, number]> = [],
): Promise<number> {
  const numbers = new Map(numbered);
  // Read also after the run closed (terminated, say): a new run of the same day then carries on, never from 1.
  setHandler(sequenceStateQuery, () => ({ last, numbered: [...numbers].slice(-CARRIED_CASE_IDS) }));
  setHandler(nextNumberUpdate, () => ++last);
  setHandler(
    numberCasesUpdate,
    (caseIds) =>
      caseIds.map((caseId) => {
        const known = numbers.get(caseId);
        if (known !== undefined) return known;
        numbers.set(caseId, ++last);
        return last;
      }),
    {
      // Refused before it is written to history: a malformed request cannot take numbers or bloat the history.
      validator: (caseIds) => {
        if (!Array.isArray(caseIds) || caseIds.length === 0 || caseIds.length > MAX_BATCH)
          throw new TypeError(`expected 1 to ${MAX_BATCH} case ids`);
        if (!caseIds.every((id) => typeof id === 'string' && id.length > 0))
          throw new TypeError('case ids must be non-empty strings');
      },
    },
  );
  const full = () => workflowInfo().historyLength >= maxHistoryEvents || workflowInfo().continueAsNewSuggested;
  const rollOver = await condition(full, '48 hours');
  await condition(allHandlersFinished);
  if (!rollOver) return last;
  // A Map keeps insertion order, so the tail is the most recently numbered ids.
  return continueAsNew<typeof caseNumberSequence>(last, maxHistoryEvents, [...numbers].slice(-CARRIED_CASE_IDS));
}

/** Workflow id of the sequence for a procedure prefix, site and day (YYYYMMDD in the site's zone). */
export function caseNumberSequenceId(prefix: string, site: string, day: string): string {
  return `case-number-${prefix}-${site}-${day}`;
}

/** The readable case number, e.g. ZJ-20261124-0007. */
export function formatCaseNumber(prefix: string, day: string, n: number): string {
  return `${prefix}-${day}-${String(n).padStart(4, '0')}`;
}
