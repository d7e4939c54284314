import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { ackLinkOf, signAckToken, verifyAckToken, type AckClaim } from '../../config';
import { loadConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { useTimeSkippingWorker } from '../support/app-worker';
import { viewQuery } from '../../workflows/engine';
import { ManualClock } from '../support/clock';
import { waitFor } from '../support/wait';

// Acknowledge links of escalation messages (issue 21 point 2) against a real (time-skipping) Temporal server and the
// app's worker: the link acknowledges through the case's own ack, once; expired, reused, altered links and people
// without the rung's role are refused, each with a page that says why.
Runtime.install({ logger: new DefaultLogger('WARN') });
let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
const clock = new ManualClock();
useTimeSkippingWorker(TASK_QUEUE, (ready) => {
  env = ready;
  app = createApp({ client: env.client, config: loadConfig(), logger: pino({ level: 'silent' }), clock });
});

const site = 'chengshi-garden';
const HOUR = 3_600_000;

async function login(username: string) {
  const res = await request(app).post('/api/auth/login').send({ username, password: 'demo123' }).expect(200);
  return `Bearer ${res.body.token}`;
}

/** A perimeter case whose 1-minute dispatch deadline passed: rung 1 went to the squad leader. */
async function escalatedCase(): Promise<{ caseId: string; at: string; squad: string }> {
  const monitor = await login('monitor_guard');
  const squad = await login('squad_leader');
  const opened = await request(app)
    .post('/api/cases')
    .set('Authorization', monitor)
    .send({ procedure: 'perimeter-alarm', site, data: { zone: 'north-wall-3' } })
    .expect(201);
  const caseId = opened.body.caseId as string;
  await env.sleep(61_000); // the 1-minute dispatch deadline passes
  const handle = env.client.workflow.getHandle(caseId);
  const rung = await waitFor(
    async () => (await handle.query(viewQuery)).escalations.find((e) => e.notifiedVia.includes('in_app')),
    { timeoutMs: 60_000, what: 'rung 1 told in-app' },
  );
  expect(rung).toMatchObject({ n: 1, to: 'squad_leader' });
  return { caseId, at: rung.at, squad };
}

/** The path of the link the worker puts in a message for `claim` (issued at the rung's time, as the channels do). */
async function linkPath(claim: AckClaim, at: string): Promise<string> {
  return new URL(ackLinkOf(await signAckToken(claim, Date.parse(at)))).pathname;
}

const ackOf = async (caseId: string, auth: string) =>
  (await request(app).get(`/api/cases/${caseId}`).set('Authorization', auth).expect(200)).body.escalations[0];

describe('the acknowledge link of a message sent to one person', () => {
  it('shows the rung without acknowledging, acknowledges once as that person, then is refused as used', async () => {
    const { caseId, at, squad } = await escalatedCase();
    clock.advance(Date.parse(at) - clock.now() + 60_000); // the API's clock: a minute after the escalation
    const path = await linkPath({ caseId, n: 1, site, role: 'squad_leader', user: 'squad_leader' }, at);
    const page = await request(app).get(path).expect(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('确认人：保安班长 郑军');
    expect(page.text).toMatch(/案件 ZJ-\d{8}-\d{4}（周界报警/);
    expect((await ackOf(caseId, squad)).ackedAt).toBeUndefined(); // opening the link acknowledged nothing

    // The form says someone else: a personal link acknowledges as its person all the same.
    const done = await request(app).post(path).type('form').send({ user: 'monitor_guard' }).expect(200);
    expect(done.text).toContain('已确认：保安班长 郑军');
    // The same record as an in-app acknowledgement.
    expect(await ackOf(caseId, squad)).toMatchObject({
      ackedBy: 'squad_leader',
      ackedByName: '保安班长 郑军',
      ackedAt: expect.any(String),
    });

    const again = await request(app).post(path).type('form').expect(409);
    expect(again.text).toContain('此链接已失效：该升级已由 保安班长 郑军');
    await request(app).get(path).expect(409);
    const en = await request(app).post(path).set('Accept-Language', 'en').expect(409);
    expect(en.text).toContain('This link has been used');
  });

  it('is refused once expired (24 hours after the escalation by default), and the rung stays open', async () => {
    const { caseId, at } = await escalatedCase();
    const path = await linkPath({ caseId, n: 1, site, role: 'squad_leader', user: 'squad_leader' }, at);
    clock.advance(Date.parse(at) + 24 * HOUR + 1000 - clock.now());
    const res = await request(app).post(path).expect(410);
    expect(res.text).toContain('链接已过期');
    await request(app).get(path).expect(410);
    expect((await ackOf(caseId, await login('squad_leader'))).ackedAt).toBeUndefined(); // a session of the moved clock
    // Just inside the day it still works.
    clock.advance(-2000);
    await request(app).post(path).expect(200);
  });

  it('is refused when any part of it was altered, and for a person who does not hold the role', async () => {
    const { caseId, at, squad } = await escalatedCase();
    clock.advance(Date.parse(at) - clock.now() + 60_000);
    const path = await linkPath({ caseId, n: 1, site, role: 'squad_leader', user: 'squad_leader' }, at);
    const token = path.split('/').pop()!;
    const [header, payload, signature] = token.split('.');
    // Another person in the claims with the old signature.
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), u: 'monitor_guard' }),
    ).toString('base64url');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const altered of [`${header}.${forged}.${signature}`, `${header}.${payload}.${flipped}`, token.slice(0, -5)]) {
      const res = await request(app).post(`/api/ack/${altered}`).expect(403);
      expect(res.text).toContain('链接无效');
    }
    // A link signed for someone without the rung's role (the monitor guard): refused, nothing recorded.
    const notHolder = await linkPath({ caseId, n: 1, site, role: 'squad_leader', user: 'monitor_guard' }, at);
    const refused = await request(app).post(notHolder).expect(403);
    expect(refused.text).toContain('所选人员在该场所不是保安班长');
    expect((await ackOf(caseId, squad)).ackedAt).toBeUndefined();
  });
});

describe('the acknowledge link of a message sent to a group (chat robots)', () => {
  it('asks who acknowledges among the role’s holders, refuses anyone else, and works once', async () => {
    const { caseId, at, squad } = await escalatedCase();
    clock.advance(Date.parse(at) - clock.now() + 60_000);
    const path = await linkPath({ caseId, n: 1, site, role: 'squad_leader' }, at);
    const page = await request(app).get(path).expect(200);
    expect(page.text).toContain('请选择你是哪位保安班长');
    expect(page.text).toContain('value="squad_leader"');
    expect(page.text).not.toContain('value="monitor_guard"');
    const nobody = await request(app).post(path).type('form').send({}).expect(422);
    expect(nobody.text).toContain('请先选择确认人');
    await request(app).post(path).type('form').send({ user: 'monitor_guard' }).expect(403);
    await request(app).post(path).type('form').send({ user: 'no_such_person' }).expect(403);
    expect((await ackOf(caseId, squad)).ackedAt).toBeUndefined();
    await request(app).post(path).type('form').send({ user: 'squad_leader' }).expect(200);
    expect(await ackOf(caseId, squad)).toMatchObject({ ackedBy: 'squad_leader' });
    await request(app).post(path).type('form').send({ user: 'squad_leader' }).expect(409);
  });

  it('names no rung that the case does not have', async () => {
    const { caseId, at } = await escalatedCase();
    clock.advance(Date.parse(at) - clock.now() + 60_000);
    await request(app)
      .get(await linkPath({ caseId, n: 7, site, role: 'squad_leader' }, at))
      .expect(404);
    // A token of another purpose (a session token) is no acknowledge link.
    const session = (await login('squad_leader')).slice('Bearer '.length);
    expect(await verifyAckToken(session, clock.now())).toEqual({ refused: 'invalid' });
    await request(app).get(`/api/ack/${session}`).expect(403);
  });
});
