import { json, problems, type PathConfig } from '../openapi/tools';
import { HealthSchema } from './schemas';

/** GET /healthz, as the OpenAPI document describes it (api/health/router.ts serves it). */
export const healthPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tags: ['system'],
    summary: 'Liveness, including Temporal',
    security: [],
    responses: {
      200: { description: 'The API and Temporal answer', content: json(HealthSchema) },
      ...problems(503),
    },
  },
];
