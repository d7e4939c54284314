import { validate } from '@readme/openapi-parser';
import helmet from 'helmet';
import request from 'supertest';
import { z } from 'zod';
import { LoginResultSchema, LoginSchema } from '../../api/auth/schemas';
import { CaseListSchema, CaseSummarySchema, InboxItemSchema, ListCasesQuerySchema } from '../../api/cases/list-schemas';
import { CreateCaseSchema, StepBodySchema } from '../../api/cases/schemas';
import { AlarmPanelEventSchema, AlarmPanelResultSchema } from '../../api/hooks/schemas';
import { documentedRoutes, openApiDocument } from '../../api/openapi/registry';
import { openApiRouter } from '../../api/openapi/router';
import { ProcedureDetailSchema } from '../../api/procedures/schemas';
import { CaseViewSchema } from '../../workflows/engine/contract';
import { apiAppOf } from '../support/api-app';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
type Schema = { properties?: Record<string, unknown>; required?: string[] };

const doc = openApiDocument();
const paths = doc.paths as Record<string, Record<string, Operation>>;
const schemas = doc.components!.schemas as Record<string, Schema>;
const operations = Object.entries(paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, op })),
);
const publicRoutes = new Set([
  'post /auth/login',
  'post /auth/logout', // clears the cookie; needs no sign-in (an expired session may still sign out)
  'post /hooks/alarm-panel',
  'get /ack/{token}', // an escalation message's acknowledge link: the signed token is the credential
  'post /ack/{token}',
  'get /healthz',
  'get /livez',
  'get /readyz',
  'get /openapi.json',
  'get /docs',
]);

// Like the real app: helmet's headers (its Content-Security-Policy matters to the reference page) and problem+json.
const app = apiAppOf([helmet()], [openApiRouter()]);

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('would be caught by the validator if it were broken', async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { responses: unknown }>> };
    broken.paths['/cases/{id}']!.get!.responses = 'none';
    const result = await validate(broken as unknown as Parameters<typeof validate>[0]);
    expect(result.valid).toBe(false);
  });

  it('describes every route of the API, and no other', () => {
    const described = operations.map(({ method, path }) => `${method} ${path}`).sort();
    expect(described).toEqual(documentedRoutes.map(({ method, path }) => `${method} ${path}`).sort());
  });

  it('gives every operation a unique id, signs in all but the public ones with a bearer JWT, and takes the session cookie only on reads a browser opens as a link', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    expect(doc.components!.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'procwf_session' }),
      metricsToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    const cookieRoutes = operations
      .filter(({ op }) => JSON.stringify(op.security).includes('sessionCookie'))
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(cookieRoutes).toEqual([
      'get /auth/session',
      'get /cases/{id}/attachments/{sha256}',
      'get /cases/{id}/attachments/{sha256}/thumbnail',
      'get /cases/{id}/documents/{document}',
      'get /cases/{id}/export',
      'get /reports/ledger',
      'get /reports/overdue',
      'get /stream',
    ]);
    for (const { method, path, op } of operations) {
      const key = `${method} ${path}`;
      const expected = publicRoutes.has(key)
        ? []
        : key === 'get /auth/session' // answers 204 to a browser that is not signed in
          ? [{ bearerAuth: [] }, { sessionCookie: [] }, {}]
          : key === 'get /metrics' // METRICS_TOKEN, not a user's token; open when it is not set
            ? [{}, { metricsToken: [] }]
            : cookieRoutes.includes(key)
              ? [{ bearerAuth: [] }, { sessionCookie: [] }]
              : [{ bearerAuth: [] }];
      expect([key, op.security]).toEqual([key, expected]);
      if (!publicRoutes.has(key) && key !== 'get /auth/session')
        expect([key, Object.keys(op.responses)]).toEqual([key, expect.arrayContaining(['401'])]);
    }
  });

  it('answers every error as application/problem+json with the Problem schema', () => {
    // The acknowledge link's page is for a person on a phone: it says why a link is refused as a page, not as JSON
    // (a bad request to it, a 422 of validation or a 429, is still a problem document).
    const page = { 'text/html': { schema: { type: 'string' } } };
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    const pageStatuses = ['403', '404', '409', '410', '503'];
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => Number(s) >= 400)) {
        const asPage = path === '/ack/{token}' && pageStatuses.includes(status);
        // POST's 422: a page when a group link's form names nobody, a problem when the token or form is malformed.
        const either = path === '/ack/{token}' && method === 'post' && status === '422';
        expect([method, path, status, response.content]).toEqual([
          method,
          path,
          status,
          either ? { ...page, ...problem } : asPage ? page : problem,
        ]);
      }
    }
    expect(schemas.Problem!.required).toEqual(['type', 'title', 'status', 'detail']);
    const statuses = new Set(operations.flatMap(({ op }) => Object.keys(op.responses)));
    for (const status of ['400', '401', '403', '404', '409', '422', '429', '503']) expect(statuses).toContain(status);
  });

  it('is built from the schemas the routes validate with', () => {
    const keys = (s: z.ZodObject) => Object.keys(s.shape).sort();
    const props = (name: string) => Object.keys(schemas[name]!.properties ?? {}).sort();
    expect(props('Login')).toEqual(keys(LoginSchema));
    expect(props('LoginResult')).toEqual(keys(LoginResultSchema));
    expect(props('CreateCase')).toEqual(keys(CreateCaseSchema));
    expect(props('StepBody')).toEqual(keys(StepBodySchema));
    expect(props('CaseView')).toEqual(keys(CaseViewSchema));
    expect(props('CaseViewForMe')).toEqual(
      [
        ...keys(CaseViewSchema),
        'allowedEventsForMe',
        'blockedEventsForMe',
        'lateFactsForMe',
        'documents',
        'owner',
      ].sort(),
    );
    expect(props('CaseSummary')).toEqual(keys(CaseSummarySchema));
    expect(props('CaseList')).toEqual(keys(CaseListSchema));
    expect(props('InboxItem')).toEqual(keys(InboxItemSchema));
    expect(props('AlarmPanelEvent')).toEqual(keys(AlarmPanelEventSchema));
    expect(props('AlarmPanelResult')).toEqual(keys(AlarmPanelResultSchema));
    expect(props('ProcedureDetail')).toEqual(keys(ProcedureDetailSchema));
    // Defaults are optional for the client: zod's input side.
    expect(schemas.CreateCase!.required).toEqual(['procedure', 'site']);
    const listParams = paths['/cases']!.get!.parameters!.map((p) => [p.name, p.in]);
    expect(listParams).toEqual(Object.keys(ListCasesQuerySchema.shape).map((name) => [name, 'query']));
  });

  it('shows the headers: Idempotency-Key on writes, the panel signature on the webhook', () => {
    const header = (method: string, path: string) =>
      paths[path]![method]!.parameters!.filter((p) => p.in === 'header').map((p) => [p.name, p.required]);
    expect(header('post', '/cases')).toEqual([['Idempotency-Key', false]]);
    expect(header('post', '/cases/{id}/events')).toEqual([['Idempotency-Key', false]]);
    expect(header('post', '/hooks/alarm-panel')).toEqual([
      ['X-Panel-Id', true],
      ['X-Signature', true],
    ]);
    expect(Object.keys(paths['/stream']!.get!.responses['200']!.content!)).toEqual(['text/event-stream']);
    expect(Object.keys(paths['/reports/overdue']!.get!.responses['200']!.content!)).toEqual([
      'application/json',
      'text/csv',
    ]);
  });
});

describe('serving the document', () => {
  it('GET /api/openapi.json answers the document without a token', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(res.type).toBe('application/json');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('GET /api/docs answers a reference page whose assets come from this server', async () => {
    const res = await request(app).get('/api/docs').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('data-spec-url="/api/openapi.json"');
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/swagger-ui-bundle.js', '/api/docs/start.js']));
    for (const asset of assets) {
      expect(asset.startsWith('/api/docs/')).toBe(true);
      const file = await request(app).get(asset).expect(200);
      expect(file.body.length || file.text.length).toBeGreaterThan(0);
    }
    expect((await request(app).get('/api/docs/swagger-ui-bundle.js')).type).toBe('text/javascript');
    expect((await request(app).get('/api/docs/start.js')).type).toBe('text/javascript');
    expect((await request(app).get('/api/docs/swagger-ui.css')).type).toBe('text/css');
    // Helmet allows only scripts from this origin, and the page has no inline script.
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.text).not.toMatch(/<script>/);
  });

  it('serves only the reference page’s own files', async () => {
    const res = await request(app).get('/api/docs/package.json').expect(404);
    expect(res.type).toBe('application/problem+json');
    await request(app).get('/api/docs/index.html').expect(404);
  });
});

describe('the document covers the app as built', () => {
  // Walks the Express router stack of the real app: every route it serves (but the reference page's own files).
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const routesOf = (stack: Layer[]): string[] =>
    stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((m) => `${m} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
        : layer.handle?.stack
          ? routesOf(layer.handle.stack)
          : [],
    );

  it('documents every route of createApp, and nothing it does not serve', async () => {
    const { createApp } = await import('../../api/app');
    const { loadConfig } = await import('../../config/load');
    const { Client, Connection } = await import('@temporalio/client');
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const app = createApp({ client, config: loadConfig() });
    const served = routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack)
      .filter((r) => !r.startsWith('get /docs/'))
      .sort();
    expect(served).toEqual(documentedRoutes.map(({ method, path }) => `${method} ${path}`).sort());
  });

  it('gzips what it serves to a client that accepts it', async () => {
    const { createApp } = await import('../../api/app');
    const { loadConfig } = await import('../../config/load');
    const { Client, Connection } = await import('@temporalio/client');
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const app = createApp({
      client,
      config: loadConfig(),
      logger: (await import('pino')).default({ level: 'silent' }),
    });
    const res = await request(app).get('/api/openapi.json').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.openapi).toMatch(/^3\.1/);
  });
});
