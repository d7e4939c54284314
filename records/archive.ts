import { sql } from 'kysely';
import { openRecords, type Records } from './db';
import { PasswordHashRecords } from './password-hashes';
import { RecordReads } from './reads';
import type { ChainedEntry } from './files/ledger';
import type { Addendum, CaseView } from '../workflows/engine';
import type { AddendumInput, AddendumResult, CaseEntry, CaseRecord } from './store';

/** Where the API finds a case whose workflow Temporal no longer keeps (retention ran out, or it was deleted). */
export interface CaseArchive {
  /** The newest recorded snapshot of the case, or undefined when the records never heard of it. */
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /**
   * The facts added to a case after it closed, oldest first (RecordStore.addenda).
   * @throws when the database cannot be reached
   */
  addenda?(caseId: string): Promise<Addendum[]>;
  /**
   * Appends a fact to a closed case's records if the rule lets it (RecordStore.addAddendum).
   * @throws when the database cannot be reached (nothing was written)
   */
  addAddendum?(
    caseId: string,
    fact: AddendumInput,
    rule: (view: CaseView, earlier: readonly Addendum[]) => string | undefined,
  ): Promise<AddendumResult>;
}

/** The records database as the API reads it: a case's archived view, and the queries of lists and reports. */
export interface RecordsAccess extends CaseArchive {
  /** The read queries (connects, and migrates, on first use). @throws when the database cannot be reached */
  reads(): Promise<RecordReads>;
  /** A case's chained audit trail, oldest first (empty when unknown). @throws when the database cannot be reached */
  entries(caseId: string): Promise<CaseEntry[]>;
  /**
   * Copies the lines of a case's files' chain of custody not yet in its audit trail (RecordStore.recordCustody).
   * @returns how many were copied
   * @throws when the database cannot be reached
   */
  recordCustody?(caseId: string, lines: readonly ChainedEntry[]): Promise<number>;
  /** Ends the pool (a later call connects again). */
  close(): Promise<void>;
  /**
   * Resolves when the database answers a trivial query (connects first if needed): the API's readiness check.
   * @throws when it cannot be reached
   */
  ping?(): Promise<void>;
  /**
   * Password hashes upgraded at sign-in (records/password-hashes.ts); absent where the access has none.
   * @throws when the database cannot be reached
   */
  passwordHashes?(): Promise<PasswordHashRecords>;
}

/**
 * The records database as a {@link CaseArchive} and its reads, connected (and migrated) on first use; a failed
 * connect is tried again on the next call. `close()` ends its pool.
 * @param url connection string; default DATABASE_URL (see recordsDatabaseUrl)
 */
export function lazyArchive(url?: string): RecordsAccess {
  let opened: Promise<Records> | undefined;
  const records = () =>
    (opened ??= openRecords(url ? { url } : {}).catch((err: unknown) => {
      opened = undefined;
      throw err;
    }));
  return {
    getCase: async (caseId) => (await records()).store.getCase(caseId),
    reads: async () => new RecordReads((await records()).db),
    entries: async (caseId) => (await records()).store.entries(caseId),
    recordCustody: async (caseId, lines) => (await records()).store.recordCustody(caseId, lines),
    addenda: async (caseId) => (await records()).store.addenda(caseId),
    addAddendum: async (caseId, fact, rule) => (await records()).store.addAddendum(caseId, fact, rule),
    passwordHashes: async () => new PasswordHashRecords((await records()).db),
    ping: async () => {
      await sql`select 1`.execute((await records()).db);
    },
    close: async () => {
      const current = opened;
      opened = undefined;
      if (current) await (await current.catch(() => undefined))?.close();
    },
  };
}
