import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { HttpError } from '../errors';
import type { HolidayCoverage } from './coverage';
import type { ReadinessCheck } from './schemas';

/** A dependency readiness waits for: resolves when it answers, throws (any error) when it does not. */
export type Probe = () => Promise<void>;

/** How long one readiness check may take before it counts as failed (ms). */
const CHECK_TIMEOUT_MS = 3000;

/** Temporal answers: the namespace's frontend replies to GetSystemInfo within {@link CHECK_TIMEOUT_MS}. */
export const temporalProbe =
  (client: Client): Probe =>
  async () => {
    await client.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => client.workflowService.getSystemInfo({}));
  };

/**
 * Runs every probe at once, each bounded by {@link CHECK_TIMEOUT_MS}: per name, `ok`, or `failed` with the error's
 * message.
 */
export async function runChecks(probes: Record<string, Probe>): Promise<Record<string, ReadinessCheck>> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, ReadinessCheck]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
          }),
        ]);
        return [name, { status: 'ok' }];
      } catch (err) {
        return [name, { status: 'failed', detail: err instanceof Error ? err.message : String(err) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The API's health endpoints (docs/production.md, "Health"):
 * - `/livez`: the process answers; checks nothing else, so an orchestrator never restarts a healthy API because
 *   Temporal or the database is down.
 * - `/readyz`: Temporal and, when `records` is given (DATABASE_URL set), the records database answer: 200 with each
 *   check, else 503 problem+json `urn:problem:not-ready` listing each check. Once `closing` is aborted (SIGTERM), 503
 *   with a failed `stopping` check, so a load balancer sends no more requests while the process drains.
 * - `/healthz` (kept for what already uses it): Temporal answers, with the holiday-data check when `holidays` is given
 *   (status "degraded", still 200, when deadlines may run past it).
 */
export function healthRouter(
  client: Client,
  holidays?: HolidayCoverage,
  records?: Probe,
  closing?: AbortSignal,
): Router {
  const router = Router();
  const probes: Record<string, Probe> = { temporal: temporalProbe(client), ...(records ? { records } : {}) };
  const stopping: Probe = async () => {
    if (closing?.aborted) throw new Error('the process is stopping (SIGTERM)');
  };
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await runChecks(closing?.aborted ? { ...probes, stopping } : probes);
    const failed = Object.keys(checks).filter((name) => checks[name]!.status !== 'ok');
    if (failed.length) {
      throw new HttpError(
        503,
        'not-ready',
        `not ready: ${failed.join(', ')} cannot be reached`,
        { checks },
        { 'zh-CN': `尚未就绪:无法连接 ${failed.join('、')}` },
      );
    }
    res.json({ status: 'ok', checks });
  });
  router.get('/healthz', async (_req, res) => {
    try {
      await probes.temporal!();
      const check = holidays?.check();
      res.json({
        status: check?.status === 'degraded' ? 'degraded' : 'ok',
        temporal: 'ok',
        ...(check ? { checks: { holidays: check } } : {}),
      });
    } catch {
      res.status(503).type('application/problem+json').json({
        type: 'urn:problem:temporal-unavailable',
        title: 'Workflow service unavailable',
        status: 503,
        detail: 'Temporal cannot be reached',
      });
    }
  });
  return router;
}
