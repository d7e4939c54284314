import { rmSync } from 'node:fs';
import path from 'node:path';
import { verifyAckToken } from '../../config';
import { loadConfig } from '../../config/load';
import { digestOf } from './common';
import {
  isPermanent,
  recipientsOf,
  renderEscalationEmail,
  factsOf,
  sendEscalationEmail,
  smtpFromEnv,
  type SmtpSettings,
} from './email';
import { freshDataDir, rungPayload, startSmtp } from './test-support';

// A real SMTP server on loopback receives what the e-mail channel sends; users and sites come from config/.
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let settings: SmtpSettings;
const config = loadConfig();
const captains = recipientsOf(config, 'chengshi-garden', 'security_captain');

beforeAll(async () => {
  freshDataDir();
  smtp = await startSmtp({ user: 'mailer', pass: 's3cret' });
  settings = {
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    user: 'mailer',
    pass: 's3cret',
    from: 'Alerts <alerts@procwf.test>',
  };
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.received.length = 0;
  smtp.state.reject.clear();
  smtp.state.bounce.clear();
  smtp.state.refuseAuth = false;
});

describe('e-mail channel', () => {
  it('finds the people holding the role at the site in config/users.yaml', () => {
    expect(captains).toEqual(['security_captain@demo.local']);
    expect(recipientsOf(config, 'chengshi-garden', 'no_such_role')).toEqual([]);
  });

  it('mails the rung in Chinese to the role at the site, with case number, deadline, lateness and link', async () => {
    const payload = rungPayload('zh-1');
    await expect(sendEscalationEmail(payload, { smtp: settings, config })).resolves.toBe('delivered');
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['security_captain@demo.local']);
    expect(mail!.from).toBe('alerts@procwf.test');
    expect(mail!.headers.subject).toContain('ZJ-20261124-0007');
    expect(mail!.headers.subject).toContain('巡逻岗到场时限');
    expect(mail!.headers['message-id']).toBe(`<${digestOf('zh-1', 'security_captain@demo.local')}@procwf.test>`);
    expect(mail!.headers['x-idempotency-key']).toBe('zh-1');
    expect(mail!.text).toContain('案件 ZJ-20261124-0007（周界报警应急处理，城市花园）');
    expect(mail!.text).toContain('已超时 3分钟20秒');
    expect(mail!.text).toContain('第 2 级，通知 保安队长');
    expect(mail!.text).toContain(`http://localhost:8080/cases/${payload.caseId}`);
    // The recipient's own acknowledge link (issue 21 point 2): signed for the rung and for that person.
    const link = /确认收到（无需登录，此链接仅限本人使用一次）：(http:\/\/localhost:8080\/api\/ack\/\S+)/.exec(
      mail!.text,
    )?.[1];
    const verified = await verifyAckToken(link!.split('/').pop()!, Date.parse(payload.escalation!.at) + 60_000);
    expect(verified).toMatchObject({
      claim: { caseId: payload.caseId, n: payload.escalation!.n, role: 'security_captain', user: 'security_captain' },
    });
  });

  it('does not mail twice when the activity is retried with the same key', async () => {
    const payload = rungPayload('retry-1');
    await sendEscalationEmail(payload, { smtp: settings, config });
    await sendEscalationEmail(payload, { smtp: settings, config });
    expect(smtp.received).toHaveLength(1);
    // Another rung (another key) is another message.
    await sendEscalationEmail(rungPayload('retry-2'), { smtp: settings, config });
    expect(smtp.received).toHaveLength(2);
  });

  it('re-sends at most once, with the same Message-ID, when the sent-marker was lost (crash after the send)', async () => {
    const payload = rungPayload('crash-1');
    await sendEscalationEmail(payload, { smtp: settings, config });
    rmSync(path.join(process.env.DATA_DIR!, 'sent'), { recursive: true });
    await sendEscalationEmail(payload, { smtp: settings, config });
    await sendEscalationEmail(payload, { smtp: settings, config });
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]!.headers['message-id']).toBe(smtp.received[1]!.headers['message-id']);
  });

  it('throws when the server refuses, and the retry mails only the people not yet mailed', async () => {
    const users = new Map(config.users);
    const twin = { ...users.get('security_captain')!, id: 'captain_2', email: 'captain_2@demo.local' };
    users.set(twin.id, twin);
    const two = { users, sites: config.sites };
    smtp.state.reject.add('security_captain@demo.local');
    const payload = rungPayload('partial-1');
    await expect(sendEscalationEmail(payload, { smtp: settings, config: two })).rejects.toThrow(
      /email to security_captain@demo.local .* failed/,
    );
    expect(smtp.received.map((m) => m.to)).toEqual([['captain_2@demo.local']]);
    smtp.state.reject.clear();
    await expect(sendEscalationEmail(payload, { smtp: settings, config: two })).resolves.toBe('delivered');
    expect(smtp.received.map((m) => m.to)).toEqual([['captain_2@demo.local'], ['security_captain@demo.local']]);
  });

  it('does not retry an address the server refuses for good (5xx), and still mails the others', async () => {
    const users = new Map(config.users);
    const twin = { ...users.get('security_captain')!, id: 'captain_2', email: 'captain_2@demo.local' };
    users.set(twin.id, twin);
    const two = { users, sites: config.sites };
    smtp.state.bounce.add('security_captain@demo.local');
    const payload = rungPayload('bounce-1');
    await expect(sendEscalationEmail(payload, { smtp: settings, config: two })).resolves.toBe('delivered');
    expect(smtp.received.map((m) => m.to)).toEqual([['captain_2@demo.local']]);
    // A later attempt (another channel failed) neither retries the bounced address nor mails the other again.
    smtp.state.bounce.clear();
    await expect(sendEscalationEmail(payload, { smtp: settings, config: two })).resolves.toBe('delivered');
    expect(smtp.received).toHaveLength(1);
    // Everybody bounced: the channel reached nobody.
    smtp.state.bounce.add('security_captain@demo.local');
    await expect(sendEscalationEmail(rungPayload('bounce-2'), { smtp: settings, config })).resolves.toBe('skipped');
  });

  it('throws on an unreachable server (so Temporal retries)', async () => {
    const down = { ...settings, port: 1 };
    await expect(sendEscalationEmail(rungPayload('down-1'), { smtp: down, config })).rejects.toThrow(/failed/);
  });

  it('is skipped, not delivered, when SMTP_HOST is unset or nobody has an address', async () => {
    expect(smtpFromEnv({})).toBeUndefined();
    await expect(sendEscalationEmail(rungPayload('off-1'), { smtp: null, config })).resolves.toBe('skipped');
    const nobody = { ...rungPayload('off-2'), escalation: { ...rungPayload('off-2').escalation!, to: 'nobody' } };
    await expect(sendEscalationEmail(nobody, { smtp: settings, config })).resolves.toBe('skipped');
    expect(smtp.received).toHaveLength(0);
  });

  it('retries a refused login (535) instead of giving the address up, and mails once when the password works', async () => {
    smtp.state.refuseAuth = true;
    const payloads = [rungPayload('auth-1'), rungPayload('auth-2'), rungPayload('auth-3')];
    // The server refuses the login on every attempt while the password is wrong: each attempt throws (retryable).
    for (let i = 0; i < 3; i++) {
      for (const payload of payloads) {
        await expect(sendEscalationEmail(payload, { smtp: settings, config })).rejects.toThrow(/failed: .*535/i);
      }
    }
    expect(smtp.state.authRefused).toBe(9);
    expect(smtp.received).toHaveLength(0);
    // The administrator fixes the password: every message goes out once, and later attempts send nothing more.
    smtp.state.refuseAuth = false;
    for (let i = 0; i < 2; i++) {
      for (const payload of payloads) {
        await expect(sendEscalationEmail(payload, { smtp: settings, config })).resolves.toBe('delivered');
      }
    }
    expect(smtp.received.map((m) => m.headers['x-idempotency-key'])).toEqual(['auth-1', 'auth-2', 'auth-3']);
  });

  it('tells a refused login from a refused address', () => {
    expect(isPermanent(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 }))).toBe(false);
    expect(isPermanent({ responseCode: 535, command: 'AUTH PLAIN' })).toBe(false);
    expect(isPermanent({ responseCode: 550, command: 'RCPT TO' })).toBe(true);
    expect(isPermanent({ responseCode: 451, command: 'RCPT TO' })).toBe(false);
  });

  it('reads SMTP settings from the environment', () => {
    expect(
      smtpFromEnv({ SMTP_HOST: 'mail', SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASS: 'p', SMTP_FROM: 'a@b.c' }),
    ).toEqual({ host: 'mail', port: 465, secure: true, user: 'u', pass: 'p', from: 'a@b.c' });
    expect(smtpFromEnv({ SMTP_HOST: 'mail', SMTP_PORT: '2525' })).toMatchObject({ port: 2525, secure: false });
  });

  it('has an English template, and APP_URL sets the link', () => {
    process.env.APP_URL = 'https://ops.example.com/';
    try {
      const { subject, text } = renderEscalationEmail('en', factsOf(rungPayload('en-1'), 'en', config));
      expect(subject).toBe('[Escalation L2] ZJ-20261124-0007: Patrol arrival deadline overdue by 3 mins 20 secs');
      expect(text).toContain('Case ZJ-20261124-0007 (Perimeter alarm response, 城市花园)');
      expect(text).toContain('https://ops.example.com/cases/perimeter-alarm-en-1');
    } finally {
      delete process.env.APP_URL;
    }
  });
});
