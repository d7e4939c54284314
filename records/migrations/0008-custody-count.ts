import { sql, type Kysely } from 'kysely';

/**
 * The lines of a case's files' chain of custody copied into its audit trail (entries of kind `custody`) are counted
 * on the case row (`cases.custody_lines`), as the facts added after close are (migration 0007): verify-records then
 * knows how many the chain must hold, so a deleted LAST custody entry shows too (before, the count came from the
 * entries found, and the last one could go unnoticed). Existing rows count what their chain holds now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN custody_lines integer NOT NULL DEFAULT 0 CHECK (custody_lines >= 0)`.execute(
    db,
  );
  await sql`
    UPDATE cases SET custody_lines = counted.n
    FROM (SELECT case_id, count(*)::int AS n FROM case_entries WHERE kind = 'custody' GROUP BY case_id) AS counted
    WHERE counted.case_id = cases.case_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases DROP COLUMN custody_lines`.execute(db);
}
