import { z } from 'zod';
import { problems, type PathConfig } from '../openapi/tools';

/** GET /metrics, as the OpenAPI document describes it (api/metrics/router.ts serves it). */
export const metricsPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['system'],
    summary: 'Prometheus metrics of this API process (bearer METRICS_TOKEN when it is set)',
    security: [{}, { metricsToken: [] }],
    responses: {
      200: {
        description: 'Prometheus text exposition format 0.0.4 (docs/production.md lists the series)',
        content: { 'text/plain': { schema: z.string() } },
      },
      ...problems(401),
    },
  },
];
