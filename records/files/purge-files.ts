import path from 'node:path';
import { dataDir } from '../../config';
import { CustodyLedger, uploadsIn } from './ledger';
import { FsBlobStore, type BlobStore } from './storage';

/** Where case files and their ledgers live by default: `DATA_DIR/attachments`. */
export const defaultFilesRoot = (): string => path.join(dataDir(), 'attachments');

/** What {@link purgeCaseFiles} removed (or, on a dry run, would remove). */
export interface PurgedFiles {
  /** Expired cases whose chain of custody (ledger) was removed. */
  cases: string[];
  /** Files removed: each was held by expired cases only. */
  removed: { sha256: string; cases: string[] }[];
  /** Files of expired cases kept because a retained case holds the same content. */
  kept: { sha256: string; heldBy: string[] }[];
}

/**
 * Removes the files of cases whose records have expired: a file goes only when no retained case holds it (the same
 * content uploaded to two cases is stored once), and each expired case's custody ledger goes after its files. Every
 * case with a ledger that is not in `expired` counts as retained, so a case the records have not heard of yet keeps
 * its files. Safe to run again after a crash midway (a ledger is removed last and lists what is left to remove).
 * @param root the folder of the files and ledgers (default DATA_DIR/attachments)
 * @param expired ids of the cases retention purged (this run's and earlier ones')
 * @param dryRun when true, removes nothing and says what would go
 * @throws when the folder cannot be read or a file cannot be removed (what was removed stays removed)
 */
export async function purgeCaseFiles(
  expired: ReadonlySet<string>,
  {
    root = defaultFilesRoot(),
    dryRun = false,
    files = new FsBlobStore(root),
  }: { root?: string; dryRun?: boolean; files?: BlobStore } = {},
): Promise<PurgedFiles> {
  const ledger = new CustodyLedger(root);
  const heldByExpired = new Map<string, string[]>();
  const heldByRetained = new Map<string, string[]>();
  const cases: string[] = [];
  for (const caseId of (await ledger.caseIds()).sort()) {
    const held = expired.has(caseId) ? heldByExpired : heldByRetained;
    if (expired.has(caseId)) cases.push(caseId);
    for (const sha256 of uploadsIn(await ledger.read(caseId)).keys())
      held.set(sha256, [...(held.get(sha256) ?? []), caseId]);
  }
  const removed: PurgedFiles['removed'] = [];
  const kept: PurgedFiles['kept'] = [];
  for (const [sha256, of] of [...heldByExpired].sort(([a], [b]) => a.localeCompare(b))) {
    const heldBy = heldByRetained.get(sha256);
    if (heldBy) kept.push({ sha256, heldBy });
    else removed.push({ sha256, cases: of });
  }
  if (!dryRun) {
    for (const f of removed) await files.remove(f.sha256);
    for (const caseId of cases) await ledger.remove(caseId);
  }
  return { cases, removed, kept };
}
