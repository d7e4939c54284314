import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { batchDueTimes, percentile } from './stats';

export interface RawTimerBatchResult {
  label: string;
  cases: number;
  spreadSeconds: number;
  startedPerSecond: number;
  fired: number;
  missing: number;
  /** Timer fired (the workflow's clock when it woke) − due time, ms: Temporal's own floor for a deadline. */
  lateMs: { p50: number; p99: number; max: number };
}

/**
 * Raw Temporal's floor for escalation lateness: `cases` trivial workflows whose timers fall due together (or spread
 * over `spreadSeconds`), started and timed like the app's batch, on the same server while the app's cases are open.
 */
export async function rawTimerBatch(opts: {
  client: Client;
  taskQueue: string;
  label: string;
  cases: number;
  spreadSeconds: number;
  startConcurrency: number;
  expectedStartsPerSecond: number;
}): Promise<RawTimerBatchResult> {
  const { client, cases, spreadSeconds } = opts;
  const { t0, dueOf: exactDueOf } = batchDueTimes(cases, spreadSeconds, opts.expectedStartsPerSecond);
  const dueOf = (i: number) => Math.round(exactDueOf(i));
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.startConcurrency, cases) }, async () => {
      while (next < cases) {
        const i = next++;
        const workflowId = `raw-timer-${opts.label}-${t0}-${i}`;
        await client.workflow.start('rawTimer', { workflowId, taskQueue: opts.taskQueue, args: [dueOf(i)] });
        ids.push(workflowId);
      }
    }),
  );
  const startedPerSecond = Math.round((cases / ((Date.now() - t0) / 1000)) * 10) / 10;
  // Like the app's batch: timers not fired 5 minutes after the last due time count as missing.
  const giveUpAt = dueOf(cases - 1) + 300_000;
  const late: number[] = [];
  let missing = 0;
  for (let i = 0; i < ids.length; i += 200) {
    const left = giveUpAt - Date.now();
    const chunk = ids.slice(i, i + 200);
    if (left <= 0) {
      missing += chunk.length;
      continue;
    }
    const stop = new AbortController();
    const timeUp = delay(left, undefined, { signal: stop.signal }).catch(() => undefined);
    const results = await Promise.all(
      chunk.map((id) => Promise.race([client.workflow.result(id) as Promise<number>, timeUp])),
    );
    stop.abort();
    for (const value of results) {
      if (value === undefined) missing++;
      else late.push(value);
    }
  }
  late.sort((a, b) => a - b);
  return {
    label: opts.label,
    cases,
    spreadSeconds,
    startedPerSecond,
    fired: late.length,
    missing,
    lateMs: {
      p50: Math.round(percentile(late, 50)),
      p99: Math.round(percentile(late, 99)),
      max: Math.round(late[late.length - 1] ?? NaN),
    },
  };
}
