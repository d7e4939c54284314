import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { HolidayCoverage } from './coverage';

/**
 * Liveness that includes Temporal: 200 when the namespace answers, 503 otherwise. With `holidays`, the body also
 * carries the holiday-data check, and status "degraded" (still 200: the API works) when deadlines may run past it.
 */
export function healthRouter(client: Client, holidays?: HolidayCoverage): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await client.connection.withDeadline(Date.now() + 3000, () => client.workflowService.getSystemInfo({}));
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
