import { json, problem, problems, type PathConfig } from '../openapi/tools';
import { HealthSchema, LivenessSchema, ReadinessSchema } from './schemas';

/** The health endpoints, as the OpenAPI document describes them (api/health/router.ts serves them). */
export const healthPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tags: ['system'],
    summary: 'Temporal and the holiday data (kept for existing checks; orchestrators use /livez and /readyz)',
    security: [],
    responses: {
      200: { description: 'The API and Temporal answer', content: json(HealthSchema) },
      ...problems(503),
    },
  },
  {
    method: 'get',
    path: '/livez',
    operationId: 'liveness',
    tags: ['system'],
    summary: 'Liveness: the process answers (no dependency is checked)',
    security: [],
    responses: { 200: { description: 'The process is up', content: json(LivenessSchema) } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tags: ['system'],
    summary: 'Readiness: Temporal and, when configured, the records database answer',
    security: [],
    responses: {
      200: { description: 'Every dependency answers; `checks` lists each', content: json(ReadinessSchema) },
      503: problem('urn:problem:not-ready: a dependency does not answer; `checks` lists each with its status'),
    },
  },
];
