import { readdir, readFile, stat } from 'node:fs/promises';
import pg from 'pg';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Escalation } from '../workflows/engine/contract';
import { casePolicyFor, type SitePolicy } from '../workflows/engine/policy';
import { viewQuery } from '../workflows/engine/messages';
import type { RunProcedureInput } from '../workflows/engine/run-procedure';
import { getProcedure } from '../workflows/procedures';
import type { RawTimerBatchResult } from './raw-timers';
import { batchDueTimes, percentile } from './stats';

export interface LatenessSummary {
  p50: number;
  p99: number;
  max: number;
}

export interface EscalationBatchResult {
  label: string;
  cases: number;
  pattern: 'together' | 'spread';
  spreadSeconds: number;
  /** Seconds it took to start the batch through Temporal, and the rate. */
  startSeconds: number;
  startedPerSecond: number;
  /** How far apart the recorded due times of the batch fell (ms): ~0 together (whole-second deadlines), ~spread. */
  dueSpreadMs: number;
  escalated: number;
  missing: number;
  /** Escalation recorded in the case (`at` in its view) − due time, ms. */
  recordedLateMs: LatenessSummary;
  /** In-app notice written to the inbox (the notify activity's file) − due time, ms: what a user sees. */
  deliveredLateMs: LatenessSummary;
  /**
   * Escalation recorded − the due time asked for (when the start was sent + the deadline), ms: includes any wait
   * before the worker first ran the case, which the recorded due time hides when the case clock starts late.
   */
  lateVsRequestedMs: LatenessSummary;
  /** When the case's clock started − when its start was sent, ms (recorded due − deadline − sent). */
  clockStartDelayMs: LatenessSummary;
  /** Sampled case views (query) agreeing with the inbox copy of the escalation. */
  viewsChecked: number;
  viewsAgreeing: number;
  /** Open cases on the server after the batch escalated, and process memory then. */
  openCasesAfter: number;
  workerRssMb: number;
  apiRssMb: number;
  loadAverage: number[];
  /** CPU of the worker and the API per escalated case over the batch (ms): its start and first task included. */
  cpu?: { workerMs: number; apiMs: number };
  /** The same number of raw Temporal timers falling due the same way: the floor (bench/raw-timers.ts). */
  rawTimer?: RawTimerBatchResult;
}

const summary = (values: number[]): LatenessSummary => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? NaN),
  };
};

interface Notice {
  caseId: string;
  kind: string;
  escalation?: Escalation;
}

/** Where a batch finds the in-app copies of its escalations: `poll()` adds what was written since the last poll. */
export interface NoticeReader {
  poll(): Promise<void>;
  readonly notices: Array<{ notice: Notice; writtenAt: number }>;
}

/** Reads the in-app inbox files the worker's notify activity writes, remembering what it has read. */
export class OutboxReader implements NoticeReader {
  private seen = new Set<string>();
  readonly notices: Array<{ notice: Notice; writtenAt: number }> = [];
  constructor(private readonly dir: string) {}

  async poll(): Promise<void> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const fresh = files.filter((f) => f.endsWith('.json') && !this.seen.has(f));
    for (let i = 0; i < fresh.length; i += 200) {
      await Promise.all(
        fresh.slice(i, i + 200).map(async (f) => {
          const file = path.join(this.dir, f);
          try {
            const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
            this.notices.push({ notice: JSON.parse(text) as Notice, writtenAt: info.mtimeMs });
            this.seen.add(f);
          } catch {
            // being written right now: read it next time
          }
        }),
      );
    }
  }
}

/**
 * Reads the escalation notices the records write stores (cases started with `records`, issue 16): the notice's body
 * and when its row was written (`recorded_at`, the database's clock, which is this machine's), in order of writing.
 */
export class RecordsNoticeReader implements NoticeReader {
  readonly notices: Array<{ notice: Notice; writtenAt: number }> = [];
  private readonly pool: pg.Pool;
  private after = new Date(0);
  private seen = new Set<string>();
  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 1 });
  }

  async poll(): Promise<void> {
    // `recorded_at` is its transaction's start: a write that started earlier can commit after a later one was read, so
    // each poll reads again the minute before the newest time seen (`seen` drops what was read already). Reading only
    // after the newest time lost such rows, and a batch then waited its full 5 minutes for them.
    const { rows } = await this.pool.query<{ key: string; body: Notice; recorded_at: Date }>(
      `SELECT key, body, recorded_at FROM notices WHERE kind = 'escalation' AND recorded_at >= $1 ORDER BY recorded_at`,
      [new Date(this.after.getTime() - 60_000)],
    );
    for (const row of rows) {
      if (this.seen.has(row.key)) continue;
      this.seen.add(row.key);
      this.notices.push({ notice: row.body, writtenAt: row.recorded_at.getTime() });
      if (row.recorded_at > this.after) this.after = row.recorded_at;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The start of every escalation batch's case ids at `site` (a batch adds its label): what `endBatchCases` ends. */
export const batchCasePrefix = (site: Pick<SitePolicy, 'id'>) => `perimeter-alarm-${site.id}-bench`;

/**
 * Starts `cases` perimeter-alarm cases directly through Temporal (as the alarm-panel webhook would, without the
 * API's case-number round trip) with a dispatch deadline chosen per case so that the deadlines fall due together
 * (`spreadSeconds` 0) or evenly over `spreadSeconds`, after a lead time long enough to start them all. Search
 * attributes are upserted as in production (visibility on): the lateness is what a user gets. Waits until every
 * case has escalated and measures escalation time − due time.
 */
export async function escalationBatch(opts: {
  client: Client;
  taskQueue: string;
  site: SitePolicy;
  outbox: NoticeReader;
  /** Start the cases with `records` (as the API does with a records database): their notices go to the records. */
  records?: boolean;
  label: string;
  cases: number;
  spreadSeconds: number;
  startConcurrency: number;
  expectedStartsPerSecond: number;
  memory: () => { workerRssMb: number; apiRssMb: number };
  loadAverage: () => number[];
}): Promise<EscalationBatchResult> {
  const { client, site, cases, spreadSeconds } = opts;
  const def = getProcedure('perimeter-alarm');
  const base = casePolicyFor(def, site);
  const prefix = `${batchCasePrefix(site)}${opts.label}n`;
  const { t0, leadMs, dueOf } = batchDueTimes(cases, spreadSeconds, opts.expectedStartsPerSecond);
  const requested = new Map<string, { sentAt: number; dueAt: number }>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.startConcurrency, cases) }, async () => {
      while (next < cases) {
        const i = next++;
        const seconds = Math.max(1, Math.round((dueOf(i) - Date.now()) / 1000));
        const input: RunProcedureInput = {
          procedure: def.id,
          version: def.version,
          caseId: `${prefix}${i}`,
          number: `${def.numberPrefix}-B${opts.label}-${String(i).padStart(5, '0')}`,
          site: site.id,
          drill: false,
          policy: { ...base, deadlines: { ...base.deadlines, dispatch: `PT${seconds}S` } },
          data: { zone: `bench-${i % 50}` },
          startedBy: { id: 'bench', name: 'bench', role: 'monitor_guard' },
          ...(opts.records ? { records: true } : {}),
        };
        requested.set(input.caseId, { sentAt: Date.now(), dueAt: Date.now() + seconds * 1000 });
        await client.workflow.start('runProcedure', {
          workflowId: input.caseId,
          taskQueue: opts.taskQueue,
          args: [input],
        });
      }
    }),
  );
  const startSeconds = (Date.now() - t0) / 1000;
  if (Date.now() > t0 + leadMs) {
    console.warn(`  ${opts.label}: starting took longer than the lead time; early deadlines fell due late-started`);
  }

  const lastDue = dueOf(cases - 1);
  const giveUpAt = lastDue + 300_000;
  const mine = () => opts.outbox.notices.filter((n) => n.notice.caseId.startsWith(prefix) && n.notice.escalation);
  let found = mine();
  while (found.length < cases && Date.now() < giveUpAt) {
    await sleep(1000);
    await opts.outbox.poll();
    found = mine();
  }
  const load = opts.loadAverage();
  const memory = opts.memory();
  const recorded = found.map((n) => Date.parse(n.notice.escalation!.at) - Date.parse(n.notice.escalation!.dueAt));
  const delivered = found.map((n) => n.writtenAt - Date.parse(n.notice.escalation!.dueAt));
  const dues = found.map((n) => Date.parse(n.notice.escalation!.dueAt));
  const vsRequested = found.map((n) => Date.parse(n.notice.escalation!.at) - requested.get(n.notice.caseId)!.dueAt);
  // The deadline's start: recorded due − the deadline the case was given.
  const clockStart = found.map((n) => {
    const r = requested.get(n.notice.caseId)!;
    return Date.parse(n.notice.escalation!.dueAt) - (r.dueAt - r.sentAt) - r.sentAt;
  });

  // The inbox copy is the case's own record; check a sample against the case views.
  let viewsAgreeing = 0;
  let viewsChecked = 0;
  const sample = found.filter((_, i) => i % Math.max(1, Math.floor(found.length / 20)) === 0).slice(0, 20);
  for (const n of sample) {
    // A worker still busy with the batch may not answer in time: that view is then not checked, not a failed run.
    const view = await client.workflow
      .getHandle(n.notice.caseId)
      .query(viewQuery)
      .catch(() => null);
    if (!view) continue;
    viewsChecked++;
    const e = view.escalations[0];
    if (e && e.at === n.notice.escalation!.at && e.dueAt === n.notice.escalation!.dueAt) viewsAgreeing++;
  }
  const openCasesAfter = (await client.workflow.count('WorkflowType="runProcedure" AND ExecutionStatus="Running"'))
    .count;
  return {
    label: opts.label,
    cases,
    pattern: spreadSeconds ? 'spread' : 'together',
    spreadSeconds,
    startSeconds: Math.round(startSeconds * 10) / 10,
    startedPerSecond: Math.round((cases / startSeconds) * 10) / 10,
    dueSpreadMs: dues.length ? Math.max(...dues) - Math.min(...dues) : NaN,
    escalated: found.length,
    missing: cases - found.length,
    recordedLateMs: summary(recorded),
    deliveredLateMs: summary(delivered),
    lateVsRequestedMs: summary(vsRequested),
    clockStartDelayMs: summary(clockStart),
    viewsChecked,
    viewsAgreeing,
    openCasesAfter,
    ...memory,
    loadAverage: load,
  };
}
