import { sql, type Kysely } from 'kysely';

/**
 * What retention removed: one row per purged case (what it was, how many entries its chain held and the hash of the
 * last), kept for ever and never changed, so an audit sees a purge rather than a gap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('purges')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('retention_years', 'integer', (c) => c.notNull())
    .addColumn('purged_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    CREATE FUNCTION purges_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'purges is append-only: the purge of case % cannot be changed or removed', OLD.case_id;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER purges_no_change BEFORE UPDATE OR DELETE ON purges
    FOR EACH ROW EXECUTE FUNCTION purges_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('purges').execute();
  await sql`DROP FUNCTION purges_append_only()`.execute(db);
}
