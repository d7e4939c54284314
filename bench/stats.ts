/** Percentile of sorted milliseconds (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
  /** Calls that failed (not in the latencies); the first error's message is kept. */
  errors: number;
  firstError?: string;
}

/** Runs `fn` `n` times with `concurrency` in flight and summarises latencies, throughput (successes) and errors. */
export async function measure(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        try {
          await fn(i);
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          firstError ??= String((err as Error)?.message ?? err).slice(0, 300);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    perSecond: round(latencies.length / elapsed),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/**
 * When a batch's deadlines fall due: after a lead long enough to start every case at the expected rate (1.5× that,
 * plus 10 s, at least 15 s), together or spread evenly over `spreadSeconds`. Shared by the app's and raw batches.
 */
export function batchDueTimes(cases: number, spreadSeconds: number, expectedStartsPerSecond: number) {
  const leadMs = Math.max(15_000, (cases / expectedStartsPerSecond) * 1500 + 10_000);
  const t0 = Date.now();
  return { t0, leadMs, dueOf: (i: number) => t0 + leadMs + (spreadSeconds * 1000 * i) / cases };
}
