import { Router } from 'express';
import type { Client } from '@temporalio/client';

/** Liveness that includes Temporal: 200 when the namespace answers, 503 otherwise. */
export function healthRouter(client: Client): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await client.connection.withDeadline(Date.now() + 3000, () => client.workflowService.getSystemInfo({}));
      res.json({ status: 'ok', temporal: 'ok' });
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
