/**
 * `npm run bench:reads`: what staff read from the records database (issue 16) — case lists, the inbox, search and
 * each report — at BENCH_OPEN open and BENCH_CLOSED closed cases (default 10,000 and 100,000), through the API over
 * HTTP, as a browser asks. Goals: p99 under 200 ms for a page of 50, a monthly report under 1 s.
 *
 * A real PostgreSQL (Debian's, started here) is filled through the records store's own write path (one transaction
 * per case, the audit chain included), from real case views the engine produced (tests/support/case-views.ts) copied
 * with distinct ids, numbers, sites, customers and times spread over the last 12 months. Temporal is not needed: the
 * API's lists and reports read the records, and nothing here opens a case view.
 *
 * Env: BENCH_OPEN, BENCH_CLOSED, BENCH_DATABASE_URL (measure a database an earlier run filled instead), BENCH_READS_N (requests per read, sequential; default 50), BENCH_READS_CONCURRENCY
 * (also measured with this many in flight; default 10). `BENCH_QUICK=1`: 1,000 open, 5,000 closed, 20 requests.
 * Writes bench/results/reads-latest.json and prints a table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { sql } from 'kysely';
import pino from 'pino';
import { createApp } from '../api/app';
import { loadConfig } from '../config/load';
import { lazyArchive, openRecords } from '../records';
import { CaseCore } from '../workflows/engine/case-core';
import type { CaseView } from '../workflows/engine/contract';
import { getProcedure } from '../workflows/procedures';
import { perimeterCaseChanges } from '../tests/support/case-views';
import { as, caseStart } from '../tests/support/fixtures';
import { startTestPostgres } from '../tests/support/postgres';
import { loadAverage } from './processes';
import { measure, type LatencySummary } from './stats';

const quick = process.env.BENCH_QUICK === '1';
const num = (name: string, normal: number, small: number) => Number(process.env[name] ?? (quick ? small : normal));
const OPEN = num('BENCH_OPEN', 10_000, 1_000);
const CLOSED = num('BENCH_CLOSED', 100_000, 5_000);
const N = num('BENCH_READS_N', 50, 20);
const CONCURRENCY = num('BENCH_READS_CONCURRENCY', 10, 10);
/** The demo sites each kind of case is spread over: sites that run its procedure (issue 19). */
const SITES_OF = (kind: string) =>
  kind.startsWith('complaint') ? ['jiayi-decoration'] : ['xinghe-mall', 'chengshi-garden'];
/** Time every template is made at; copies are shifted from it. */
const T0 = Date.parse('2026-01-05T02:00:00.000Z');

/** A case view as JSON text with placeholders for what differs between copies. */
interface Template {
  kind: string;
  json: string;
}

const CUSTOMER = '王芳';
const PHONE = '13912345678';

/** One template per kind of case the bench fills the records with, each produced by the real engine. */
function templates(): { open: Template[]; closed: Template[] } {
  const text = (kind: string, view: CaseView): Template => ({ kind, json: JSON.stringify(view) });
  const perimeter = perimeterCaseChanges('CASEID', T0).map((c) => c.view);
  const complaint = () => {
    const def = getProcedure('complaint');
    const start = {
      ...caseStart(
        'complaint',
        {
          customer: { name: CUSTOMER, phone: PHONE },
          channel: 'phone',
          location: 'B1',
          category: 'service',
          description: '设计师不回电话',
          request: '尽快联系',
          declinesFollowUp: true,
        },
        'CASEID',
      ),
      number: 'NUMBER',
    };
    const { core } = CaseCore.start(def, start, T0);
    const open = core.view(T0);
    const repeat = { channel: 'phone', description: '还是没人联系', reason: 'designer_service', department: 'design' };
    core.applyStep({ type: 'repeat_complaint_received', data: repeat, actor: as('cs_agent') }, T0 + 60_000);
    core.applyStep(
      { type: 'case_closed', data: { basis: 'manager_decision', reason: '已与顾客和解' }, actor: as('gm') },
      T0 + 120_000,
    );
    return { open, closed: core.view(T0 + 120_000) };
  };
  const c = complaint();
  return {
    // Waiting for dispatch (the monitor guard's inbox), waiting for the patrol, a complaint waiting for its manager.
    open: [
      text('perimeter-new', perimeter[0]!),
      text('perimeter-dispatched', perimeter[1]!),
      text('complaint', c.open),
    ],
    // A late patrol with its escalation acknowledged, and a repeat complaint with a ledger line.
    closed: [text('perimeter-closed', perimeter.at(-1)!), text('complaint-closed', c.closed)],
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '芳伟娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚';

/** Copy `i` of a template: its own id, number, site, customer and times (shifted by `shiftMs`). */
function copy(t: Template, i: number, shiftMs: number): CaseView {
  const sites = SITES_OF(t.kind);
  const site = sites[i % sites.length]!;
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
  const phone = `13${String(100_000_000 + ((i * 7_919) % 900_000_000)).padStart(9, '0')}`;
  const json = t.json
    .replaceAll('PA-CASEID', `PA-${i}`)
    .replaceAll('CASEID', `bench-${t.kind}-${i}`)
    .replaceAll('NUMBER', `CP-${i}`)
    .replaceAll('"test-site"', `"${site}"`)
    .replaceAll(CUSTOMER, name)
    .replaceAll(PHONE, phone)
    .replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"/g, (_, iso: string) => {
      return `"${new Date(Date.parse(iso) + shiftMs).toISOString()}"`;
    })
    .replace(/:(1[78]\d{11})([,}])/g, (_, ms: string, end: string) => `:${Number(ms) + shiftMs}${end}`);
  return JSON.parse(json) as CaseView;
}

async function fill(url: string) {
  const records = await openRecords({ url, max: 8 });
  const { open, closed } = templates();
  const now = Date.now();
  const year = 365 * 24 * 3600_000;
  const jobs: CaseView[] = [];
  // Closed cases spread over the last 12 months; open ones started in the last week.
  for (let i = 0; i < CLOSED; i++) {
    jobs.push(copy(closed[i % closed.length]!, i, now - T0 - year + Math.floor((i / CLOSED) * (year - 86_400_000))));
  }
  for (let i = 0; i < OPEN; i++) {
    jobs.push(
      copy(open[i % open.length]!, CLOSED + i, now - T0 - 7 * 86_400_000 + Math.floor((i / OPEN) * 6 * 86_400_000)),
    );
  }
  const started = Date.now();
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) {
        const view = jobs[next++]!;
        await records.store.write({ view, revision: 1 });
        if (++written % 10_000 === 0) {
          console.log(`  ${written} cases written (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await sql`ANALYZE`.execute(records.db); // fresh planner statistics, as autovacuum would give a live database
  await records.close();
  return { cases: jobs.length, seconds: Math.round(seconds), perSecond: Math.round(jobs.length / seconds) };
}

async function main() {
  const loadAtStart = loadAverage();
  console.log(`load average at start: ${loadAtStart.join(' ')} (${os.cpus().length} cores)`);
  console.log(`records reads bench: ${OPEN} open and ${CLOSED} closed cases`);
  // BENCH_DATABASE_URL: measure a database an earlier run filled (migrated to the latest first), not a new one.
  const reuse = process.env.BENCH_DATABASE_URL;
  const pg = reuse ? undefined : await startTestPostgres();
  const url = reuse ?? pg!.url;
  try {
    const written = reuse ? { cases: 0, seconds: 0, perSecond: 0, reused: true } : await fill(url);
    if (reuse) await (await openRecords({ url })).close();
    else console.log(`filled: ${written.cases} cases in ${written.seconds} s (${written.perSecond}/s)`);
    const records = lazyArchive(url);
    const app = createApp({ client: new Client(), config: loadConfig(), logger: pino({ level: 'silent' }), records });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const tokens = new Map<string, string>();
    for (const user of ['gm', 'monitor_guard', 'executive']) {
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: 'demo123' }),
      });
      tokens.set(user, ((await res.json()) as { token: string }).token);
    }
    const get = async (user: string, url: string) => {
      const res = await fetch(`${base}/${url}`, { headers: { authorization: `Bearer ${tokens.get(user)}` } });
      const body = await res.text();
      if (!res.ok) throw new Error(`GET ${url} as ${user}: ${res.status} ${body.slice(0, 300)}`);
      return body;
    };
    const firstPage = JSON.parse(await get('executive', 'cases?pageSize=50')) as { nextCursor: string | null };
    const reads: Array<{ name: string; user: string; url: string; goalMs: number }> = [
      { name: 'list, first page of 50', user: 'executive', url: 'cases?pageSize=50', goalMs: 200 },
      {
        name: 'list, next page of 50',
        user: 'executive',
        url: `cases?pageSize=50&cursor=${firstPage.nextCursor}`,
        goalMs: 200,
      },
      {
        name: 'list, closed at one site',
        user: 'gm',
        url: 'cases?pageSize=50&status=closed&site=xinghe-mall',
        goalMs: 200,
      },
      { name: 'list, one procedure', user: 'gm', url: 'cases?pageSize=50&procedure=complaint', goalMs: 200 },
      {
        name: 'search, two-character name',
        user: 'gm',
        url: `cases?pageSize=50&q=${encodeURIComponent('王芳')}`,
        goalMs: 200,
      },
      { name: 'search, phone fragment', user: 'gm', url: 'cases?pageSize=50&q=2345', goalMs: 200 },
      { name: 'search, case number', user: 'gm', url: `cases?pageSize=50&q=PA-${CLOSED - 1}`, goalMs: 200 },
      { name: 'inbox (monitor guard)', user: 'monitor_guard', url: 'inbox', goalMs: 200 },
      { name: 'overdue report', user: 'gm', url: 'reports/overdue', goalMs: 1000 },
      { name: 'overdue report, CSV', user: 'gm', url: 'reports/overdue?format=csv', goalMs: 1000 },
      { name: 'penalty ledger', user: 'gm', url: 'reports/ledger', goalMs: 1000 },
      { name: 'monthly report, 12 months', user: 'gm', url: 'reports/monthly?months=12', goalMs: 1000 },
      { name: 'monthly report, one site', user: 'gm', url: 'reports/monthly?site=xinghe-mall', goalMs: 1000 },
    ];
    const rows: Array<{
      name: string;
      url: string;
      goalMs: number;
      bytes: number;
      sequential: LatencySummary;
      concurrent: LatencySummary;
    }> = [];
    for (const r of reads) {
      const bytes = (await get(r.user, r.url)).length; // warm-up, and the size of the answer
      const sequential = await measure(N, 1, () => get(r.user, r.url));
      const concurrent = await measure(N, CONCURRENCY, () => get(r.user, r.url));
      rows.push({ name: r.name, url: r.url, goalMs: r.goalMs, bytes, sequential, concurrent });
      console.log(
        `${r.name.padEnd(30)} p50 ${sequential.p50} ms  p99 ${sequential.p99} ms  (${CONCURRENCY} in flight: p50 ${concurrent.p50} / p99 ${concurrent.p99} ms)  goal p99 < ${r.goalMs} ms: ${sequential.p99 < r.goalMs ? 'met' : 'MISSED'}${sequential.errors + concurrent.errors ? `  ERRORS: ${sequential.firstError ?? concurrent.firstError}` : ''}`,
      );
    }
    await new Promise((resolve) => server.close(resolve));
    await records.close();
    const result = {
      at: new Date().toISOString(),
      open: OPEN,
      closed: CLOSED,
      requestsPerRead: N,
      concurrency: CONCURRENCY,
      fill: written,
      loadAverage: { atStart: loadAtStart, atEnd: loadAverage() },
      reads: rows,
    };
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, quick ? 'reads-quick.json' : 'reads-latest.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    console.log(`load average at end: ${result.loadAverage.atEnd.join(' ')}`);
  } finally {
    await pg?.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
