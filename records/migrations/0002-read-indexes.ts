import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the reads from the records: list order (newest started first) and the change feed (updated since); and
 * search text that includes nested intake and step fields (a customer's name and phone sit in an object), as the store
 * now writes it, for rows written before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_started_case ON cases (started_at DESC, case_id DESC)`.execute(db);
  await sql`CREATE INDEX cases_updated_at ON cases (updated_at)`.execute(db);
  await sql`
    UPDATE cases SET search_text = concat_ws(' ', number, (
      SELECT string_agg(DISTINCT t, ' ') FROM (
        SELECT jsonb_path_query(view, 'lax $.intake.data.** ? (@.type() == "string")') #>> '{}' AS t
        UNION SELECT jsonb_path_query(view, 'lax $.history[*].data.** ? (@.type() == "string")') #>> '{}'
      ) texts))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_updated_at`.execute(db);
  await sql`DROP INDEX cases_started_case`.execute(db);
}
