import { Counter, Histogram, Registry } from 'prom-client';
import type { ActionPayload } from '../workflows/engine';
import { isFinal } from './channels/common';

/**
 * The worker's own Prometheus metrics (docs/production.md, "Metrics"), counted by the activities and served by the
 * worker's health server at /metrics (worker/health.ts); one registry per process:
 * - `procwf_escalations_total{procedure,timer,level}`: escalation rungs delivered (counted once the rung's activity
 *   succeeds, so a retried attempt is not counted twice);
 * - `procwf_escalation_lateness_seconds{procedure,timer}`: how long after its missed deadline each rung fired (the
 *   ladder's own offset, plus any delay, e.g. a worker that was down when the timer was due);
 * - `procwf_deliveries_total{channel,result}`: notices per channel (in_app, email, webhook) and result (delivered,
 *   duplicate: already delivered by an earlier attempt, skipped: channel not configured, failed: the attempt threw).
 */
export const workerMetrics = {
  registry: new Registry(),
};

const escalations = new Counter({
  name: 'procwf_escalations_total',
  help: 'Escalation rungs delivered, by procedure, deadline (timer) and rung level',
  labelNames: ['procedure', 'timer', 'level'] as const,
  registers: [workerMetrics.registry],
});

const lateness = new Histogram({
  name: 'procwf_escalation_lateness_seconds',
  help: 'Seconds from the missed deadline to the escalation rung firing, by procedure and deadline',
  labelNames: ['procedure', 'timer'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400],
  registers: [workerMetrics.registry],
});

const deliveries = new Counter({
  name: 'procwf_deliveries_total',
  help: 'Notices by channel and result (delivered, duplicate, skipped, failed)',
  labelNames: ['channel', 'result'] as const,
  registers: [workerMetrics.registry],
});

/** Counts one notice through `channel` with `result`. */
export function countDelivery(
  channel: string,
  result: 'delivered' | 'duplicate' | 'skipped' | 'failed' | 'refused',
): void {
  deliveries.inc({ channel, result });
}

/** Counts the escalation rung `payload` carries, and how late past its deadline it fired; nothing without one. */
export function countEscalation(payload: ActionPayload): void {
  const e = payload.escalation;
  if (!e) return;
  escalations.inc({ procedure: payload.procedure, timer: e.timer, level: String(e.level) });
  const late = (Date.parse(e.at) - Date.parse(e.dueAt)) / 1000;
  if (Number.isFinite(late)) lateness.observe({ procedure: payload.procedure, timer: e.timer }, Math.max(0, late));
}

/**
 * Wraps each channel sender so that every attempt is counted by its outcome, or when it throws (which it still does)
 * `refused` for a platform's permanent refusal (never retried) and `failed` for one that is retried. Applied once, to the channels' registry, when the activities are loaded.
 */
export function countedSenders<P>(senders: Record<string, (payload: P) => Promise<'delivered' | 'skipped'>>): void {
  for (const [channel, send] of Object.entries(senders)) {
    senders[channel] = async (payload) => {
      try {
        const outcome = await send(payload);
        countDelivery(channel, outcome);
        return outcome;
      } catch (err) {
        countDelivery(channel, isFinal(err) ? 'refused' : 'failed');
        throw err;
      }
    };
  }
}
