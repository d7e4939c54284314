import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { viewQuery } from '../../workflows/engine/messages';
import { useTimeSkippingWorker } from '../support/app-worker';
import { startDispatchCase } from '../support/fixtures';
import { startRobotReceiver } from '../support/robot-receivers';

/**
 * Group robots through the real workflow (time skipped): a DingTalk robot that answers "send too fast" (130101) for
 * several attempts is retried until it takes the rung, once; a WeCom robot whose group removed it (93000) is tried
 * once, recorded on the case's escalation as not delivered with the platform's reason, and does not hold up the case or the other channels.
 */
// ERROR: the refused attempts are expected; the SDK would log each as a warning.
Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'faults-robots';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

it('retries a rate-limited DingTalk robot until it takes the rung once, and gives a removed WeCom robot up', async () => {
  const creds = { key: 'k', token: 't', secret: 'SECfault' };
  const wecom = await startRobotReceiver('wecom', creds);
  const ding = await startRobotReceiver('dingtalk', creds);
  wecom.script.push({ body: { errcode: 93000, errmsg: 'invalid webhook url' } });
  for (let i = 0; i < 3; i++) ding.script.push({ body: { errcode: 130101, errmsg: 'send too fast' } });
  const dir = mkdtempSync(path.join(tmpdir(), 'faults-robots-'));
  writeFileSync(
    path.join(dir, 'channels.yaml'),
    `sites:\n  chengshi-garden:\n    wecom: { url: '${wecom.url}' }\n` +
      `    dingtalk: { url: '${ding.url}', secret: ${creds.secret} }\n`,
  );
  process.env.CHANNELS_CONFIG = path.join(dir, 'channels.yaml');
  try {
    const { handle } = await startDispatchCase(env.client, taskQueue, 'perimeter-alarm-chengshi-garden-robots-1', [
      { role: 'squad_leader', after: 'PT0S', channels: ['in_app', 'wecom', 'dingtalk'] },
    ]);
    await env.sleep('61 seconds');
    let view = await handle.query(viewQuery);
    for (let i = 0; i < 30 && !view.escalations[0]?.notifiedVia.includes('dingtalk'); i++) {
      await env.sleep('30 seconds');
      view = await handle.query(viewQuery);
    }
    expect([...view.escalations[0]!.notifiedVia].sort()).toEqual(['dingtalk', 'in_app']);
    expect(ding.requests).toHaveLength(4);
    expect(ding.accepted()).toHaveLength(1);
    expect(wecom.requests).toHaveLength(1);
    // The delivery activity completed (not failed) and says why WeCom did not deliver.
    const history = (await handle.fetchHistory()).events ?? [];
    const completed = history.filter((e) => e.activityTaskCompletedEventAttributes);
    const result = JSON.stringify(completed.map((e) => e.activityTaskCompletedEventAttributes?.result));
    expect(history.some((e) => e.activityTaskFailedEventAttributes)).toBe(false);
    expect(Buffer.from(JSON.parse(result)[0].payloads[0].data, 'base64').toString()).toContain('code 93000');
    // On the case, for a manager: WeCom did not deliver this rung, and why (issue 21: "not delivered, why").
    expect(view.escalations[0]!.undelivered).toEqual([{ channel: 'wecom', reason: expect.stringContaining('93000') }]);
    // The case goes on: a step is still accepted.
    expect(view.status).toBe('open');
    await env.sleep('10 minutes');
    expect(ding.accepted().filter((r) => JSON.stringify(r.body).includes('派岗'))).toHaveLength(1);
  } finally {
    delete process.env.CHANNELS_CONFIG;
    await wecom.close();
    await ding.close();
  }
});
