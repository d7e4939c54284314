import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { notify } from '..';
import { readOutbox } from '../outbox';
import { loadChannels, type ChannelsFile } from '../../config';
import { postEscalationWebhook, signatureOf } from './webhook';
import { freshDataDir, rungPayload, startSmtp } from './test-support';

// A real HTTP receiver on loopback: it checks the signature and answers what the test scripts (500, then 200).
const secret = 'test-webhook-secret';
let server: Server;
let url: string;
const seen: { headers: IncomingHttpHeaders; body: string; valid: boolean }[] = [];
const statuses: number[] = [];

beforeAll(async () => {
  freshDataDir();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const valid = req.headers['x-signature'] === signatureOf(body, secret);
      seen.push({ headers: req.headers, body, valid });
      res.statusCode = valid ? (statuses.shift() ?? 200) : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/escalations`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  statuses.length = 0;
});

// Runs an activity in a Temporal activity context (so channels log through Context.current().log), quietly.
const activityEnv = (attempt: number) =>
  new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('WARN') });

const channels = (): ChannelsFile => ({ sites: { 'chengshi-garden': { webhookUrl: url, webhookSecret: secret } } });

describe('webhook channel', () => {
  it('throws on a 500, succeeds on the retry, and the receiver sees the same Idempotency-Key and a valid signature', async () => {
    statuses.push(500);
    const payload = rungPayload('hook-1', ['in_app', 'webhook']);
    await expect(postEscalationWebhook(payload, { channels: channels() })).rejects.toThrow(/answered 500/);
    await expect(postEscalationWebhook(payload, { channels: channels() })).resolves.toBe('delivered');
    expect(seen).toHaveLength(2);
    expect(seen.every((r) => r.valid)).toBe(true);
    expect(seen.map((r) => r.headers['idempotency-key'])).toEqual(['hook-1', 'hook-1']);
    expect(seen[0]!.body).toBe(seen[1]!.body);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toMatchObject({
      key: 'hook-1',
      number: 'ZJ-20261124-0007',
      site: 'chengshi-garden',
      escalation: { timer: 'patrol_arrival', level: 2, to: 'security_captain' },
      lateMs: 200_000,
    });
    // Delivered once: a later attempt (another channel failed) does not post again.
    await expect(postEscalationWebhook(payload, { channels: channels() })).resolves.toBe('delivered');
    expect(seen).toHaveLength(2);
  });

  it('throws on a network error', async () => {
    const closed = { sites: { 'chengshi-garden': { webhookUrl: 'http://127.0.0.1:1/x', webhookSecret: secret } } };
    await expect(postEscalationWebhook(rungPayload('hook-down'), { channels: closed })).rejects.toThrow(/failed/);
  });

  it('reads the secret from the named environment variable, and is skipped for a site without a webhook', async () => {
    const byEnv = { sites: { 'chengshi-garden': { webhookUrl: url, webhookSecretEnv: 'TEST_HOOK_SECRET' } } };
    await expect(postEscalationWebhook(rungPayload('hook-env'), { channels: byEnv })).rejects.toThrow(
      /TEST_HOOK_SECRET is not set/,
    );
    process.env.TEST_HOOK_SECRET = secret;
    await expect(postEscalationWebhook(rungPayload('hook-env'), { channels: byEnv })).resolves.toBe('delivered');
    expect(seen.map((r) => r.valid)).toEqual([true]);
    await expect(postEscalationWebhook(rungPayload('hook-none'), { channels: { sites: {} } })).resolves.toBe('skipped');
  });

  it('loads config/channels.yaml and names the bad key of a bad file', () => {
    expect(loadChannels()).toEqual({ sites: {} });
    const dir = mkdtempSync(path.join(tmpdir(), 'channels-yaml-'));
    const bad = path.join(dir, 'channels.yaml');
    writeFileSync(bad, 'sites:\n  chengshi-garden:\n    webhookUrl: ftp://x\n    webhookSecret: s\n');
    expect(() => loadChannels(bad)).toThrow(/sites\.chengshi-garden\.webhookUrl/);
    writeFileSync(bad, 'sites:\n  chengshi-garden:\n    webhookUrl: https://x.example\n');
    expect(() => loadChannels(bad)).toThrow(/exactly one of webhookSecret and webhookSecretEnv/);
  });
});

describe('notify activity with every channel', () => {
  it('delivers in-app, e-mail and webhook, retries on a failing webhook without mailing twice', async () => {
    const smtp = await startSmtp();
    const dir = mkdtempSync(path.join(tmpdir(), 'channels-cfg-'));
    writeFileSync(
      path.join(dir, 'channels.yaml'),
      `sites:\n  chengshi-garden:\n    webhookUrl: ${url}\n    webhookSecret: ${secret}\n`,
    );
    Object.assign(process.env, {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      CHANNELS_CONFIG: path.join(dir, 'channels.yaml'),
    });
    try {
      statuses.push(500);
      const payload = rungPayload('notify-1', ['in_app', 'email', 'webhook']);
      await expect(activityEnv(1).run(notify, payload)).rejects.toThrow(/answered 500/);
      const result = await activityEnv(2).run(notify, payload);
      expect(result).toEqual({ delivered: ['in_app', 'email', 'webhook'], undelivered: [] });
      expect(smtp.received.map((m) => m.to)).toEqual([['security_captain@demo.local']]);
      expect(seen.map((r) => r.headers['idempotency-key'])).toEqual(['notify-1', 'notify-1']);
      const notices = (await readOutbox()).filter((n) => n.key === 'notify-1');
      expect(notices).toHaveLength(1);

      // Not configured: SMTP_HOST unset and no webhook for the site leave only in_app.
      delete process.env.SMTP_HOST;
      process.env.CHANNELS_CONFIG = path.join(dir, 'none.yaml');
      const only = await activityEnv(1).run(notify, rungPayload('notify-2', ['in_app', 'email', 'webhook']));
      expect(only).toEqual({ delivered: ['in_app'], undelivered: [] });
    } finally {
      for (const k of ['SMTP_HOST', 'SMTP_PORT', 'CHANNELS_CONFIG']) delete process.env[k];
      await smtp.close();
    }
  });
});
