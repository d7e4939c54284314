import { spawn } from 'node:child_process';
import path from 'node:path';
import { DevServer } from '../tests/support/dev-server';

/** The Temporal server a bench run measures on, and how to stop it. */
export interface BenchTemporal {
  /** `host:port` of its frontend. */
  address: string;
  /** What it is, for the results file. */
  describe: string;
  /** A records database on the same PostgreSQL (the PostgreSQL profile only). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/**
 * `dev` (default): a Temporal CLI dev server on SQLite. `pg`: Temporal on PostgreSQL, the production profile
 * (docs/production.md), started by scripts/temporal-postgres-server.sh as scripts/smoke-postgres.sh starts it, with a
 * `records` database beside Temporal's for the app. Chosen by BENCH_TEMPORAL.
 * @throws Error when the server does not come up within `timeoutMs` (its last output in the message)
 */
export async function startBenchTemporal(kind: string, timeoutMs = 600_000): Promise<BenchTemporal> {
  if (kind === 'dev') {
    const server = await DevServer.start();
    return {
      address: server.address,
      describe: 'temporal CLI dev server (SQLite)',
      dispose: () => server.dispose(),
    };
  }
  if (kind !== 'pg') throw new Error(`BENCH_TEMPORAL=${kind}: use dev or pg`);
  const script = path.join(__dirname, '..', 'scripts', 'temporal-postgres-server.sh');
  const proc = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  process.on('exit', () => {
    if (proc.exitCode === null) process.kill(-proc.pid!, 'SIGTERM');
  });
  let out = '';
  const ready = await new Promise<{ address: string; databaseUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Temporal on PostgreSQL not ready:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-4000);
      const m = /ready TEMPORAL_ADDRESS=(\S+) DATABASE_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ address: m[1]!, databaseUrl: m[2]! });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Temporal on PostgreSQL exited (${code}):\n${out}`));
    });
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    ...ready,
    describe: 'Temporal server on PostgreSQL (config/temporal-postgres/, the production profile)',
    dispose: async () => {
      if (proc.exitCode !== null) return;
      process.kill(-proc.pid!, 'SIGTERM');
      await exited;
    },
  };
}
