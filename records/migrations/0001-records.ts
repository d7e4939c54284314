import { sql, type Kysely } from 'kysely';

/** Cases (newest snapshot per case), the chained append-only entries, and in-app notices. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Trigram search (a two-character Chinese name, a phone fragment); a trusted extension since PostgreSQL 13.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await db.schema
    .createTable('cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('drill', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('next_due_at', 'timestamptz')
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('escalation_level', 'integer', (c) => c.notNull())
    .addColumn('awaiting_roles', sql`text[]`, (c) => c.notNull())
    .addColumn('escalated_to', sql`text[]`, (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('view', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('cases_site_status_updated')
    .on('cases')
    .columns(['site', 'status', 'updated_at desc'])
    .execute();
  await db.schema.createIndex('cases_procedure_started').on('cases').columns(['procedure', 'started_at']).execute();
  await sql`CREATE INDEX cases_next_due ON cases (next_due_at) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX cases_awaiting_roles ON cases USING gin (awaiting_roles)`.execute(db);
  await sql`CREATE INDEX cases_escalated_to ON cases USING gin (escalated_to)`.execute(db);
  await sql`CREATE INDEX cases_search_text ON cases USING gin (search_text gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable('case_entries')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('case_entries_pk', ['case_id', 'seq'])
    .execute();
  await db.schema.createIndex('case_entries_kind_at').on('case_entries').columns(['kind', 'at']).execute();
  // Nothing recorded is updated in place: the database itself refuses it (a purge deletes whole cases).
  await sql`
    CREATE FUNCTION case_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_entries is append-only: entry % of case % cannot be updated', OLD.seq, OLD.case_id;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER case_entries_no_update BEFORE UPDATE ON case_entries
    FOR EACH ROW EXECUTE FUNCTION case_entries_append_only()`.execute(db);

  await db.schema
    .createTable('notices')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('about', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notices_site_role_at').on('notices').columns(['site', 'role', 'at']).execute();
  await db.schema.createIndex('notices_case').on('notices').column('case_id').execute();
}

/** Drops everything the migration made (for a fresh start in development; records are lost). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notices').execute();
  await db.schema.dropTable('case_entries').execute();
  await sql`DROP FUNCTION case_entries_append_only()`.execute(db);
  await db.schema.dropTable('cases').execute();
}
