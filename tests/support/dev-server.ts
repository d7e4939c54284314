/**
 * A Temporal CLI dev server (`temporal server start-dev`) on a SQLite file, for tests that need a real server:
 * persistence across restarts, visibility queries on the custom search attributes, durability (kill -9) tests.
 *
 * Needs `.tools/bin/temporal` (run `bash scripts/setup-tools.sh`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeCliPairs } from '../../workflows/engine/search-attributes';
import { describeExit, freePort, sleep, startProcess, toolsBin, type ProcessHandle } from './process';

export interface DevServerOptions {
  /** SQLite file; default: `temporal.sqlite` in a fresh temp directory (removed by `dispose()`). */
  dbFilename?: string;
  /** gRPC port on 127.0.0.1; default: a free port, chosen once and kept across restarts. */
  port?: number;
  /** HTTP API port; default: chosen by the CLI. */
  httpPort?: number;
  /** Web UI port; default: no UI (`--headless`). */
  uiPort?: number;
  /** `Name=Type` pairs for `--search-attribute`; default: {@link searchAttributeCliPairs}(). */
  searchAttributes?: string[];
  /** Extra namespaces to create (`default` always exists). */
  namespaces?: string[];
  /** CLI `--log-level`; default `error`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** More CLI flags, e.g. `['--dynamic-config-value', 'K=V']`. */
  extraArgs?: string[];
  /** How long `start()`/`restart()` wait for the namespace to answer; default 30 s. */
  startTimeoutMs?: number;
  /** Copy the server's output to stderr. Default false (it is still included in startup errors). */
  echo?: boolean;
  /** CLI binary; default `<repo>/.tools/bin/temporal`. */
  executable?: string;
}

export class DevServer {
  readonly host = '127.0.0.1';
  readonly namespace = 'default';
  readonly dbFilename: string;
  private portNumber: number | undefined;
  private proc: ProcessHandle | undefined;
  private readonly tempDir: string | undefined;

  /** Creates and starts a server; see {@link DevServerOptions}. */
  static async start(options: DevServerOptions = {}): Promise<DevServer> {
    const server = new DevServer(options);
    await server.start();
    return server;
  }

  constructor(private readonly options: DevServerOptions = {}) {
    if (options.dbFilename) {
      this.dbFilename = options.dbFilename;
    } else {
      this.tempDir = mkdtempSync(path.join(os.tmpdir(), 'procwf-devserver-'));
      this.dbFilename = path.join(this.tempDir, 'temporal.sqlite');
    }
    this.portNumber = options.port;
  }

  /** gRPC port (known once started). */
  get port(): number {
    if (this.portNumber === undefined) throw new Error('DevServer: not started yet');
    return this.portNumber;
  }

  /** `host:port` for `Connection.connect({ address })` / `NativeConnection.connect({ address })`. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Whether the server process is running. */
  get running(): boolean {
    return this.proc?.running ?? false;
  }

  /** The server process (while started), e.g. for its pid or output. */
  get process(): ProcessHandle | undefined {
    return this.proc;
  }

  /** Starts the server process and waits until namespace `default` answers. */
  async start(): Promise<void> {
    if (this.running) throw new Error('DevServer: already running');
    const executable = this.options.executable ?? path.join(toolsBin, 'temporal');
    if (!existsSync(executable)) {
      throw new Error(`DevServer: ${executable} not found; run: bash scripts/setup-tools.sh`);
    }
    this.portNumber ??= await freePort();
    const args = [
      'server',
      'start-dev',
      '--ip',
      this.host,
      '--port',
      String(this.portNumber),
      '--db-filename',
      this.dbFilename,
      '--log-level',
      this.options.logLevel ?? 'error',
    ];
    if (this.options.uiPort !== undefined) args.push('--ui-port', String(this.options.uiPort));
    else args.push('--headless');
    if (this.options.httpPort !== undefined) args.push('--http-port', String(this.options.httpPort));
    for (const ns of this.options.namespaces ?? []) args.push('--namespace', ns);
    for (const pair of this.options.searchAttributes ?? searchAttributeCliPairs())
      args.push('--search-attribute', pair);
    args.push(...(this.options.extraArgs ?? []));

    const proc = startProcess(executable, args, {}, { name: 'temporal-dev-server', echo: this.options.echo });
    this.proc = proc;
    try {
      await this.waitUntilReady(proc, this.options.startTimeoutMs ?? 30_000);
    } catch (err) {
      await proc.kill9();
      throw err;
    }
  }

  /** SIGTERM and wait for the process to exit (SIGKILL after 15 s). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    await proc.stop(15_000);
  }

  /** SIGKILL (simulated crash) and wait for the process to exit. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    await proc.kill9();
  }

  /** Stops (if running) and starts again on the same SQLite file and the same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and removes the temp directory it created (if any). */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  /** A new client Connection to this server (close it when done). */
  connect(): Promise<Connection> {
    return Connection.connect({ address: this.address, connectTimeout: '5s' });
  }

  private searchAttributeNames(): string[] {
    return (this.options.searchAttributes ?? searchAttributeCliPairs()).map((pair) => pair.split('=')[0] ?? pair);
  }

  private async waitUntilReady(proc: ProcessHandle, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (!proc.running) {
        const exit = proc.exitStatus ? describeExit(proc.exitStatus) : 'unknown';
        throw new Error(`DevServer: temporal exited (${exit}) during startup:\n${proc.output()}`);
      }
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address: this.address, connectTimeout: '2s' });
        await connection.workflowService.describeNamespace({ namespace: this.namespace });
        const { customAttributes } = await connection.operatorService.listSearchAttributes({
          namespace: this.namespace,
        });
        const missing = this.searchAttributeNames().filter((name) => !(name in (customAttributes ?? {})));
        if (missing.length === 0) return;
        lastError = new Error(`search attributes not registered yet: ${missing.join(', ')}`);
      } catch (err) {
        lastError = err;
      } finally {
        await connection?.close().catch(() => undefined);
      }
      await sleep(100);
    }
    throw new Error(
      `DevServer: ${this.address} not ready within ${timeoutMs} ms: ${String(lastError)}\n${proc.output()}`,
    );
  }
}
