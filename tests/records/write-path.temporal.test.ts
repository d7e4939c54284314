/**
 * Every change of a case reaches the records database through the workflow's one `recordCase` write (issue 16), on
 * the time-skipping test server with the app's real activities and a real PostgreSQL this test starts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { closeRecords } from '../../activities/records';
import { openRecords, type Records } from '../../records';
import { ackUpdate, viewQuery, type CaseView } from '../../workflows/engine';
import type { runProcedure } from '../../workflows/engine/run-procedure';
import type { Channel } from '../../workflows/engine/policy';
import { startRobotReceiver } from '../support/robot-receivers';
import { sendStep, useTimeSkippingWorker } from '../support/app-worker';
import { as, caseStart } from '../support/fixtures';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { waitFor } from '../support/wait';
import { activityTypesOf, succeededActivities } from '../support/history-events';

// ERROR: the activity's retries while the database is down are expected, not news.
Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'records-write-path';
let pg: TestPostgres;
let records: Records;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  pg = await startTestPostgres();
  // The worker's recordCase connects with DATABASE_URL, as in production.
  process.env.DATABASE_URL = pg.url;
  records = await openRecords({ url: pg.url });
}, 180_000);
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
afterAll(async () => {
  await closeRecords();
  await records?.close();
  await pg?.destroy();
});

let seq = 0;
function openCase(
  name: string,
  notices?: Record<string, { channels: Channel[] }>,
): Promise<WorkflowHandle<typeof runProcedure>> {
  const caseId = `records-${name}-${++seq}`;
  const start = caseStart('perimeter-alarm', { zone: '北墙三号', source: 'panel' }, caseId, 1);
  const input = {
    ...start,
    ...(notices ? { policy: { ...start.policy, notices } } : {}),
    procedure: 'perimeter-alarm',
    version: 1,
    records: true,
  };
  return env.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
}
const step = (handle: WorkflowHandle, type: string, data: Record<string, unknown>, role: string) =>
  sendStep(handle, { type, data, actor: as(role) });
const minutes = (n: number) => n * 60_000;

/** Alarm → dispatched → cameras → arrived → intrusion: three notices (squad leader; captain and office director). */
async function intrusionConfirmed(handle: WorkflowHandle): Promise<CaseView> {
  await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await step(handle, 'cameras_tracked', { climbingSeen: true }, 'monitor_guard');
  await step(handle, 'patrol_arrived', {}, 'patrol_guard');
  return step(
    handle,
    'verdict_given',
    {
      verdict: 'intrusion',
      commander: { name: '郑军', role: 'squad_leader' },
      captainInformed: true,
      officeInformed: true,
    },
    'squad_leader',
  );
}

/** The case's in-app notices in the records once its last change is recorded. */
async function recordedNotices(handle: WorkflowHandle) {
  const state = (await handle.query(viewQuery)).state;
  return waitFor(
    async () => {
      const stored = await records.store.getCase(handle.workflowId);
      return stored?.view.state === state && (await records.store.notices({ caseId: handle.workflowId }));
    },
    { timeoutMs: 60_000, what: 'the verdict to be recorded' },
  );
}

/** Alarm → dispatched → (patrol late: rung 1) → acknowledged → arrived → false alarm. */
async function lateFalseAlarm(handle: WorkflowHandle): Promise<void> {
  await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await env.sleep(minutes(5) + 50_000);
  await waitFor(async () => (await handle.query(viewQuery)).escalations.length === 1, { timeoutMs: 60_000 });
  await handle.executeUpdate(ackUpdate, { args: [{ escalation: 1, actor: as('squad_leader') }] });
  await step(handle, 'patrol_arrived', {}, 'patrol_guard');
  await step(
    handle,
    'verdict_given',
    { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true },
    'patrol_guard',
  );
}

const expectedKinds = ['opened', 'step', 'timer', 'escalation', 'delivery', 'ack', 'step', 'step', 'closed'];

describe('the records write path', () => {
  it('records start, step, timer, escalation, in-app delivery, acknowledgement and close, in one write each', async () => {
    const handle = await openCase('every-change');
    await lateFalseAlarm(handle);
    const final: CaseView = await handle.result();

    const stored = await records.store.getCase(handle.workflowId);
    expect(stored?.view).toEqual(final);
    const entries = await records.store.entries(handle.workflowId);
    expect(entries.map((e) => e.kind)).toEqual(expectedKinds);
    expect(entries.find((e) => e.kind === 'delivery')?.body).toMatchObject({ n: 1, via: ['in_app'] });
    // The rung's in-app notice is in the records, once; no inform/notify activity and no outbox file wrote it.
    expect(await records.store.notices({ caseId: handle.workflowId })).toEqual([
      expect.objectContaining({ kind: 'escalation', role: 'squad_leader', about: 'patrol_arrival' }),
    ]);
    const history = await handle.fetchHistory();
    const activities = activityTypesOf(history.events ?? []);
    expect(new Set(activities)).toEqual(new Set(['recordCase']));
    // Revisions are the writes, one per change the store saw: as many as the history's successful writes (each one a
    // local activity inside the change's own workflow task, issue 23, or an activity task where that one failed).
    expect(stored?.revision).toBe(succeededActivities(history.events ?? [], 'recordCase'));
    if (process.env.RECORD_HISTORIES === '1') {
      writeFileSync(
        path.join(__dirname, '..', 'histories', 'perimeter-records-local-late-false-alarm.json'),
        historyToJSON(history),
      );
    }
  });

  it('keeps stepping while the database is down; the records catch up with nothing lost or doubled', async () => {
    const handle = await openCase('database-down');
    await waitFor(async () => (await records.store.getCase(handle.workflowId)) !== undefined, {
      timeoutMs: 60_000,
      what: 'the opening to be recorded',
    });
    await records.close();
    await pg.stop();

    await lateFalseAlarm(handle);
    // Every step was applied: the case is closed in the workflow although nothing could be recorded.
    const closed = await handle.query(viewQuery);
    expect(closed.status).toBe('closed');

    await pg.start();
    records = await openRecords({ url: pg.url });
    const final: CaseView = await handle.result();
    const stored = await records.store.getCase(handle.workflowId);
    expect(stored?.view).toEqual(final);
    expect((await records.store.entries(handle.workflowId)).map((e) => e.kind)).toEqual(expectedKinds);
    expect(await records.store.notices({ caseId: handle.workflowId })).toHaveLength(1);
  });

  it("folds the step's in-app notices into its records write: no inform activity, each notice once", async () => {
    const handle = await openCase('notices');
    await intrusionConfirmed(handle);
    const notices = await recordedNotices(handle);
    expect(notices.map((n) => [n.kind, n.role, n.about])).toEqual([
      ['notice', 'squad_leader', 'cameras_tracked'],
      ['notice', 'security_captain', 'intrusion'],
      ['notice', 'office_director', 'intrusion'],
    ]);
    const scheduled = activityTypesOf((await handle.fetchHistory()).events ?? []);
    expect(new Set(scheduled)).toEqual(new Set(['recordCase']));
    await handle.terminate('test done');
  });

  it('sends a notice the site names channels for through them too, beside its in-app notice in the records', async () => {
    const wecom = await startRobotReceiver('wecom', { key: 'k', token: 't', secret: 's' });
    wecom.script.push({ body: { errcode: -1, errmsg: 'system busy' } });
    const dir = mkdtempSync(path.join(tmpdir(), 'records-notices-'));
    writeFileSync(path.join(dir, 'channels.yaml'), `sites:\n  test-site:\n    wecom: { url: '${wecom.url}' }\n`);
    process.env.CHANNELS_CONFIG = path.join(dir, 'channels.yaml');
    try {
      const handle = await openCase('notice-channels', { intrusion: { channels: ['in_app', 'wecom'] } });
      await intrusionConfirmed(handle);
      const notices = await recordedNotices(handle);
      expect(notices.map((n) => [n.role, n.about])).toEqual([
        ['squad_leader', 'cameras_tracked'],
        ['security_captain', 'intrusion'],
        ['office_director', 'intrusion'],
      ]);
      // The robot's first answer was "busy": skip time until the retry has delivered both (named if it never does).
      await waitFor(async () => wecom.accepted().length >= 2 || (await env.sleep('30 seconds'), false), {
        timeoutMs: 90_000,
        intervalMs: 0,
        what: 'both notices to reach the WeCom robot after its busy answer',
      });
      const posted = wecom.accepted().map((r) => (r.body.markdown as { content: string }).content);
      expect(posted).toHaveLength(2);
      expect(posted.join('\n')).toContain('保安队长');
      expect(posted.join('\n')).toContain('管理处主任');
      await env.sleep('5 minutes');
      expect(wecom.accepted()).toHaveLength(2);
      const scheduled = activityTypesOf((await handle.fetchHistory()).events ?? []);
      expect(new Set(scheduled)).toEqual(new Set(['recordCase', 'informChannels']));
      await handle.terminate('test done');
    } finally {
      delete process.env.CHANNELS_CONFIG;
      await wecom.close();
    }
    // Under a loaded machine each of its waits may take a minute of real time: the waits name what they waited for.
  }, 240_000);
});
