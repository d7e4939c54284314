import type { Kysely } from 'kysely';
import type { CaseView } from '../workflows/engine';
import { entryHash } from './chain';
import { changesBetween } from './changes';
import type { RecordsDatabase } from './schema';

/** One place where a case's audit trail is not what was recorded. */
export interface ChainBreak {
  caseId: string;
  /** The entry that was edited or is missing. */
  seq: number;
  problem: 'edited' | 'deleted';
  /** In words, e.g. "entry 3 does not match its hash (edited)". */
  detail: string;
}

/** What {@link verifyRecords} checked and found. */
export interface VerifyReport {
  cases: number;
  entries: number;
  /** Cases removed by retention (records:purge), each with its purge record: not breaks. */
  purged: number;
  breaks: ChainBreak[];
}

/**
 * Walks every case's chain: each entry's hash must match its content, link to the hash of the entry before, and
 * follow it without a gap; a case must have as many entries as its newest snapshot holds changes, plus the facts
 * added after close and the custody lines of its files that its row counts (so a deleted last change, addendum or
 * custody line shows too), and no entries may exist without their case. A case purged by retention has no rows left and a
 * purge record instead, so it is counted as purged, not broken. Reads only.
 * @returns every break found, by case and entry; `breaks` empty means the records are as written
 */
export async function verifyRecords(db: Kysely<RecordsDatabase>): Promise<VerifyReport> {
  const breaks: ChainBreak[] = [];
  const cases = await db
    .selectFrom('cases')
    .select(['case_id', 'view', 'addenda', 'custody_lines'])
    .orderBy('case_id')
    .execute();
  // The changes the view accounts for, plus what the case row counts beside them: the facts added after close
  // (migration 0007) and the custody lines of its files (migration 0008).
  const expectedCount = new Map(
    cases.map((c) => [
      c.case_id,
      changesBetween(null, c.view as CaseView).length + Number(c.addenda) + Number(c.custody_lines),
    ]),
  );
  const rows = await db.selectFrom('case_entries').selectAll().orderBy('case_id').orderBy('seq').execute();

  let caseId = '';
  let next = 1;
  let prevHash = '';
  const finish = () => {
    if (!caseId) return;
    const expected = expectedCount.get(caseId);
    if (expected === undefined) {
      breaks.push({ caseId, seq: next - 1, problem: 'deleted', detail: `case ${caseId} has entries but no case row` });
    }
    for (let seq = next; expected !== undefined && seq <= expected; seq++) {
      breaks.push({ caseId, seq, problem: 'deleted', detail: `entry ${seq} of case ${caseId} is missing (deleted)` });
    }
    expectedCount.delete(caseId);
  };
  for (const row of rows) {
    if (row.case_id !== caseId) {
      finish();
      caseId = row.case_id;
      next = 1;
      prevHash = '';
    }
    for (; next < row.seq; next++) {
      breaks.push({
        caseId,
        seq: next,
        problem: 'deleted',
        detail: `entry ${next} of case ${caseId} is missing (deleted)`,
      });
    }
    const hash = entryHash({ caseId, seq: row.seq, kind: row.kind, body: row.body, prevHash: row.prev_hash });
    const bodyAt = (row.body as { at?: string }).at;
    if (hash !== row.hash || bodyAt !== row.at.toISOString()) {
      breaks.push({
        caseId,
        seq: row.seq,
        problem: 'edited',
        detail: `entry ${row.seq} of case ${caseId} does not match its hash (edited)`,
      });
    } else if (row.prev_hash !== prevHash && !breaks.some((b) => b.caseId === caseId && b.seq === row.seq - 1)) {
      // Its own hash holds, so the entry before was rewritten (with a new hash) after this one linked to it.
      breaks.push({
        caseId,
        seq: row.seq - 1,
        problem: 'edited',
        detail: `entry ${row.seq - 1} of case ${caseId} is not the one entry ${row.seq} was chained to (edited)`,
      });
    }
    prevHash = row.hash;
    next = row.seq + 1;
  }
  finish();
  for (const [id, expected] of expectedCount) {
    for (let seq = 1; seq <= expected; seq++) {
      breaks.push({ caseId: id, seq, problem: 'deleted', detail: `entry ${seq} of case ${id} is missing (deleted)` });
    }
  }
  const purged = await db.selectFrom('purges').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { cases: cases.length, entries: rows.length, purged: Number(purged.n), breaks };
}
