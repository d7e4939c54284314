import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { postgresBin } from './local-cluster';

const run = promisify(execFile);

/**
 * Writes the whole records database at `url` to `file` with pg_dump (custom format, compressed), one consistent
 * snapshot while the app keeps writing. Works for the embedded cluster and any PostgreSQL 13+ alike (the local
 * pg_dump must be at least the server's major version).
 * @throws pg_dump's error output when it fails
 */
export async function backupRecords(url: string, file: string): Promise<void> {
  await run(path.join(postgresBin(), 'pg_dump'), ['--format=custom', '--no-owner', `--file=${file}`, url]).catch(
    (err: Error & { stderr?: string }) => {
      throw new Error(`records: pg_dump failed: ${err.stderr || err.message}`);
    },
  );
}

/**
 * Restores a {@link backupRecords} file into the (empty or stale) database at `url`: its tables are dropped and made
 * again from the file, so afterwards it holds exactly what the backup held.
 * @throws pg_restore's error output when it fails
 */
export async function restoreRecords(url: string, file: string): Promise<void> {
  await run(path.join(postgresBin(), 'pg_restore'), [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    `--dbname=${url}`,
    file,
  ]).catch((err: Error & { stderr?: string }) => {
    throw new Error(`records: pg_restore failed: ${err.stderr || err.message}`);
  });
}
