/**
 * Child processes for integration tests (Temporal dev server, worker processes in durability tests).
 *
 * Each child runs in its own process group, so `kill9()` also takes down grandchildren (e.g. `npx tsx worker/main.ts`
 * spawns node under npx). Children still alive when the test process exits are SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Repository root (this file lives in tests/support/). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Where scripts/setup-tools.sh puts the Temporal CLI and the test server wrapper. */
export const toolsBin = path.join(repoRoot, '.tools', 'bin');

export interface StartProcessOptions {
  /** Working directory; defaults to the repository root. */
  cwd?: string;
  /** When false, `env` replaces process.env instead of extending it. Default true. */
  inheritEnv?: boolean;
  /** How many characters of combined stdout/stderr to keep for `output()`. Default 256 KiB. */
  maxOutputChars?: number;
  /** Also copy the child's output to this process's stderr, prefixed with `[name]`. Default false. */
  echo?: boolean;
  /** Label used in errors and echoed output; defaults to the command's basename. */
  name?: string;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** A running child process started by {@link startProcess}. */
export class ProcessHandle {
  readonly name: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  private buffer = '';
  private exitInfo: ExitInfo | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly child: ChildProcess,
    name: string,
    private readonly maxOutputChars: number,
    echo: boolean,
  ) {
    this.name = name;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.buffer += text;
      if (this.buffer.length > this.maxOutputChars) this.buffer = this.buffer.slice(-this.maxOutputChars);
      if (echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
      for (const listener of this.listeners) listener();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise<ExitInfo>((resolve) => {
      const done = (info: ExitInfo) => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        live.delete(child);
        for (const listener of this.listeners) listener();
        resolve(info);
      };
      child.once('exit', (code, signal) => done({ code, signal }));
      child.once('error', (err) => {
        this.buffer += `\n[spawn error] ${err.message}\n`;
        done({ code: null, signal: null });
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid (spawn failed?)`);
    return this.child.pid;
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Exit code/signal once exited, otherwise undefined. */
  get exitStatus(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** The tail of combined stdout/stderr. */
  output(): string {
    return this.buffer;
  }

  /** Resolves with the first match of `pattern` in the output (past or future); rejects on exit or timeout. */
  waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.buffer.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        } else if (this.exitInfo) {
          cleanup();
          reject(
            new Error(
              `${this.name} exited (${describeExit(this.exitInfo)}) before printing ${pattern}\n${this.buffer}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms\n${this.buffer}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Sends `signal` to the process group. */
  signal(signal: NodeJS.Signals): void {
    killGroup(this.child, signal);
  }

  /** SIGTERM, wait for exit; SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs = 10_000): Promise<ExitInfo> {
    if (!this.running) return this.exitInfo as ExitInfo;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL (kill -9) the process group and wait for the exit. */
  async kill9(): Promise<ExitInfo> {
    this.signal('SIGKILL');
    return this.exited;
  }
}

/**
 * Spawns `cmd args` with `env` added to (or, with `inheritEnv: false`, replacing) process.env.
 * stdout/stderr are captured (see {@link ProcessHandle.output}); stdin is closed.
 */
export function startProcess(
  cmd: string,
  args: readonly string[] = [],
  env: Record<string, string | undefined> = {},
  options: StartProcessOptions = {},
): ProcessHandle {
  installExitHook();
  const child = spawn(cmd, [...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.inheritEnv === false ? env : { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, see killGroup()
  });
  live.add(child);
  return new ProcessHandle(
    child,
    options.name ?? path.basename(cmd),
    options.maxOutputChars ?? 256 * 1024,
    options.echo ?? false,
  );
}

/** kill -9 of a pid (and, when it leads one, its process group). No error if it is already gone. */
export function kill9(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // no such process (group)
    }
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

export function describeExit(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `code ${String(info.code)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
