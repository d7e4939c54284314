import { Kysely, PostgresDialect } from 'kysely';
import path from 'node:path';
import pg from 'pg';
import { dataDir } from '../config';
import { migrateToLatest } from './migrate';
import type { RecordsDatabase } from './schema';
import { RecordStore } from './store';

/** Where `npm start` keeps its embedded records cluster (a Debian PostgreSQL data directory). */
export const embeddedClusterDir = () => path.join(dataDir(), 'records-pg');

/** Port of the embedded cluster on 127.0.0.1 (RECORDS_PG_PORT, default 55432). */
export const embeddedPort = () => Number(process.env.RECORDS_PG_PORT ?? 55432);

/**
 * The records database's connection string: DATABASE_URL (production: any PostgreSQL 13+), else the embedded
 * cluster `npm start` runs (postgres://postgres@127.0.0.1:55432/records).
 */
export function recordsDatabaseUrl(): string {
  return process.env.DATABASE_URL || `postgres://postgres@127.0.0.1:${embeddedPort()}/records`;
}

/**
 * Whether this process keeps records: DATABASE_URL is set (`npm start` sets it to the embedded cluster). Cases the API
 * starts then write every change to the records database; without it they run as before (in-app notices as files).
 */
export const recordsConfigured = () => Boolean(process.env.DATABASE_URL);

/** An open records database: typed queries, the store, and a close that ends the pool. */
export interface Records {
  db: Kysely<RecordsDatabase>;
  store: RecordStore;
  close(): Promise<void>;
}

export interface OpenRecordsOptions {
  /** Connection string; default {@link recordsDatabaseUrl}. */
  url?: string;
  /** Run pending migrations before returning (default true; the app does at start). */
  migrate?: boolean;
  /** Pool size (default 5). */
  max?: number;
}

/**
 * Connects to the records database (a pool; connections are made lazily) and, by default, migrates it.
 * @throws when migrating fails (unreachable database, or a migration's own error)
 */
export async function openRecords(options: OpenRecordsOptions = {}): Promise<Records> {
  const pool = new pg.Pool({
    connectionString: options.url ?? recordsDatabaseUrl(),
    max: options.max ?? 5,
    connectionTimeoutMillis: 5000,
    // No JIT: a report over 100,000 cases spent 2.3 of its 3.5 s compiling itself (bench:reads); these queries are
    // short and run once, so compiling never pays.
    options: '-c jit=off',
  });
  // An idle client that loses its server (database restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<RecordsDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.migrate !== false) await migrateToLatest(db as Kysely<unknown>);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, store: new RecordStore(db), close: () => db.destroy() };
}
