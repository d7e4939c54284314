/**
 * A real PostgreSQL server for tests (Debian's binaries, /usr/lib/postgresql/<major>/bin or $PG_BIN), started by the
 * test in a throwaway directory, in the foreground under {@link startProcess}: no mock, no shared server.
 * As root it runs as the `postgres` user (PostgreSQL refuses root).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, initCluster, pgTool, postgresBin } from '../../records';
import { freePort, startProcess, type ProcessHandle } from './process';
import { waitFor } from './wait';

const asRoot = () => process.getuid?.() === 0;

/** A test's PostgreSQL server; `stop()` then `start()` takes it down and brings it back on the same port and data. */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** Fast shutdown (connections are cut); the data stays. */
  stop(): Promise<void>;
  /** Starts it again after stop(). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

/** initdb in a temp directory, starts `postgres` on a free port, creates `database` (default `records`). */
export async function startTestPostgres(database = 'records'): Promise<TestPostgres> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'procwf-records-pg-'));
  await chmod(root, 0o755); // as root, the postgres user reaches the cluster through it
  // The cluster's own directory (owned by postgres when run as root) also holds its socket.
  const dir = path.join(root, 'data');
  await initCluster(dir);
  const port = await freePort();
  let server: ProcessHandle | undefined;
  const start = async () => {
    const args = ['-D', dir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    const bin = path.join(postgresBin(), 'postgres');
    server = asRoot()
      ? startProcess('runuser', ['-u', 'postgres', '--', bin, ...args], {}, { name: 'postgres' })
      : startProcess(bin, args, {}, { name: 'postgres' });
    await server.waitForOutput(/database system is ready to accept connections/, 60_000);
  };
  const stop = async () => {
    if (!server?.running) return;
    server.signal('SIGINT'); // fast shutdown
    await server.exited;
  };
  await start();
  await waitFor(() => pgTool('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-Atc', 'SELECT 1']), {
    timeoutMs: 30_000,
    what: 'PostgreSQL to answer',
  });
  await ensureDatabase(port, database);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    stop,
    start,
    destroy: async () => {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
