import {
  CustodyLedger,
  FsBlobStore,
  type BlobStore,
  type ChainedEntry,
  type LedgerEntry,
  type RecordsAccess,
} from '../../records';
import type { AttachmentSettings } from './settings';

/**
 * The file store and custody ledgers the file routes and the case documents work on, and the records database the
 * custody lines are copied into (absent: the ledger on disk is the only copy).
 */
export interface AttachmentStores {
  files: BlobStore;
  ledger: CustodyLedger;
  records?: Pick<RecordsAccess, 'recordCustody'>;
  /** Told when a copy into the records fails (the ledger keeps the line; the next copy catches up). */
  onCopyError?: (err: unknown, caseId: string) => void;
}

/** The filesystem store and ledgers under `settings.root`, copying custody into `records` when given. */
export const fsAttachmentStores = (
  settings: AttachmentSettings,
  records?: AttachmentStores['records'],
  onCopyError?: AttachmentStores['onCopyError'],
): AttachmentStores => ({
  files: new FsBlobStore(settings.root),
  ledger: new CustodyLedger(settings.root),
  records,
  onCopyError,
});

/**
 * Copies the case's custody lines not yet in its audit trail into the records database. Never throws: the ledger on
 * disk already holds every line, a database that is down only delays the copy (the next append or export of the case
 * catches up), and `onCopyError` is told.
 */
export async function copyCustody(stores: AttachmentStores, caseId: string): Promise<void> {
  if (!stores.records?.recordCustody) return;
  try {
    await stores.records.recordCustody(caseId, await stores.ledger.read(caseId));
  } catch (err) {
    stores.onCopyError?.(err, caseId);
  }
}

/**
 * Appends a line to the case's chain of custody (see CustodyLedger.append; `check` may refuse it), then copies it into
 * the records. Resolves with the line as kept.
 * @throws what `check` throws, or when the ledger cannot be written (nothing appended)
 */
export async function appendCustody(
  stores: AttachmentStores,
  caseId: string,
  entry: LedgerEntry,
  check?: (entries: ChainedEntry[]) => void,
): Promise<ChainedEntry> {
  const kept = await stores.ledger.append(caseId, entry, check);
  await copyCustody(stores, caseId);
  return kept;
}
