import { sql, type Kysely, type Transaction } from 'kysely';
import { pickedBy, type Addendum, type CaseView, type InAppNotice } from '../workflows/engine';
import { entryHash } from './chain';
import { changesBetween, type CaseChange } from './changes';
import type { ChainedEntry } from './files/ledger';
import type { RecordsDatabase } from './schema';

/** One in-app notice to a role's inbox (or to one person of it, `user`), written with the change that caused it (idempotent on `key`). */
export type RecordedNotice = InAppNotice;

/**
 * What the workflow sends after a change of a case: the whole view as of `revision`, and the notices the change
 * delivers. Revisions of one case strictly increase with each change.
 */
export interface CaseWrite {
  /** The case view as the workflow's query would answer it at this revision. */
  view: CaseView;
  /** Per-case change counter (a positive integer); a write not newer than the stored one changes no case row. */
  revision: number;
  notices?: RecordedNotice[];
}

/**
 * What a write did: `applied` false means the store already held this revision or a newer one, or retention purged
 * the case (then `revision` is 0).
 */
export interface WriteResult {
  applied: boolean;
  /** The case's revision in the store after the write. */
  revision: number;
  /** Entries appended to the case's chain by this write. */
  appended: number;
  /** Notices new to the store (a repeated key is not counted). */
  noticesAdded: number;
}

/** One entry of a case's audit trail as stored. */
export interface CaseEntry {
  caseId: string;
  seq: number;
  /**
   * A change of the case; `custody`: a line of its files' chain of custody (body: the ledger's line); `addendum`: a
   * fact added after the case closed (body: the {@link Addendum} without its seq).
   */
  kind: CaseChange['kind'] | 'custody' | 'addendum';
  /** ISO time of the change. */
  at: string;
  body: CaseChange['body'];
  prevHash: string;
  hash: string;
}

/** A fact to add to a closed case: what it is, who adds it in which role, and when (ISO). */
export type AddendumInput = Omit<Addendum, 'seq'>;

/**
 * What {@link RecordStore.addAddendum} did: the entry appended, or why nothing was: the records never heard of the
 * case (`not_recorded`), retention purged it (`purged`), it is still open (`case_open`), or the rule refused it (the
 * rule's own key).
 */
export type AddendumResult = { added: Addendum } | { refused: string };

/** The newest recorded snapshot of a case. */
export interface CaseRecord {
  view: CaseView;
  revision: number;
}

/**
 * The app's records of cases in PostgreSQL: the newest snapshot of each case and its chained, append-only entries.
 *
 * Writes are idempotent and ordered by the case's revision: the same write twice, or an older one after a newer,
 * leaves the store as the newest write left it; the entries between two snapshots are derived from the snapshots
 * (see {@link changesBetween}), so no change is lost or recorded twice whatever order writes arrive in.
 */
export class RecordStore {
  constructor(readonly db: Kysely<RecordsDatabase>) {}

  /**
   * Records one change of a case, in one transaction.
   * @throws when the database is unreachable or refuses the write (the caller retries; nothing was written)
   */
  async write(write: CaseWrite): Promise<WriteResult> {
    if (!Number.isSafeInteger(write.revision) || write.revision < 1) {
      throw new RangeError(
        `records: revision of case ${write.view.caseId} must be a positive integer, not ${write.revision}`,
      );
    }
    return this.db.transaction().execute(async (tx) => {
      const caseId = write.view.caseId;
      // One writer per case at a time: the snapshot check and the chain's head must not race another write.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${caseId}, 16))`.execute(tx);
      // A case retention purged stays purged: a late write (or a backfill) does not bring part of it back.
      const purged = await tx.selectFrom('purges').select('case_id').where('case_id', '=', caseId).executeTakeFirst();
      if (purged) return { applied: false, revision: 0, appended: 0, noticesAdded: 0 };
      const noticesAdded = await insertNotices(tx, write.notices ?? []);
      const stored = await tx
        .selectFrom('cases')
        .select(['revision', 'view'])
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      const storedRevision = stored ? Number(stored.revision) : 0;
      if (stored && storedRevision >= write.revision) {
        return { applied: false, revision: storedRevision, appended: 0, noticesAdded };
      }
      const changes = changesBetween(stored ? (stored.view as CaseView) : null, write.view);
      const appended = await appendEntries(tx, caseId, changes);
      const row = caseRow(write.view, write.revision);
      await tx
        .insertInto('cases')
        .values(row)
        .onConflict((oc) => oc.column('case_id').doUpdateSet(row))
        .execute();
      return { applied: true, revision: write.revision, appended, noticesAdded };
    });
  }

  /**
   * Copies the lines of a case's chain of custody of its files (upload, view, download: the ledger the file routes
   * keep, records/files/ledger.ts) into the case's audit trail, as entries of kind `custody` chained like every other
   * entry, so an export, verify-records and the purge cover them. Copies only the lines after the last one copied
   * (by the ledger's `seq`), so it may be called again with the whole ledger at any time. Copies nothing while the
   * records have no row of the case yet (its first write comes from the workflow; a later call catches up) or once
   * retention purged it.
   * @param lines the case's ledger, oldest first
   * @returns how many lines were copied by this call
   * @throws when the database is unreachable or refuses the write (nothing was written)
   */
  async recordCustody(caseId: string, lines: readonly ChainedEntry[]): Promise<number> {
    if (lines.length === 0) return 0;
    return this.db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${caseId}, 16))`.execute(tx);
      const known = await tx.selectFrom('cases').select('case_id').where('case_id', '=', caseId).executeTakeFirst();
      if (!known) return 0;
      const copied = await tx
        .selectFrom('case_entries')
        .select(sql<number | null>`max((body->>'seq')::int)`.as('seq'))
        .where('case_id', '=', caseId)
        .where('kind', '=', 'custody')
        .executeTakeFirst();
      const after = Number(copied?.seq ?? 0);
      const fresh = lines.filter((l) => l.seq > after).map((l) => ({ kind: 'custody' as const, at: l.at, body: l }));
      const appended = await appendEntries(tx, caseId, fresh);
      // Counted on the case row, so verify-records finds a deleted last custody entry (migration 0008).
      if (appended > 0) {
        await tx
          .updateTable('cases')
          .set({ custody_lines: sql`custody_lines + ${appended}` })
          .where('case_id', '=', caseId)
          .execute();
      }
      return appended;
    });
  }

  /**
   * Appends a fact to a closed case's audit trail (kind `addendum`), in one transaction under the case's lock, so
   * the rule sees every earlier addition and two people adding at once cannot both pass it. Nothing recorded before
   * changes: the case row only counts the addition (`addenda`, which verify-records checks) and its search text gains
   * the fact's words.
   * @param rule the procedure's rule, on the recorded view and the earlier additions of the same fact (oldest first):
   *   a refusal key, or undefined to add
   * @throws when the database is unreachable or refuses the write (nothing was written)
   */
  async addAddendum(
    caseId: string,
    fact: AddendumInput,
    rule: (view: CaseView, earlier: readonly Addendum[]) => string | undefined,
  ): Promise<AddendumResult> {
    return this.db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${caseId}, 16))`.execute(tx);
      const purged = await tx.selectFrom('purges').select('case_id').where('case_id', '=', caseId).executeTakeFirst();
      if (purged) return { refused: 'purged' };
      const row = await tx
        .selectFrom('cases')
        .select(['status', 'view'])
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      if (!row) return { refused: 'not_recorded' };
      if (row.status !== 'closed') return { refused: 'case_open' };
      const earlier = (await addendaOf(tx, caseId)).filter((a) => a.type === fact.type);
      const refused = rule(row.view as CaseView, earlier);
      if (refused !== undefined) return { refused };
      const body = JSON.parse(JSON.stringify(fact)) as AddendumInput;
      await appendEntries(tx, caseId, [{ kind: 'addendum', at: fact.at, body }]);
      const words = stringsOf(fact.data).join(' ');
      await tx
        .updateTable('cases')
        .set({ addenda: sql`addenda + 1`, search_text: sql`search_text || ' ' || ${words}` })
        .where('case_id', '=', caseId)
        .execute();
      const added = (await addendaOf(tx, caseId)).at(-1)!;
      return { added };
    });
  }

  /** The facts added to a case after it closed, oldest first (empty when none or unknown). */
  async addenda(caseId: string): Promise<Addendum[]> {
    return addendaOf(this.db, caseId);
  }

  /** The newest recorded snapshot of a case, or undefined when the records never heard of it. */
  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .select(['view', 'revision'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row && { view: row.view as CaseView, revision: Number(row.revision) };
  }

  /** A case's audit trail, oldest first (empty when unknown). */
  async entries(caseId: string): Promise<CaseEntry[]> {
    const rows = await this.db
      .selectFrom('case_entries')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      caseId: r.case_id,
      seq: r.seq,
      kind: r.kind as CaseEntry['kind'],
      at: r.at.toISOString(),
      body: r.body as CaseChange['body'],
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  /** In-app notices, oldest first; optionally only those of one case. */
  async notices(filter: { caseId?: string } = {}): Promise<RecordedNotice[]> {
    let q = this.db.selectFrom('notices').select(['body']).orderBy('at').orderBy('key');
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    return (await q.execute()).map((r) => r.body as RecordedNotice);
  }
}

async function insertNotices(tx: Transaction<RecordsDatabase>, notices: RecordedNotice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const inserted = await tx
    .insertInto('notices')
    .values(
      notices.map((n) => ({
        key: n.key,
        case_id: n.caseId,
        number: n.number,
        procedure: n.procedure,
        site: n.site,
        role: n.role,
        user_id: n.user ?? null,
        kind: n.kind,
        about: n.about,
        at: n.at,
        body: JSON.stringify(n),
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return inserted.length;
}

/** What the audit trail chains: a change of the case, a line of its files' chain of custody, or an addendum. */
type ChainedItem =
  | CaseChange
  | { kind: 'custody'; at: string; body: ChainedEntry }
  | { kind: 'addendum'; at: string; body: AddendumInput };

async function addendaOf(db: Kysely<RecordsDatabase>, caseId: string): Promise<Addendum[]> {
  const rows = await db
    .selectFrom('case_entries')
    .select(['seq', 'body'])
    .where('case_id', '=', caseId)
    .where('kind', '=', 'addendum')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...(r.body as AddendumInput), seq: r.seq }));
}

async function appendEntries(
  tx: Transaction<RecordsDatabase>,
  caseId: string,
  changes: ChainedItem[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const head = await tx
    .selectFrom('case_entries')
    .select(['seq', 'hash'])
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? '';
  const rows = changes.map((c) => {
    seq += 1;
    // The hash covers the body as it will read back from jsonb (a JSON round trip drops undefined members).
    const body = JSON.parse(JSON.stringify(c.body)) as unknown;
    const hash = entryHash({ caseId, seq, kind: c.kind, body, prevHash });
    const row = { case_id: caseId, seq, kind: c.kind, at: c.at, body: JSON.stringify(body), prev_hash: prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.insertInto('case_entries').values(rows).execute();
  return rows.length;
}

/** The case row's columns, taken from the view (the view itself is kept whole beside them). */
function caseRow(view: CaseView, revision: number) {
  const unacked = view.escalations.filter((e) => !e.ackedAt);
  const texts = [view.number, ...stringsOf(view.intake?.data), ...view.history.flatMap((s) => stringsOf(s.data))];
  return {
    case_id: view.caseId,
    procedure: view.procedure,
    version: view.version,
    site: view.site,
    number: view.number,
    drill: view.drill,
    status: view.status,
    state: view.state,
    revision,
    started_at: view.startedAt,
    updated_at: view.updatedAt,
    closed_at: view.status === 'closed' ? view.updatedAt : null,
    next_due_at: view.nextDueAt,
    overdue: view.breaches.length > 0,
    escalation_level: Math.max(0, ...view.escalations.map((e) => e.level)),
    awaiting_roles: view.awaitingRoles,
    // A rung the on-duty roster passed over (nobody on duty, no deputy) told nobody of its role; one it gave to a person
    // (on duty, or the deputy) told that person, not the role (issue 21 point 3).
    escalated_to: [...new Set(unacked.filter((e) => e.roster?.by !== 'next_rung' && !pickedBy(e)).map((e) => e.to))],
    escalated_to_users: [...new Set(unacked.map(pickedBy).filter((u) => u !== undefined))],
    search_text: [...new Set(texts)].join(' '),
    view: JSON.stringify(view),
  };
}

/** Every string in recorded data, nested ones too (a customer's name and phone sit in an object). */
function stringsOf(data: unknown): string[] {
  if (typeof data === 'string') return [data];
  if (Array.isArray(data)) return data.flatMap(stringsOf);
  if (data && typeof data === 'object') return Object.values(data).flatMap(stringsOf);
  return [];
}
