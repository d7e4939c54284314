import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import { viewQuery } from '../../workflows/engine/messages';
import type { runProcedure, RunProcedureInput } from '../../workflows/engine/run-procedure';
import { useDevServer } from '../support/dev-server-fixture';
import { caseStart } from '../support/fixtures';
import type { ProcessHandle } from '../support/process';
import { waitFor } from '../support/wait';
import { expectOneDeliveryRetried, startWebhookReceiver } from '../support/webhook-receiver';
import { startWorkerProcess } from '../support/app-processes';

/**
 * The worst moment to die: the worker posted the escalation to the site's webhook and the receiver took it, but the
 * worker was killed (-9) before it recorded the send. The retry, by another worker, posts again with the same
 * Idempotency-Key, so a receiver that keeps each key once acts on it exactly once; nothing is lost.
 */
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = `faults-killed-${process.pid}`;
const secret = 'test-hook-secret';
const dev = useDevServer();

it('does not double a webhook when the worker dies between sending it and recording it', async () => {
  let first: ProcessHandle | undefined;
  const hooks = await startWebhookReceiver(secret, {
    // The first post reaches the receiver; the worker that sent it dies before the answer.
    onRequest: async () => {
      if (hooks.requests.length === 1) await first!.kill9();
    },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'faults-killed-'));
  const channels = path.join(dir, 'channels.yaml');
  writeFileSync(channels, `sites:\n  test-site:\n    webhookUrl: ${hooks.url}\n    webhookSecret: ${secret}\n`);
  const env = { CHANNELS_CONFIG: channels };
  try {
    first = await startWorkerProcess({
      address: dev.server.address,
      taskQueue,
      dataDir: dev.dataDir,
      name: 'worker-1',
      env,
    });
    dev.processes.push(first);
    const base = caseStart(
      'perimeter-alarm',
      { zone: 'north-wall-3' },
      `perimeter-alarm-test-site-killed-${process.pid}`,
    );
    const input: RunProcedureInput = {
      ...base,
      procedure: 'perimeter-alarm',
      version: 1,
      policy: {
        ...base.policy,
        deadlines: { ...base.policy.deadlines, dispatch: 'PT2S' },
        ladders: {
          ...base.policy.ladders,
          dispatch: [{ role: 'squad_leader', after: 'PT0S', channels: ['in_app', 'webhook'] }],
        },
      },
    };
    const handle = await dev.client.workflow.start<typeof runProcedure>('runProcedure', {
      workflowId: input.caseId,
      taskQueue,
      args: [input],
    });

    await waitFor(() => !first!.running, { timeoutMs: 30_000, what: 'the first post, and the worker killed' });
    expect(hooks.requests).toHaveLength(1);
    const killedAt = Date.now();
    dev.processes.push(
      await startWorkerProcess({ address: dev.server.address, taskQueue, dataDir: dev.dataDir, name: 'worker-2', env }),
    );

    // The killed attempt times out (15 s start-to-close) and the retry posts again.
    const view = await waitFor(
      async () => {
        const v = await handle.query(viewQuery);
        return v.escalations[0]?.notifiedVia.includes('webhook') ? v : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the retried delivery recorded in the case' },
    );
    expect(view.escalations).toHaveLength(1);
    // Two attempts, same Idempotency-Key and body, signed; the receiver acted once.
    expectOneDeliveryRetried(hooks, 2);
    const notices = (await readOutbox()).filter((n) => n.caseId === input.caseId && n.kind === 'escalation');
    expect(notices).toHaveLength(1);
    console.log(
      `delivery figures: worker killed after the post → ${hooks.requests.length} posts, 1 key, ` +
        `${hooks.accepted.size} acted on; redelivered ${hooks.requests[1]!.at - killedAt} ms after the kill`,
    );
  } finally {
    await hooks.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
