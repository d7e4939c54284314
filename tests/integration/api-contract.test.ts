import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth/tokens';
import { loadConfig } from '../../config/load';
import { documentedRoutes, openApiDocument } from '../../api/openapi/registry';
import { procedures } from '../../workflows/procedures';

// The API against its own document, without Temporal: which methods each path serves, and the constraints the
// server applies that the document must state (a Temporal client that never connects: nothing here reaches it).
const config = loadConfig();
const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
const app = createApp({ client, config, logger: pino({ level: 'silent' }) });
const document = openApiDocument({ siteIds: [...config.sites.keys()] });

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; schema: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
const paths = document.paths as Record<string, Record<string, Operation>>;
const components = document.components!.schemas as Record<string, Schema>;
const resolve = (schema: Schema): Schema =>
  typeof schema.$ref === 'string' ? resolve(components[schema.$ref.split('/').pop()!]!) : schema;

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE'];
const concrete = (path: string) => `/api${path.replace(/\{[^}]+\}/g, 'x-1')}`;

describe('methods: 405 with Allow for every method a known path does not serve', () => {
  const byPath = new Map<string, string[]>();
  for (const { method, path } of documentedRoutes)
    byPath.set(path, [...(byPath.get(path) ?? []), method.toUpperCase()]);

  it.each([...byPath])('%s', async (path, methods) => {
    const allowed = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
    for (const method of ALL_METHODS.filter((m) => !allowed.includes(m))) {
      // Signed out on purpose: the method is wrong whoever asks.
      const res = await request(app)[method.toLowerCase() as 'get'](concrete(path));
      expect([method, path, res.status, res.type]).toEqual([method, path, 405, 'application/problem+json']);
      expect(res.headers.allow!.split(', ').sort()).toEqual([...allowed].sort());
    }
    const options = await request(app).options(concrete(path));
    expect([path, options.status]).toEqual([path, 204]);
    expect(options.headers.allow!.split(', ').sort()).toEqual([...allowed].sort());
  });

  it('leaves unknown paths to the 404', async () => {
    const user = config.users.get('monitor_guard')!;
    const { token } = await issueToken({ id: user.id, name: user.name, roles: user.roles });
    const res = await request(app).trace('/api/no-such-thing').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.type]).toEqual([404, 'urn:problem:no-such-route']);
  });
});

describe('the document states the constraints the server applies', () => {
  const parameters = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) =>
      (op.parameters ?? []).map((p) => ({ where: `${method} ${path} ${p.in}.${p.name}`, ...p })),
    ),
  );

  it('bounds every integer to what zod accepts (safe integers)', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
      else if (node && typeof node === 'object') {
        const s = node as Schema;
        if (s.type === 'integer') {
          const max = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
          const min = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
          if (max === undefined || max > Number.MAX_SAFE_INTEGER || min === undefined || min < -Number.MAX_SAFE_INTEGER)
            unbounded.push(where);
        }
        for (const [k, v] of Object.entries(s)) walk(v, `${where}.${k}`);
      }
    };
    walk(document, '');
    expect(unbounded).toEqual([]);
  });

  it('names the configured sites and the registered procedures as enums wherever a site or procedure id is taken', () => {
    expect(resolve({ $ref: '#/components/schemas/SiteId' }).enum).toEqual([...config.sites.keys()]);
    expect(resolve({ $ref: '#/components/schemas/ProcedureId' }).enum).toEqual([
      ...new Set(procedures.map((p) => p.id)),
    ]);
    const ids = [
      ...parameters.filter((p) => p.in === 'query' && ['site', 'procedure'].includes(p.name)),
      ...['site', 'procedure'].map((name) => ({
        where: `CreateCase.${name}`,
        name,
        schema: (resolve(components.CreateCase!).properties as Record<string, Schema>)[name]!,
      })),
    ];
    expect(ids.length).toBeGreaterThanOrEqual(10);
    for (const p of ids) expect([p.where, resolve(p.schema).enum]).toEqual([p.where, expect.any(Array)]);
  });

  it('keeps control characters out of every free-text query filter', () => {
    const text = parameters.filter(
      (p) => p.in === 'query' && resolve(p.schema).type === 'string' && !resolve(p.schema).enum,
    );
    const open = text.filter((p) => {
      const pattern = resolve(p.schema).pattern as string | undefined;
      return !pattern || new RegExp(pattern).test('a\u0000b') || new RegExp(pattern).test('\u0085');
    });
    // No token is taken from a URL any more (issue 22): no free-text query parameter is left without a pattern.
    expect(open.map((p) => p.where)).toEqual([]);
  });
});

describe('the server accepts what the document allows and refuses what it does not', () => {
  let auth: string;
  beforeAll(async () => {
    const user = config.users.get('security_captain')!;
    auth = `Bearer ${(await issueToken({ id: user.id, name: user.name, roles: user.roles })).token}`;
  });

  it('refuses an unconfigured site and an unregistered procedure in every filter with a 422', async () => {
    for (const path of ['/api/cases', '/api/reports/overdue', '/api/reports/ledger', '/api/reports/monthly']) {
      for (const [name, value] of [
        ['site', 'no-such-site'],
        ['procedure', 'no-such-procedure'],
      ]) {
        const res = await request(app).get(`${path}?${name}=${value}`).set('Authorization', auth);
        expect([path, name, res.status, res.body.issues?.[0]?.path]).toEqual([path, name, 422, `query.${name}`]);
      }
    }
    const res = await request(app)
      .post('/api/cases')
      .set('Authorization', auth)
      .send({ procedure: 'no-such-procedure', site: 'xinghe-mall', data: {} });
    expect(res.status).toBe(422);
  });

  it('refuses integers past 2^53 − 1 as the document says (not a valid value, so a 422 is right)', async () => {
    const res = await request(app).get('/api/procedures/complaint?version=9007199254740993').set('Authorization', auth);
    expect(res.status).toBe(422);
  });
});
