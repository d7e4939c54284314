import { percentile } from './stats';

/** One trial of a steady rate: calls started on a fixed schedule, whatever earlier calls are doing (open loop). */
export interface RateTrial {
  /** Calls per second asked for. */
  rate: number;
  seconds: number;
  /** Calls started, and calls that failed. */
  n: number;
  errors: number;
  /** Latency from each call's scheduled start to its answer, ms: a backlog shows as latency, not as a slower rate. */
  p50: number;
  p99: number;
  /** p99 under the limit and no error. */
  held: boolean;
}

/** The highest rate of a ladder held with p99 under the limit, and every trial run to find it. */
export interface SustainedResult {
  /** Calls per second; 0 when even the lowest rate of the ladder was not held. */
  best: number;
  p99LimitMs: number;
  trials: RateTrial[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `fn(i)` `rate` times a second for `seconds` and times each call from its scheduled start (ms). */
export async function steadyRate(
  rate: number,
  seconds: number,
  p99LimitMs: number,
  fn: (i: number) => Promise<unknown>,
): Promise<RateTrial> {
  const n = Math.max(1, Math.round(rate * seconds));
  const t0 = performance.now() + 50;
  const latencies: number[] = [];
  let errors = 0;
  const calls: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    calls.push(
      fn(i).then(
        () => void latencies.push(performance.now() - at),
        () => void errors++,
      ),
    );
  }
  await Promise.all(calls);
  latencies.sort((a, b) => a - b);
  const p99 = Math.round(percentile(latencies, 99));
  return {
    rate,
    seconds,
    n,
    errors,
    p50: Math.round(percentile(latencies, 50)),
    p99,
    held: errors === 0 && p99 < p99LimitMs,
  };
}

/**
 * Walks up `rates` (ascending) with `trial(rate)` until one is not held; the best is the last rate held. Issue 23
 * point 3: the highest steady rate held for `seconds` (5 minutes in a full run) with p99 under 1 s.
 */
export async function highestSteadyRate(
  rates: number[],
  p99LimitMs: number,
  trial: (rate: number) => Promise<RateTrial>,
): Promise<SustainedResult> {
  const trials: RateTrial[] = [];
  let best = 0;
  for (const rate of rates) {
    const result = await trial(rate);
    trials.push(result);
    console.log(`    ${rate}/s: p50 ${result.p50} p99 ${result.p99} ms, ${result.errors} errors`);
    if (!result.held) break;
    best = rate;
  }
  return { best, p99LimitMs, trials };
}
