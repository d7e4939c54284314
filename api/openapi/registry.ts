import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ackPaths } from '../ack/openapi';
import { attachmentPaths } from '../attachments/openapi';
import { authPaths } from '../auth/openapi';
import { caseComponents, casePaths, inboxPaths } from '../cases/openapi';
import { documentPaths } from '../documents/openapi';
import { healthPaths } from '../health/openapi';
import { hookPaths } from '../hooks/openapi';
import { metricsPaths } from '../metrics/openapi';
import { procedurePaths } from '../procedures/openapi';
import { reportPaths } from '../reports/openapi';
import { sitePaths } from '../sites/openapi';
import { streamPaths } from '../stream/openapi';
import { openApiPaths } from './openapi';
import { BEARER_AUTH, SESSION_COOKIE_AUTH, signedIn, type PathConfig } from './tools';

/**
 * The OpenAPI document, assembled from the paths each resource describes beside its router (`api/<resource>/
 * openapi.ts`, with the shared pieces of ./tools.ts). A new route is described in its own folder; a new resource adds
 * its list here. The order is the document's order of paths.
 */
const paths: readonly PathConfig[] = [
  ...authPaths,
  ...procedurePaths,
  ...casePaths,
  ...documentPaths,
  ...attachmentPaths,
  ...inboxPaths,
  ...streamPaths,
  ...hookPaths,
  ...ackPaths,
  ...reportPaths,
  ...sitePaths,
  ...healthPaths,
  ...metricsPaths,
  ...openApiPaths,
];

/** Every route of the API (paths relative to /api, OpenAPI style), as the document describes them. */
export const documentedRoutes: readonly { method: string; path: string }[] = paths.map(({ method, path }) => ({
  method,
  path,
}));

const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', BEARER_AUTH, {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'The token from POST /auth/login',
});
registry.registerComponent('securitySchemes', SESSION_COOKIE_AUTH, {
  type: 'apiKey',
  in: 'cookie',
  name: 'procwf_session',
  description:
    'The same token as an HttpOnly, SameSite=Strict cookie, set by POST /auth/login, POST /auth/refresh and GET ' +
    '/auth/session and cleared by ' +
    'POST /auth/logout; taken on GET and HEAD only, so that no token is ever put in a URL',
});
registry.registerComponent('securitySchemes', 'metricsToken', {
  type: 'http',
  scheme: 'bearer',
  description: 'METRICS_TOKEN of the API process (GET /metrics only; open when it is not set)',
});
for (const path of paths) registry.registerPath(path);

/**
 * States in the document the bounds the server applies beyond what zod's JSON Schema says: zod's `.int()` accepts
 * safe integers only (|n| ≤ 2^53 − 1), so every integer without a bound gets that one.
 */
function withServerBounds<T>(node: T): T {
  if (Array.isArray(node)) node.forEach(withServerBounds);
  else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    if (schema.type === 'integer') {
      if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
        schema.maximum = Number.MAX_SAFE_INTEGER;
      if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
        schema.minimum = Number.MIN_SAFE_INTEGER;
    }
    Object.values(schema).forEach(withServerBounds);
  }
  return node;
}

/**
 * The OpenAPI 3.1 document of the API, generated from the registry; `siteIds` (the configured sites) become the
 * SiteId component's enum, as the routes check them.
 */
export function openApiDocument({ siteIds }: { siteIds?: readonly string[] } = {}) {
  const generator = new OpenApiGeneratorV31(
    [...registry.definitions, ...caseComponents.map((schema) => ({ type: 'schema' as const, schema }))],
    {
      sortComponents: 'alphabetically',
    },
  );
  const document = generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Procedure workflows API',
      version: '1',
      description:
        'Sites run written procedures with hard deadlines; each case is a durable workflow. Errors are ' +
        'application/problem+json. Labels follow Accept-Language: zh-CN (default) or en.',
    },
    servers: [{ url: '/api' }],
    security: signedIn,
    tags: [
      { name: 'auth', description: 'Signing in' },
      { name: 'procedures', description: 'What each procedure is: states, steps, data, deadlines' },
      { name: 'cases', description: 'Opening cases, taking steps, the inbox and live changes' },
      { name: 'hooks', description: 'Signed calls from devices' },
      { name: 'reports', description: 'Statistics' },
      { name: 'system', description: 'Health and this document' },
    ],
  });
  const siteId = document.components?.schemas?.SiteId as Record<string, unknown> | undefined;
  if (siteId && siteIds?.length) siteId.enum = [...siteIds];
  return withServerBounds(document);
}
