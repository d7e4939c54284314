import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

/** A child node process of the bench (worker, API, raw worker), run as `node --import tsx <script>`. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Last lines of output, for errors. */
  tail(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

/**
 * Starts `script` in its own node process (so its RSS is its own) and resolves once its output matches `ready`.
 * Output is kept only as a short tail: the API logs every request and the bench must not pay for keeping it.
 */
export async function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 180_000,
): Promise<Child> {
  // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there when it exits (open it in Chrome's DevTools, or
  // summarise it with `npx tsx bench/profile-summary.ts <file>`), for profiling a step or an escalation (issue 23).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  let tail = '';
  let isReady = false;
  let onReady: () => void = () => {};
  const onData = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    if (!isReady && ready.test(tail)) {
      isReady = true;
      onReady();
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      resolve();
      // A child that dies mid-run would leave the bench waiting on it: stop with its last output instead.
      if (isReady && !stopping) {
        console.error(`${name} exited during the run (${code ?? signal}):\n${tail}`);
        process.exit(1);
      }
    }),
  );
  const child: Child = {
    name,
    proc,
    pid: proc.pid!,
    tail: () => tail,
    stop: async () => {
      stopping = true;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in ${timeoutMs} ms:\n${tail}`)), timeoutMs);
    onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    if (isReady) onReady();
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited during startup:\n${tail}`));
    });
  });
  return child;
}

/** Resident set size of a process in MB (from /proc), or NaN where there is no /proc. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return NaN;
  }
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

/**
 * A process's command name and CPU seconds from /proc/<pid>/stat: its own (utime + stime) and those of the children it
 * reaped (cutime + cstime); undefined when there is no such process (or no /proc).
 */
function procStat(pid: number | string): { comm: string; own: number; reaped: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces, hence the last ')'): utime, stime, cutime and cstime are the
  // 14th to 17th; USER_HZ is 100 on Linux.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    own: (Number(fields[11]) + Number(fields[12])) / 100,
    reaped: (Number(fields[13]) + Number(fields[14])) / 100,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; NaN where there is no /proc. */
export function cpuSeconds(pid: number): number {
  return procStat(pid)?.own ?? NaN;
}

/**
 * CPU seconds (user + system) used so far by every part of a bench run on this machine, from /proc: the node
 * processes named in `pids` (worker, API, raw worker, this driver), the Temporal server (processes whose command
 * starts with `temporal`) and PostgreSQL (every `postgres` process, with the backends that already exited, which their
 * postmaster reaped: its cutime + cstime). Parts whose processes are not found are 0.
 */
export function cpuByPart(pids: Record<string, number>): Record<string, number> {
  const parts: Record<string, number> = { temporal: 0, postgres: 0 };
  for (const name of Object.keys(pids)) parts[name] = 0;
  const byPid = new Map(Object.entries(pids).map(([name, pid]) => [pid, name]));
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return parts;
  }
  for (const entry of entries) {
    const stat = procStat(entry);
    if (!stat) continue; // exited meanwhile
    const named = byPid.get(Number(entry));
    if (named) parts[named]! += stat.own;
    else if (stat.comm.startsWith('temporal')) parts.temporal! += stat.own;
    else if (stat.comm === 'postgres') parts.postgres! += stat.own + stat.reaped;
  }
  return parts;
}

/** CPU ms per operation of each part between two {@link cpuByPart} readings, `operations` apart. */
export function cpuPerOperation(
  before: Record<string, number>,
  after: Record<string, number>,
  operations: number,
): Record<string, number> {
  const per: Record<string, number> = {};
  for (const [part, seconds] of Object.entries(after)) {
    per[part] = Math.round(((seconds - (before[part] ?? 0)) * 1000 * 10) / operations) / 10;
  }
  return per;
}
