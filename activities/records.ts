import { openRecords, type CaseWrite, type Records, type WriteResult } from '../records';

let opened: Promise<Records> | undefined;

/** The worker's records connection, opened (and migrated) on first use; a failed open is retried on the next call. */
function records(): Promise<Records> {
  opened ??= openRecords().catch((err: unknown) => {
    opened = undefined;
    throw err;
  });
  return opened;
}

/**
 * The one write of a case's change to the records database (issue 16): the case view at `revision` and the in-app
 * notices the change delivers, in one transaction. Idempotent and ordered by revision (records/store.ts), so
 * Temporal's retries while the database is down, or a late attempt after a newer write, change nothing twice.
 * @throws when the database is unreachable (the activity retries)
 */
export async function recordCase(write: CaseWrite): Promise<WriteResult> {
  return (await records()).store.write(write);
}

/** Closes the worker's records connection (worker shutdown, tests). */
export async function closeRecords(): Promise<void> {
  const current = opened;
  opened = undefined;
  if (current) await (await current.catch(() => undefined))?.close();
}
