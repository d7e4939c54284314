import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startSmtp } from '../../activities/channels/test-support';
import { viewQuery } from '../../workflows/engine/messages';
import { useTimeSkippingWorker } from '../support/app-worker';
import { startDispatchCase } from '../support/fixtures';

/**
 * An SMTP login refused with 535 (a wrong or expired password) for three minutes, then fixed: every escalation e-mail
 * of those minutes goes out once after the fix, through Temporal's activity retries (time skipped). Before issue 21 a
 * 535 counted as a refusal of the address and those rungs were never mailed.
 */
// ERROR: the refused attempts are expected; the SDK would log each as a warning.
Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'faults-smtp-auth';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

it('delivers every rung once by e-mail after the server refused the login with 535 for 3 minutes', async () => {
  const smtp = await startSmtp({ user: 'mailer', pass: 'rotated' });
  smtp.state.refuseAuth = true;
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_USER: 'mailer',
    SMTP_PASS: 'rotated',
  });
  try {
    const { handle } = await startDispatchCase(env.client, taskQueue, 'perimeter-alarm-chengshi-garden-auth-1', [
      { role: 'squad_leader', after: 'PT0S', channels: ['in_app', 'email'] },
      { role: 'security_captain', after: 'PT1M', channels: ['in_app', 'email'] },
    ]);
    // The dispatch deadline (1 min) and both rungs (at 1 and 2 min) pass while every login is refused.
    await env.sleep('3 minutes');
    const refusedWhileDown = smtp.state.authRefused;
    expect(smtp.received).toHaveLength(0);
    let view = await handle.query(viewQuery);
    // Both rungs fired; neither is confirmed while its activity keeps failing (in-app is written, e-mail is not).
    expect(view.escalations.map((e) => e.to)).toEqual(['squad_leader', 'security_captain']);
    expect(view.escalations.every((e) => !e.notifiedVia.includes('email'))).toBe(true);

    smtp.state.refuseAuth = false; // the administrator fixed the password
    for (let i = 0; i < 30 && !view.escalations.every((e) => e.notifiedVia.includes('email')); i++) {
      await env.sleep('30 seconds');
      view = await handle.query(viewQuery);
    }
    expect(view.escalations.map((e) => [...e.notifiedVia].sort())).toEqual([
      ['email', 'in_app'],
      ['email', 'in_app'],
    ]);
    // Once each, to the right people; retried logins, never a message given up.
    expect(refusedWhileDown).toBeGreaterThanOrEqual(4);
    const dispatchMails = () => smtp.received.filter((m) => /派岗|dispatch/i.test(m.headers.subject ?? ''));
    expect(dispatchMails().map((m) => m.to)).toEqual(
      expect.arrayContaining([['security_captain@demo.local'], ['squad_leader@demo.local']]),
    );
    // Later attempts and later rungs (the case goes on) never mail a rung twice.
    await env.sleep('10 minutes');
    expect(dispatchMails()).toHaveLength(2);
    const keys = smtp.received.map((m) => m.headers['x-idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
  } finally {
    for (const k of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASS']) delete process.env[k];
    await smtp.close();
  }
});
