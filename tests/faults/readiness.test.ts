import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { lazyArchive } from '../../records';
import { startWorkerHealth, type WorkerHealthServer } from '../../worker/health';
import { useDevServer } from '../support/dev-server-fixture';
import { freePort } from '../support/process';
import { waitFor } from '../support/wait';

// Issue 22, health: readiness follows Temporal (a real dev server, stopped and started again here) while liveness
// stays up, for the API and for the worker's health server; with a records database configured, it is checked too.
const fixture = useDevServer({ inProcessWorker: 'readiness' });
let app: ReturnType<typeof createApp>;
let health: WorkerHealthServer;
let healthBase: string;

beforeAll(async () => {
  app = createApp({
    client: fixture.client,
    config: loadConfig(),
    logger: pino({ level: 'silent' }),
    records: undefined,
  });
  health = await startWorkerHealth({ port: 0, worker: fixture.worker!, connection: fixture.native! });
  healthBase = `http://127.0.0.1:${health.port}`;
}, 120_000);

afterAll(async () => {
  await health?.close();
});

const get = (path: string) => fetch(`${healthBase}${path}`);

it('answers ready with each check while Temporal answers', async () => {
  const ready = await request(app).get('/api/readyz').expect(200);
  expect(ready.body).toEqual({ status: 'ok', checks: { temporal: { status: 'ok' } } });
  await request(app).get('/api/livez').expect(200, { status: 'ok' });
  await request(app).get('/api/healthz').expect(200); // still there for what used it
  await waitFor(async () => (await get('/readyz')).status === 200, { what: 'the worker to be ready' });
  expect(await (await get('/readyz')).json()).toEqual({
    status: 'ok',
    checks: { worker: { status: 'ok' }, temporal: { status: 'ok' } },
  });
});

it('goes unready while Temporal is stopped, stays live, and ready again once it is back', async () => {
  await fixture.server.stop();
  const res = await request(app).get('/api/readyz').set('Accept-Language', 'en').expect(503);
  expect(res.type).toBe('application/problem+json');
  expect(res.body).toMatchObject({
    type: 'urn:problem:not-ready',
    status: 503,
    detail: 'not ready: temporal cannot be reached',
    checks: { temporal: { status: 'failed' } },
  });
  expect(res.body.checks.temporal.detail).toEqual(expect.any(String));
  const zh = await request(app).get('/api/readyz').expect(503);
  expect(zh.body.detail).toMatch(/尚未就绪/);
  await request(app).get('/api/livez').expect(200, { status: 'ok' });

  const workerReady = await get('/readyz');
  expect(workerReady.status).toBe(503);
  expect(workerReady.headers.get('content-type')).toBe('application/problem+json');
  expect(await workerReady.json()).toMatchObject({
    type: 'urn:problem:not-ready',
    checks: { worker: { status: 'ok' }, temporal: { status: 'failed' } },
  });
  expect((await get('/livez')).status).toBe(200);

  await fixture.server.start();
  await waitFor(async () => (await request(app).get('/api/readyz')).status === 200, {
    timeoutMs: 30_000,
    what: 'the API to be ready again',
  });
  await waitFor(async () => (await get('/readyz')).status === 200, {
    timeoutMs: 30_000,
    what: 'the worker to be ready again',
  });
}, 90_000);

it('checks the records database when one is configured', async () => {
  const port = await freePort(); // nothing listens there
  const records = lazyArchive(`postgres://postgres@127.0.0.1:${port}/records`);
  const withRecords = createApp({
    client: fixture.client,
    config: loadConfig(),
    logger: pino({ level: 'silent' }),
    records,
  });
  const res = await request(withRecords).get('/api/readyz').set('Accept-Language', 'en').expect(503);
  expect(res.body).toMatchObject({
    detail: 'not ready: records cannot be reached',
    checks: { temporal: { status: 'ok' }, records: { status: 'failed' } },
  });
  await request(withRecords).get('/api/livez').expect(200);
  await records.close();
});

it('answers unready once the process is stopping, while liveness stays up', async () => {
  const closing = new AbortController();
  const stopping = createApp({
    client: fixture.client,
    config: loadConfig(),
    logger: pino({ level: 'silent' }),
    records: undefined,
    closing: closing.signal,
  });
  await request(stopping).get('/api/readyz').expect(200);
  closing.abort(); // as api/server.ts does on SIGTERM
  const res = await request(stopping).get('/api/readyz').set('Accept-Language', 'en').expect(503);
  expect(res.body.checks).toMatchObject({ temporal: { status: 'ok' }, stopping: { status: 'failed' } });
  await request(stopping).get('/api/livez').expect(200);
});
