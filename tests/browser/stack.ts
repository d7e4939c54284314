/**
 * The app as `npm start` runs it, for browser tests: a Temporal dev server, the app's worker and the API serving the
 * built UI, on free ports, with deadlines short enough to pass during a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import * as activities from '../../activities';
import { createApp } from '../../api/app';
import { loadConfig, type AppConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { appWorkflowBundle, useTempDataDir } from '../support/app-worker';
import { DevServer } from '../support/dev-server';
import { repoRoot } from '../support/process';

export interface Stack {
  baseUrl: string;
  /** What the API logged so far (pino JSON lines, level info: a line per request, as `npm start` logs). */
  apiLog(): string;
  stop(): Promise<void>;
}

/** Builds the UI when its build is missing (scripts/test.sh builds it before jest). */
export function ensureUiBuilt(): void {
  if (existsSync(path.join(repoRoot, 'ui', 'dist', 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', 'ui', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * Starts everything. At `shortSite` the perimeter alarm's dispatch deadline is `dispatch` (a few seconds), so a case
 * left alone escalates to the squad leader within the test; the other sites keep their real policy. `adjust` may change
 * the loaded configuration further before the API starts.
 */
export async function startStack({
  shortSite,
  dispatch,
  adjust,
}: {
  shortSite: string;
  dispatch: string;
  adjust?: (config: AppConfig) => void;
}): Promise<Stack> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  useTempDataDir();
  ensureUiBuilt();
  const server = await DevServer.start();
  const native = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await server.connect() });
  const worker = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowBundle: await appWorkflowBundle(),
    activities,
  });
  const running = worker.run();
  const config = loadConfig();
  const site = config.sites.get(shortSite)!;
  const perimeter = (site.procedures['perimeter-alarm'] ??= {});
  perimeter.deadlines = { ...perimeter.deadlines, dispatch };
  adjust?.(config);
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
  const app = createApp({ client, config, logger, streamIntervalMs: 300 });
  const http: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = http.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiLog: () => logged.join(''),
    async stop() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      worker.shutdown();
      await running;
      await native.close();
      await client.connection.close();
      await server.dispose();
    },
  };
}

/** A signed-in API caller, for the steps a test takes outside the browser. */
export async function apiAs(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo123' }),
  });
  const { token } = (await login.json()) as { token: string };
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} as ${username}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    token,
    open: (procedure: string, site: string, data: unknown) =>
      call<{ caseId: string; number: string }>('POST', '/cases', { procedure, site, data }),
    step: (caseId: string, type: string, data: unknown = {}) =>
      call<{ state: string }>('POST', `/cases/${encodeURIComponent(caseId)}/events`, { type, data }),
    view: (caseId: string) =>
      call<{ escalations: unknown[]; status: string; state: string }>('GET', `/cases/${encodeURIComponent(caseId)}`),
  };
}
