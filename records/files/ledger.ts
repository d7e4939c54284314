import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/** Who did something with a file: the user and the roles they hold at the case's site. */
export interface Custodian {
  id: string;
  name: string;
  roles: string[];
}

/** A file uploaded to a case. `takenAt` and `place` come from the photo's EXIF block when it has one. */
export interface UploadedEntry {
  kind: 'uploaded';
  sha256: string;
  /** Bytes. */
  size: number;
  /** The file name as the uploader's device gave it. */
  name: string;
  /** MIME type told from the content (magic bytes), never from the name. */
  type: string;
  by: Custodian;
  /** ISO instant, the API's clock. */
  at: string;
  /** Capture time from EXIF (ISO; the camera's local time when it recorded no offset). */
  takenAt?: string;
  /** Capture place from EXIF GPS, decimal degrees (WGS 84). */
  place?: { latitude: number; longitude: number };
}

/** A file shown (`viewed`: its thumbnail) or handed out (`downloaded`: the file itself). */
export interface AccessEntry {
  kind: 'viewed' | 'downloaded';
  sha256: string;
  by: Custodian;
  at: string;
}

export type LedgerEntry = UploadedEntry | AccessEntry;
/** An entry as kept: numbered from 1, chained to the one before by sha256 (`prev` of the first is 64 zeros). */
export type ChainedEntry = LedgerEntry & { seq: number; prev: string; hash: string };

const GENESIS = '0'.repeat(64);
const SAFE_CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/** Whether a case id can name a ledger (its folder): letters, digits, `_ . -`, not `..`. */
export const isLedgerCaseId = (caseId: string) => SAFE_CASE_ID.test(caseId) && !caseId.includes('..');

/** The files uploaded to a case, by sha256 (the latest upload of each content), from its ledger's entries. */
export const uploadsIn = (entries: ChainedEntry[]): Map<string, ChainedEntry & UploadedEntry> =>
  new Map(entries.filter((e): e is ChainedEntry & UploadedEntry => e.kind === 'uploaded').map((e) => [e.sha256, e]));

const hashOf = (entry: LedgerEntry & { seq: number; prev: string }) =>
  createHash('sha256').update(JSON.stringify(entry)).digest('hex');

/**
 * A case's chain of custody of its files: every upload, view and download, appended to
 * `<root>/cases/<caseId>/custody.jsonl` and hash-chained, so an edited or removed line is detectable
 * ({@link CustodyLedger.verify}). Appends of one case are serialised within the process. Never truncated: the
 * files and their custody are kept as long as the case's records, and removed with them by the records purge.
 */
export class CustodyLedger {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {}

  private file(caseId: string): string {
    if (!isLedgerCaseId(caseId)) throw new Error(`not a case id that names a ledger: ${caseId}`);
    return path.join(this.root, 'cases', caseId, 'custody.jsonl');
  }

  /** The case's entries in order (an empty list for a case without files). A torn last line (a crash) is skipped. */
  async read(caseId: string): Promise<ChainedEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file(caseId), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const entries: ChainedEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as ChainedEntry);
      } catch {
        // only the last line can be torn: an append that did not finish
      }
    }
    return entries;
  }

  /**
   * Appends an entry after the case's last one; resolves with it as kept once it is on disk. `check` runs first,
   * in the same turn of the case's queue, on the entries so far: throwing there appends nothing (e.g. a case quota).
   */
  append(caseId: string, entry: LedgerEntry, check?: (entries: ChainedEntry[]) => void): Promise<ChainedEntry> {
    const file = this.file(caseId);
    const previous = this.tails.get(caseId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const entries = await this.read(caseId);
        check?.(entries);
        const last = entries.at(-1);
        const unsealed = { ...entry, seq: (last?.seq ?? 0) + 1, prev: last?.hash ?? GENESIS };
        const kept: ChainedEntry = { ...unsealed, hash: hashOf(unsealed) };
        await mkdir(path.dirname(file), { recursive: true });
        await appendFile(file, `${JSON.stringify(kept)}\n`);
        return kept;
      });
    this.tails.set(caseId, next);
    const forget = () => {
      if (this.tails.get(caseId) === next) this.tails.delete(caseId);
    };
    next.then(forget, forget);
    return next;
  }

  /** Every case that has a ledger (that ever had a file uploaded), in no particular order. */
  async caseIds(): Promise<string[]> {
    try {
      const dirs = await readdir(path.join(this.root, 'cases'), { withFileTypes: true });
      return dirs.filter((d) => d.isDirectory() && isLedgerCaseId(d.name)).map((d) => d.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /**
   * Removes a case's ledger. Only the records purge calls this, once the case's records have expired and been purged
   * (its custody lines went with the case's audit trail in the records database).
   */
  async remove(caseId: string): Promise<void> {
    await rm(path.dirname(this.file(caseId)), { recursive: true, force: true });
  }

  /** The first entry whose hash or link does not hold (an edit, an insertion or a removal), or null if all hold. */
  async verify(caseId: string): Promise<number | null> {
    let prev = GENESIS;
    let seq = 0;
    for (const kept of await this.read(caseId)) {
      const { hash, ...unsealed } = kept;
      seq += 1;
      if (kept.seq !== seq || kept.prev !== prev || hashOf(unsealed) !== hash) return kept.seq ?? seq;
      prev = hash;
    }
    return null;
  }
}
