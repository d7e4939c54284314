import { sql, type Kysely } from 'kysely';

/** Indexes for the reads from the records: list order (newest started first) and the change feed (updated since). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_started_case ON cases (started_at DESC, case_id DESC)`.execute(db);
  await sql`CREATE INDEX cases_updated_at ON cases (updated_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_updated_at`.execute(db);
  await sql`DROP INDEX cases_started_case`.execute(db);
}
