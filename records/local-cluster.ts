import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster on this machine, made from Debian's (or any local) PostgreSQL binaries. */
export interface LocalCluster {
  /** Connection string of the cluster's `records` database, e.g. postgres://postgres@127.0.0.1:55432/records */
  url: string;
  /** The cluster's data directory. */
  dir: string;
  port: number;
  /** Stops the cluster (fast shutdown); the data stays in `dir`. */
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  /** Data directory; created with initdb when it holds no cluster yet. */
  dir: string;
  /** TCP port on 127.0.0.1; a free one when omitted. A cluster already running in `dir` keeps its own. */
  port?: number;
  /** Database to create (if missing) and connect to. Default `records`. */
  database?: string;
}

/**
 * Directory of the PostgreSQL server binaries: $PG_BIN, else the newest /usr/lib/postgresql/<major>/bin.
 * @throws when none is installed (scripts/setup-postgres-profile.sh installs Debian's postgresql)
 */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin', 'postgres')))
    : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("records: no PostgreSQL server binaries (install Debian's postgresql, or set PG_BIN)");
  return path.join(root, newest, 'bin');
}

// PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user (Debian's package creates it).
const asRoot = () => process.getuid?.() === 0;
/**
 * Runs one of PostgreSQL's tools (`initdb`, `psql`, `createdb`, `pg_ctl`, …) from {@link postgresBin} with `args`; as
 * root, as the `postgres` user. Resolves to its stdout and stderr.
 * @throws the child process error (with `stderr`) when the tool fails
 */
export async function pgTool(tool: string, args: string[]) {
  const bin = path.join(postgresBin(), tool);
  return asRoot() ? run('runuser', ['-u', 'postgres', '--', bin, ...args]) : run(bin, args);
}

/**
 * Starts (initialising first if needed) a cluster in `dir`, listening on 127.0.0.1 only, trust authentication for
 * local connections, and creates the database. A cluster already running in `dir` is reused, not started twice.
 * @throws when initdb or pg_ctl fails (their output is in the message; the server log is `dir`/server.log)
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const dir = path.resolve(options.dir);
  const database = options.database ?? 'records';
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await initCluster(dir, smallCluster);
  let port = runningPort(dir);
  if (port === undefined) {
    port = options.port ?? (await freePort());
    await pgTool('pg_ctl', [
      '-D',
      dir,
      '-w',
      '-t',
      '120',
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]).catch((err: Error & { stderr?: string }) => {
      const log = path.join(dir, 'server.log');
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`records: pg_ctl start failed in ${dir}: ${err.stderr ?? err.message}\n${tail}`);
    });
  }
  await ensureDatabase(port, database);
  const started = port;
  return {
    url: `postgres://postgres@127.0.0.1:${started}/${database}`,
    dir,
    port: started,
    stop: () => stopLocalCluster(dir),
  };
}

/** Stops the cluster running in `dir` (fast shutdown: open transactions roll back); nothing when none runs. */
export async function stopLocalCluster(dir: string): Promise<void> {
  if (runningPort(path.resolve(dir)) !== undefined) {
    await pgTool('pg_ctl', ['-D', path.resolve(dir), '-m', 'fast', '-w', 'stop']);
  }
}

/**
 * Creates `database` in the cluster listening on 127.0.0.1:`port` unless it exists.
 * @throws when psql or createdb fails
 */
export async function ensureDatabase(port: number, database: string): Promise<void> {
  const exists = await pgTool('psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-Atc',
    `SELECT 1 FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`,
  ]);
  if (exists.stdout.trim() !== '1') {
    await pgTool('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  }
}

// Small by default: the embedded cluster serves one site's app beside Temporal on a laptop or a small server.
const smallCluster = ['max_connections = 50', 'shared_buffers = 32MB', 'unix_socket_permissions = 0777'];

/**
 * Makes a new cluster in `dir` (created, mode 0700, owned by `postgres` when run as root): user `postgres`, trust
 * authentication, UTF-8; `settings` (postgresql.conf lines) are appended to its postgresql.auto.conf.
 * @throws when initdb fails (its output is in the message)
 */
export async function initCluster(dir: string, settings: readonly string[] = []): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o700);
  if (asRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await pgTool('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']).catch(
    (err: Error & { stderr?: string }) => {
      throw new Error(`records: initdb in ${dir} failed: ${err.stderr ?? err.message}`);
    },
  );
  if (settings.length)
    await writeFile(path.join(dir, 'postgresql.auto.conf'), `${settings.join('\n')}\n`, { flag: 'a' });
}

/** The port of the postmaster running in `dir` (from postmaster.pid), or undefined when none is alive. */
function runningPort(dir: string): number | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return Number(lines[3]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
