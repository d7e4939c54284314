import { z } from 'zod';
import { json, type PathConfig } from './tools';

/** GET /openapi.json and GET /docs, as the document describes itself (api/openapi/router.ts serves them). */
export const openApiPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tags: ['system'],
    summary: 'This document',
    security: [],
    responses: {
      200: { description: 'The OpenAPI 3.1 document', content: json(z.record(z.string(), z.unknown())) },
    },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'apiReference',
    tags: ['system'],
    summary: 'A browsable reference of this document',
    security: [],
    responses: {
      200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
    },
  },
];
