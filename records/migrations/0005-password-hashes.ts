import { sql, type Kysely } from 'kysely';

/**
 * Password hashes made at sign-in to replace a weaker one of config/users.yaml (issue 22 point 8; see
 * records/password-hashes.ts): one row per user, `replaces` the SHA-256 of the users.yaml hash it stands in for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('password_hashes')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('replaces', 'text', (c) => c.notNull())
    .addColumn('upgraded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_hashes').execute();
}
