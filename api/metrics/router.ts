import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { HttpError } from '../errors';
import type { ApiMetrics } from './metrics';

/**
 * GET /metrics: the API's metrics in Prometheus' text format. With `token` (METRICS_TOKEN), only for
 * `Authorization: Bearer <token>` (else 401 problem+json); without one, open (keep it off the public network then).
 */
export function metricsRouter(metrics: ApiMetrics, token?: string): Router {
  const router = Router();
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  router.get('/metrics', async (req, res) => {
    if (expected) {
      const given = Buffer.from(req.get('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new HttpError(
          401,
          'unauthenticated',
          'metrics: a bearer token (METRICS_TOKEN) is required',
          {},
          {
            'zh-CN': '读取监控指标需要 METRICS_TOKEN 令牌',
          },
        );
      }
    }
    res
      .set('Cache-Control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
  return router;
}
