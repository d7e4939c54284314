import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import { startSmtp } from '../../activities/channels/test-support';
import { viewQuery } from '../../workflows/engine/messages';
import { useTimeSkippingWorker } from '../support/app-worker';
import { startDispatchCase } from '../support/fixtures';
import { expectOneDeliveryRetried, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Receivers that are down: an escalation rung whose webhook answers 503 and whose mail server answers 451 for a while
 * is delivered once each after they come back, through Temporal's activity retries (time skipped), never lost, never
 * doubled.
 */
// ERROR: the refused attempts are expected; the SDK would log each as a warning.
Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'faults-channels-down';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

const secret = 'test-hook-secret';
const WEBHOOK_DOWN_FOR = 3; // attempts answered 503
const SMTP_DOWN_FOR = 5; // attempts answered 451

it('delivers a rung once by webhook and once by e-mail after both receivers were down for several attempts', async () => {
  const smtp = await startSmtp();
  smtp.state.refuseNext = SMTP_DOWN_FOR; // 451 "try later" to the next SMTP_DOWN_FOR recipients
  const hooks = await startWebhookReceiver(secret, { answer: (n) => (n <= WEBHOOK_DOWN_FOR ? 503 : 200) });
  const dir = mkdtempSync(path.join(tmpdir(), 'faults-channels-'));
  writeFileSync(
    path.join(dir, 'channels.yaml'),
    `sites:\n  chengshi-garden:\n    webhookUrl: ${hooks.url}\n    webhookSecret: ${secret}\n`,
  );
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    CHANNELS_CONFIG: path.join(dir, 'channels.yaml'),
  });
  try {
    const { input, handle } = await startDispatchCase(
      env.client,
      taskQueue,
      'perimeter-alarm-chengshi-garden-faults-1',
      [{ role: 'squad_leader', after: 'PT0S', channels: ['in_app', 'email', 'webhook'] }],
    );
    const started = Date.now();
    await env.sleep('61 seconds'); // the 1-minute dispatch deadline passes: the rung fires
    // Retries back off 2, 4, 8, 16, 32 s…: skipped time, so the test waits for real only for the attempts themselves.
    let view = await handle.query(viewQuery);
    for (let i = 0; i < 30 && !view.escalations[0]?.notifiedVia.includes('webhook'); i++) {
      await env.sleep('30 seconds');
      view = await handle.query(viewQuery);
    }
    const rung = view.escalations[0]!;
    expect(rung.notifiedVia.sort()).toEqual(['email', 'in_app', 'webhook']);

    // Webhook: every attempt carried the same key, body and a valid signature; the receiver acted on exactly one.
    expectOneDeliveryRetried(hooks, WEBHOOK_DOWN_FOR + 1);

    // E-mail: refused while down, then one message; attempts after the webhook's success did not post it again.
    const mails = smtp.received.filter((m) => m.to.includes('squad_leader@demo.local'));
    expect(smtp.state.refused).toBe(SMTP_DOWN_FOR);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.headers['x-idempotency-key']).toBe(hooks.requests[0]!.key);
    // In-app: one notice however many attempts.
    expect((await readOutbox()).filter((n) => n.caseId === input.caseId && n.kind === 'escalation')).toHaveLength(1);

    const history = (await handle.fetchHistory()).events ?? [];
    const failedAttempts = history.filter((e) => e.activityTaskStartedEventAttributes)[0]
      ?.activityTaskStartedEventAttributes?.attempt;
    console.log(
      `delivery figures: webhook ${hooks.requests.length} requests (${WEBHOOK_DOWN_FOR} refused) → 1 delivery; ` +
        `SMTP down for ${SMTP_DOWN_FOR} attempts → ${mails.length} message; activity attempts ${failedAttempts}; ` +
        `wall time ${Date.now() - started} ms`,
    );
    expect(failedAttempts).toBe(SMTP_DOWN_FOR + 1);
  } finally {
    for (const k of ['SMTP_HOST', 'SMTP_PORT', 'CHANNELS_CONFIG']) delete process.env[k];
    await hooks.close();
    await smtp.close();
  }
});
