import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from './schema';

/**
 * A password hash that replaced a weaker one of config/users.yaml at a sign-in. `replaces` is the SHA-256 (hex) of the
 * users.yaml hash it stands in for: when an administrator sets a new hash there, this one no longer applies.
 */
export interface UpgradedHash {
  userId: string;
  /** The new hash (argon2id PHC string). */
  hash: string;
  /** SHA-256, hex, of the users.yaml hash it replaces. */
  replaces: string;
}

/** The upgraded password hashes in the records database (table password_hashes, migration 0005). */
export class PasswordHashRecords {
  constructor(private readonly db: Kysely<RecordsDatabase>) {}

  /** The user's upgraded hash, or undefined when none was made. @throws when the database cannot be reached */
  async get(userId: string): Promise<UpgradedHash | undefined> {
    const row = await this.db
      .selectFrom('password_hashes')
      .select(['user_id', 'hash', 'replaces'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && { userId: row.user_id, hash: row.hash, replaces: row.replaces };
  }

  /** Stores (or replaces) the user's upgraded hash. @throws when the database cannot be reached */
  async put(entry: UpgradedHash): Promise<void> {
    await this.db
      .insertInto('password_hashes')
      .values({ user_id: entry.userId, hash: entry.hash, replaces: entry.replaces })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ hash: entry.hash, replaces: entry.replaces, upgraded_at: sql`now()` }),
      )
      .execute();
  }
}
