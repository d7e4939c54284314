import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
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

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; NaN where there is no /proc. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14th and 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
