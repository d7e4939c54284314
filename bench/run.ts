import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import * as activities from '../activities';
import { createApp } from '../api/app';
import { loadConfig } from '../api/config/load';
import { TASK_QUEUE } from '../config/paths';
import { useTempDataDir } from '../tests/support/app-worker';
import { DevServer } from '../tests/support/dev-server';
import { bumpUpdate } from './raw-workflow';
import { measure, type LatencySummary } from './stats';

// npm run bench: the app's API against raw Temporal on the same dev server, in one run. Prints a table, writes JSON.
const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const RAW_QUEUE = 'bench-raw';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  useTempDataDir();
  const server = await DevServer.start();
  const native = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const appWorker = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities,
  });
  const rawWorker = await Worker.create({
    connection: native,
    taskQueue: RAW_QUEUE,
    workflowsPath: require.resolve('./raw-workflow'),
  });
  const workers = Promise.all([appWorker.run(), rawWorker.run()]);
  const http = createApp({ client, config: loadConfig(), logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api`;

  const post = async (url: string, token: string, body: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ caseId: string }>;
  };
  const login = async (username: string) => {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo123' }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const monitor = await login('monitor_guard');

  // Warm up both paths (bundles loaded, connections open).
  const warm = await post('/cases', monitor, {
    procedure: 'perimeter-alarm',
    site: 'chengshi-garden',
    data: { zone: 'w' },
  });
  await post(`/cases/${warm.caseId}/events`, monitor, { type: 'cameras_tracked', data: { climbingSeen: false } });

  const caseIds: string[] = [];
  const apiStart = await measure(N, CONCURRENCY, async () => {
    const view = await post('/cases', monitor, {
      procedure: 'perimeter-alarm',
      site: 'chengshi-garden',
      data: { zone: 'w' },
    });
    caseIds.push(view.caseId);
  });
  const rawIds: string[] = [];
  const rawStart = await measure(N, CONCURRENCY, async (i) => {
    const handle = await client.workflow.start('rawCounter', {
      workflowId: `raw-${Date.now()}-${i}`,
      taskQueue: RAW_QUEUE,
    });
    rawIds.push(handle.workflowId);
  });
  const apiStep = await measure(N, CONCURRENCY, (i) =>
    post(`/cases/${caseIds[i % caseIds.length]}/events`, monitor, {
      type: 'cameras_tracked',
      data: { climbingSeen: false },
    }),
  );
  const rawStep = await measure(N, CONCURRENCY, (i) =>
    client.workflow.getHandle(rawIds[i % rawIds.length]!).executeUpdate(bumpUpdate, { args: [{}] }),
  );

  const ratio = (a: LatencySummary, b: LatencySummary) => Math.round((a.p50 / b.p50) * 100) / 100;
  const results = {
    when: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version },
    settings: { n: N, concurrency: CONCURRENCY, server: 'temporal CLI v1.5.1 dev server (SQLite)' },
    start: {
      api: apiStart,
      raw: rawStart,
      p50Ratio: ratio(apiStart, rawStart),
      throughputRatio: Math.round((rawStart.perSecond / apiStart.perSecond) * 100) / 100,
    },
    step: {
      api: apiStep,
      raw: rawStep,
      p50Ratio: ratio(apiStep, rawStep),
      p99Ratio: Math.round((apiStep.p99 / rawStep.p99) * 100) / 100,
    },
  };
  console.table({
    'case start via API': apiStart,
    'raw workflow start': rawStart,
    'step via API': apiStep,
    'raw Update': rawStep,
  });
  console.log(
    `start p50 ratio ${results.start.p50Ratio}×, step p50 ratio ${results.step.p50Ratio}×, step p99 ratio ${results.step.p99Ratio}×`,
  );
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${results.when.replaceAll(':', '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2));
  console.log(`written ${path.relative(process.cwd(), file)}`);

  http.close();
  appWorker.shutdown();
  rawWorker.shutdown();
  await workers;
  await connection.close();
  await native.close();
  await server.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
