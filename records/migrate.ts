import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-records';
import * as m0002 from './migrations/0002-read-indexes';
import * as m0003 from './migrations/0003-purges';
import * as m0004 from './migrations/0004-read-speed';
import * as m0005 from './migrations/0005-password-hashes';
import * as m0006 from './migrations/0006-picked-person';
import * as m0007 from './migrations/0007-addenda';
import * as m0008 from './migrations/0008-custody-count';

/**
 * Kysely's Migrator with the migrations compiled in (no directory scan, so it works the same under tsx, jest and a
 * bundle). Migrations run in name order, each once; Kysely takes a lock table, so two processes starting together
 * (worker and API) migrate once.
 */
export function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        '0001-records': m0001,
        '0002-read-indexes': m0002,
        '0003-purges': m0003,
        '0004-read-speed': m0004,
        '0005-password-hashes': m0005,
        '0006-picked-person': m0006,
        '0007-addenda': m0007,
        '0008-custody-count': m0008,
      }),
    },
  });
}

/**
 * Brings the database to the newest schema.
 * @returns the names of the migrations applied now (empty when it was up to date)
 * @throws the first migration's error, with the migration named
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`records: migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause.message}`, { cause });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
