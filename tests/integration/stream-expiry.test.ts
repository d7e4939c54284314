import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth/tokens';
import { loadConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { ManualClock } from '../support/clock';
import { useDevServer } from '../support/dev-server-fixture';
import { openEventStream, type EventStreamReader } from '../support/event-stream';
import { waitFor } from '../support/wait';

// The event stream and a token that expires: sessions go by the app's clock, which the test moves instead of
// sleeping; case changes come from Temporal visibility on a real dev server.
Runtime.install({ logger: new DefaultLogger('WARN') });
const fixture = useDevServer({ inProcessWorker: TASK_QUEUE });
const config = loadConfig();
const clock = new ManualClock();
let app: ReturnType<typeof createApp>;
let http: Server;
let base: string;
const streams: EventStreamReader[] = [];

beforeAll(async () => {
  app = createApp({
    client: fixture.client,
    config,
    clock,
    logger: pino({ level: 'silent' }),
    streamIntervalMs: 200,
  });
  http = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  for (const s of streams) s.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
});

const monitorGuard = () => {
  const user = config.users.get('monitor_guard')!;
  return { id: user.id, name: user.name, roles: user.roles };
};

/** A token of monitor_guard issued now (by the app's clock) that expires after `seconds`. */
const tokenFor = async (seconds: number) =>
  (await issueToken(monitorGuard(), { now: clock.now(), lifetimeSeconds: seconds })).token;

const open = async (token: string, lastEventId?: string) => {
  const stream = await openEventStream(`${base}/stream`, {
    authorization: `Bearer ${token}`,
    ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
  });
  streams.push(stream);
  return stream;
};

const caseEvents = (s: EventStreamReader, caseId: string) =>
  s.events.filter((e) => e.event === 'case' && (JSON.parse(e.data) as { caseId: string }).caseId === caseId);

describe('the event stream and an expiring token', () => {
  it('ends at expiry with auth-expired, refuses the expired token, and resumes with a new one', async () => {
    const token = await tokenFor(600);
    const stream = await open(token);
    expect(stream.status).toBe(200);
    await waitFor(() => stream.events.some((e) => e.event === 'ready'), { what: 'the ready message' });

    const opened = await request(app)
      .post('/api/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ procedure: 'perimeter-alarm', site: 'xinghe-mall', data: { zone: 'north-wall' } })
      .expect(201);
    const caseId = opened.body.caseId as string;
    await waitFor(() => caseEvents(stream, caseId).length > 0, {
      timeoutMs: 20_000,
      what: 'the new case on the stream',
    });

    // Ten minutes pass on the app's clock: the stream says why it ends, where to resume, and ends.
    clock.advance(600_000);
    await stream.ended;
    const last = stream.events.at(-1)!;
    expect(last.event).toBe('auth-expired');
    expect(JSON.parse(last.data)).toEqual({
      reason: 'token-expired',
      expiredAt: new Date(Math.floor((clock.now() - 600_000) / 1000) * 1000 + 600_000).toISOString(),
    });
    expect(last.id).toMatch(/^\d+:/);

    // The expired token opens nothing and renews nothing.
    const refused = await fetch(`${base}/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect([refused.status, refused.headers.get('content-type')]).toEqual([
      401,
      'application/problem+json; charset=utf-8',
    ]);
    await request(app).post('/api/auth/refresh').set('Authorization', `Bearer ${token}`).expect(401);

    // While the client signs in again, the case moves on; resuming from the last id brings that change, once.
    const renewed = await tokenFor(600);
    await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${renewed}`)
      .send({ type: 'patrol_dispatched', data: { patrol: ['孙伟'], squadLeaderInformed: true } })
      .expect(200);
    const resumed = await open(renewed, last.id);
    expect(resumed.status).toBe(200);
    await waitFor(() => caseEvents(resumed, caseId).length > 0, { timeoutMs: 20_000, what: 'the step after resuming' });
    const [change] = caseEvents(resumed, caseId);
    expect(JSON.parse(change!.data)).toMatchObject({ caseId, state: 'responding.awaitingPatrol' });
    expect(caseEvents(stream, caseId).map((e) => e.id)).not.toContain(change!.id);
  });

  it('renews a valid token: a new token that expires a full lifetime from now', async () => {
    const token = await tokenFor(60);
    clock.advance(30_000);
    const res = await request(app).post('/api/auth/refresh').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.user).toMatchObject({ id: 'monitor_guard' });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(clock.now() + 11 * 3600_000);
    clock.advance(60_000);
    // The old token has expired by now; the renewed one still opens the stream.
    await request(app).get('/api/sites').set('Authorization', `Bearer ${token}`).expect(401);
    await request(app).get('/api/sites').set('Authorization', `Bearer ${res.body.token}`).expect(200);
  });

  it('refuses a Last-Event-ID it never handed out with a 422', async () => {
    const token = await tokenFor(600);
    for (const id of ['garbage', '1:2:3', '0']) {
      const res = await fetch(`${base}/stream`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': id } });
      expect([id, res.status]).toEqual([id, 422]);
      await res.body?.cancel();
    }
    const res = await fetch(`${base}/stream?lastEventId=x`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(422);
    await res.body?.cancel();
  });
});
