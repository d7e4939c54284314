import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import type { runProcedure, RunProcedureInput } from '../../workflows/engine/run-procedure';
import { INFORM_CHANNELS_PATCH, RECORDS_WRITTEN_LOCALLY } from '../../workflows/engine/run-procedure';
import type { Channel } from '../../workflows/engine/policy';
import { useTimeSkippingWorker } from '../support/app-worker';
import { caseStart } from '../support/fixtures';
import { caseRunner } from '../support/procedure-cases';
import { startRobotReceiver } from '../support/robot-receivers';

/**
 * Notices of steps through the site's channels (issue 21 point 4), through the real workflow with time skipped: the
 * store-theft procedure tells the squad leader and the gate guard when a theft is confirmed; the site's policy sends
 * that notice to its WeCom group as well as in-app. A busy robot is retried until it takes each notice once; a notice
 * the policy names no channels for stays in-app only, and a case whose policy names none issues no new command.
 */
Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'faults-notice-channels';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
const { step } = caseRunner('store-theft', taskQueue, () => env);

const intake = { location: '3F 化妆品区', description: '黑色外套', suspectGender: 'female', postsAlerted: true };

async function openTheft(caseId: string, notices?: Record<string, { channels: Channel[] }>) {
  const base = caseStart('store-theft', intake, caseId);
  const input: RunProcedureInput = {
    ...base,
    site: 'huarun-market',
    procedure: 'store-theft',
    version: 1,
    visibility: false,
    startedBy: { id: 'patrol_guard', name: 'patrol_guard', role: 'patrol_guard' },
    policy: { ...base.policy, ...(notices ? { notices } : {}) },
  };
  return env.client.workflow.start<typeof runProcedure>('runProcedure', {
    workflowId: caseId,
    taskQueue,
    args: [input],
  });
}

/** The patch ids a case's history marks. */
async function patchesOf(handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }): Promise<string[]> {
  const events = ((await handle.fetchHistory()).events ?? []) as Array<{
    markerRecordedEventAttributes?: { details?: Record<string, { payloads?: Array<{ data?: Uint8Array | null }> }> };
  }>;
  return events.flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString()) as { id: string }).id] : [];
  });
}

it('sends a notice through the channels the site names for it, once per notice and recipient, retrying a busy robot', async () => {
  const wecom = await startRobotReceiver('wecom', { key: 'k', token: 't', secret: 's' });
  wecom.script.push({ body: { errcode: -1, errmsg: 'system busy' } }, { body: { errcode: 45009, errmsg: 'freq' } });
  const dir = mkdtempSync(path.join(tmpdir(), 'notice-channels-'));
  writeFileSync(path.join(dir, 'channels.yaml'), `sites:\n  huarun-market:\n    wecom: { url: '${wecom.url}' }\n`);
  process.env.CHANNELS_CONFIG = path.join(dir, 'channels.yaml');
  try {
    const handle = await openTheft('store-theft-huarun-market-notice-1', {
      theft_confirmed: { channels: ['in_app', 'wecom'] },
    });
    await step(handle, 'theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
    for (let i = 0; i < 20 && wecom.accepted().length < 2; i++) await env.sleep('30 seconds');
    // Two notices (squad leader, gate guard), each posted once to the group, after the busy answers were retried.
    const accepted = wecom.accepted().map((r) => (r.body.markdown as { content: string }).content);
    expect(accepted).toHaveLength(2);
    expect(accepted.every((m) => m.startsWith('### 【通知】'))).toBe(true);
    expect(accepted.join('\n')).toContain('保安班长');
    expect(accepted.join('\n')).toContain('门岗');
    expect(wecom.requests).toHaveLength(4);
    await env.sleep('10 minutes');
    expect(wecom.accepted()).toHaveLength(2);
    // In-app too, as the policy lists it; the notice it names no channels for (suspect noticed) only in-app.
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'notice');
    expect(notices.map((n) => `${n.about}→${n.role}`).sort()).toEqual([
      'suspect_noticed→monitor_guard',
      'theft_confirmed→gate_guard',
      'theft_confirmed→squad_leader',
    ]);
    // A new case takes the channels path under the newest folded patch, which stands for inform-channels (issue 23).
    expect(await patchesOf(handle)).toEqual([RECORDS_WRITTEN_LOCALLY]);
  } finally {
    delete process.env.CHANNELS_CONFIG;
    await wecom.close();
  }
});

it('leaves a case whose policy names no channels for its notices as before: in-app only, no patch marker', async () => {
  const handle = await openTheft('store-theft-huarun-market-notice-2');
  await step(handle, 'theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
  await env.sleep('1 minute');
  const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId);
  expect(notices).toHaveLength(3);
  expect(await patchesOf(handle)).not.toContain(INFORM_CHANNELS_PATCH);
});
