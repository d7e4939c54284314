import { sql, type Kysely } from 'kysely';

/**
 * Facts added to a closed case (issue 18 point 2, e.g. the police case number given after the case closed) are
 * entries of kind `addendum` in the case's chain, not derived from its view; the case row counts them
 * (`cases.addenda`), so verify-records knows how many the chain must hold and finds the last one deleted too.
 * Existing rows count what their chain already holds (none before this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN addenda integer NOT NULL DEFAULT 0 CHECK (addenda >= 0)`.execute(db);
  await sql`
    UPDATE cases SET addenda = counted.n
    FROM (SELECT case_id, count(*)::int AS n FROM case_entries WHERE kind = 'addendum' GROUP BY case_id) AS counted
    WHERE counted.case_id = cases.case_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases DROP COLUMN addenda`.execute(db);
}
