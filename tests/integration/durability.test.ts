import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox, type InboxNotice } from '../../activities/outbox';
import type { CaseView } from '../../workflows/engine/contract';
import { viewQuery } from '../../workflows/engine/messages';
import type { runProcedure, RunProcedureInput } from '../../workflows/engine/run-procedure';
import { caseSearchAttributes as sa } from '../../workflows/engine/search-attributes';
import { expectRefused, sendStep, useTempDataDir } from '../support/app-worker';
import { DevServer } from '../support/dev-server';
import { as, caseStart } from '../support/fixtures';
import { sleep, type ProcessHandle } from '../support/process';
import { startWorkerProcess } from '../support/app-processes';
import { waitFor } from '../support/wait';
import { perimeterRefusals, perimeterReports } from '../support/perimeter-steps';

/**
 * Durability on the real Temporal CLI dev server (SQLite file), with the app's worker as a child process
 * (`npx tsx worker/main.ts`, as `npm run worker` runs it): a worker killed with -9 mid-case, a server restarted while a
 * deadline is open, refused steps that leave no trace, and the case search attributes in visibility.
 */
Runtime.install({ logger: new DefaultLogger('WARN') });

const taskQueue = `durability-${process.pid}-${Date.now().toString(36)}`;
let dataDir: string;
let server: DevServer;
let client: Client;
const workers: ProcessHandle[] = [];
let seq = 0;

beforeAll(async () => {
  dataDir = useTempDataDir(); // this process reads the outbox the worker processes write
  server = await DevServer.start();
  client = new Client({ connection: await server.connect() });
}, 60_000);

afterAll(async () => {
  for (const worker of workers) await worker.stop(5_000);
  await client?.connection.close();
  await server?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** Starts `npx tsx worker/main.ts` on this file's server, queue and data folder; resolves as it starts polling. */
async function startWorker(name: string): Promise<ProcessHandle> {
  const worker = await startWorkerProcess({ address: server.address, taskQueue, dataDir, name });
  workers.push(worker);
  return worker;
}

/** The running worker, or a new one (each test can run alone). */
async function runningWorker(): Promise<ProcessHandle> {
  return workers.find((w) => w.running) ?? startWorker(`worker-${workers.length + 1}`);
}

type Handle = WorkflowHandle<typeof runProcedure>;

function caseInput(name: string): RunProcedureInput {
  const caseId = `perimeter-alarm-test-site-${name}-${taskQueue}-${++seq}`;
  return {
    ...caseStart('perimeter-alarm', { zone: 'north-wall-3', source: 'panel' }, caseId, 1),
    procedure: 'perimeter-alarm',
    version: 1,
  };
}

async function openCase(input: RunProcedureInput): Promise<Handle> {
  const handle = await client.workflow.start<typeof runProcedure>('runProcedure', {
    workflowId: input.caseId,
    taskQueue,
    args: [input],
  });
  // The first workflow task has run: the timers are started and the view can be queried.
  await waitFor(async () => (await events(handle)).some((e) => e.workflowTaskCompletedEventAttributes), {
    timeoutMs: 20_000,
    what: `the first workflow task of ${input.caseId}`,
  });
  return handle;
}

const step = (handle: Handle, type: string, data: Record<string, unknown>, role: string): Promise<CaseView> =>
  sendStep(handle, { type, data, actor: as(role) });

const view = (handle: Handle) => handle.query(viewQuery);
const events = async (handle: Handle) => (await handle.fetchHistory()).events ?? [];
const noticesOf = async (caseId: string): Promise<InboxNotice[]> =>
  (await readOutbox()).filter((n) => n.caseId === caseId);

const dispatched = { patrol: ['孙伟', '吴刚'], squadLeaderInformed: true };
const intrusion = {
  verdict: 'intrusion',
  commander: { name: '郑军', role: 'squad_leader' },
  captainInformed: true,
  officeInformed: true,
};

// temporal.api.enums.v1.PendingActivityState
const SCHEDULED = 1;

describe('durability on the Temporal CLI dev server', () => {
  it('finishes a case whose worker was killed with -9 while its notices were pending, each step and notice once', async () => {
    const first = await startWorker('worker-1');
    const handle = await openCase(caseInput('killed'));
    const caseId = handle.workflowId;
    await step(handle, 'patrol_dispatched', dispatched, 'monitor_guard');
    await step(handle, 'patrol_arrived', {}, 'patrol_guard');

    // The in-app channel goes down: the outbox path is a file, so deliverOnce's mkdir fails and the two notices of
    // the intrusion verdict keep retrying. The worker is killed while they are pending (between two attempts).
    const outboxPath = path.join(dataDir, 'outbox');
    writeFileSync(outboxPath, 'in-app channel down');
    expect((await step(handle, 'verdict_given', intrusion, 'squad_leader')).state).toBe('searching');
    const pending = await waitFor(
      async () => {
        const acts = (await handle.describe()).raw.pendingActivities ?? [];
        const ready =
          acts.length === 2 &&
          acts.every(
            (a) =>
              a.state === SCHEDULED &&
              /EEXIST/.test(a.lastFailure?.message ?? '') &&
              (optionalTsToMs(a.nextAttemptScheduleTime) ?? 0) > Date.now() + 500,
          );
        return ready && acts;
      },
      { timeoutMs: 15_000, what: 'the two inform activities to fail and wait for their next attempt' },
    );
    expect(pending.map((a) => a.activityType?.name)).toEqual(['inform', 'inform']);
    expect((await first.kill9()).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    unlinkSync(outboxPath); // the channel is back; only a new worker can deliver now
    expect(await noticesOf(caseId)).toEqual([]);

    await startWorker('worker-2');
    for (const item of ['exits_checked', 'apartment_entry_controlled', 'wall_swept_toward', 'wall_swept_back']) {
      await step(handle, 'search_item_done', { item }, 'patrol_guard');
    }
    await step(handle, 'search_item_done', { item: 'estate_swept' }, 'gate_guard');
    await step(
      handle,
      'outcome_recorded',
      { outcome: 'thief_caught', suspectUnharmed: true, facts: '翻墙时当场抓获' },
      'squad_leader',
    );
    await step(
      handle,
      'police_arrived',
      {
        officerName: '赵警官',
        badgeNumber: '012345',
        policeCaseNumber: 'GA-2026-1',
        ledInByGateGuard: true,
        cctvProvided: true,
      },
      'gate_guard',
    );
    for (const [data, role] of perimeterReports) await step(handle, 'report_filed', data, role);

    // The case closes (it waits for its pending notices first) with every step once, in order.
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedReported', timers: [] });
    const steps = [
      'patrol_dispatched',
      'patrol_arrived',
      'verdict_given',
      ...Array<string>(5).fill('search_item_done'),
      'outcome_recorded',
      'police_arrived',
      ...Array<string>(3).fill('report_filed'),
    ];
    expect(result.history.map((h) => h.type)).toEqual(steps);
    expect(result.history.map((h) => h.seq)).toEqual(steps.map((_, i) => i + 1));
    expect(Object.keys(result.context.checklist as object).sort()).toEqual([
      'apartment_entry_controlled',
      'estate_swept',
      'exits_checked',
      'wall_swept_back',
      'wall_swept_toward',
    ]);

    // Temporal's own history agrees: each Update accepted once, each notice scheduled once and completed once.
    const history = await events(handle);
    expect(history.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(steps.length);
    expect(history.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(steps.length);
    const scheduled = history.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(scheduled).toEqual(['inform', 'inform', 'inform']);
    expect(history.filter((e) => e.activityTaskCompletedEventAttributes)).toHaveLength(3);

    // The outbox holds each notice exactly once; the two pending at the kill were delivered by the new worker.
    const notices = await noticesOf(caseId);
    expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
    expect(notices.map((n) => `${n.role}:${n.about}`).sort()).toEqual([
      'gate_guard:police_called',
      'office_director:intrusion',
      'security_captain:intrusion',
    ]);
    expect(notices.every((n) => n.kind === 'notice' && Date.parse(n.at) >= killedAt)).toBe(true);
  }, 200_000); // two worker starts

  it('fires a deadline that fell due while the server was down exactly once after a restart, and loses no case', async () => {
    await runningWorker();
    const bystander = await openCase(caseInput('bystander'));
    await step(bystander, 'patrol_dispatched', dispatched, 'monitor_guard');
    const bystanderBefore = await view(bystander);

    // The patrol must arrive within 20 seconds of the alarm; the server goes down before that and comes back after.
    // (20 s leaves room for opening the case and stopping the server on a loaded machine.)
    const input = caseInput('restart');
    input.policy = {
      ...input.policy,
      deadlines: { ...input.policy.deadlines, patrol_arrival: 'PT20S', dispatch: 'PT1H' },
    };
    const handle = await openCase(input);
    const opened = await view(handle);
    const dueAt = opened.timers.find((t) => t.id === 'patrol_arrival')?.dueAt;
    expect(dueAt).toBe(new Date(Date.parse(opened.startedAt) + 20_000).toISOString());
    const timersStarted = (await events(handle)).filter((e) => e.timerStartedEventAttributes);
    expect(timersStarted).toHaveLength(2); // dispatch and patrol_arrival

    await server.stop();
    expect(Date.now()).toBeLessThan(Date.parse(dueAt!)); // the server went down before the deadline
    await sleep(Date.parse(dueAt!) + 1_000 - Date.now());
    await server.restart();

    const late = await waitFor(
      async () => {
        const v = await view(handle);
        return v.escalations.length > 0 && v.escalations.every((e) => e.notifiedVia.includes('in_app')) && v;
      },
      { timeoutMs: 30_000, what: 'the patrol_arrival escalation after the restart' },
    );
    expect(late.escalations).toEqual([
      expect.objectContaining({ n: 1, timer: 'patrol_arrival', level: 1, to: 'squad_leader', dueAt }),
    ]);
    expect(Date.parse(late.escalations[0]!.at)).toBeGreaterThanOrEqual(Date.parse(dueAt!));
    expect(late.timers.map((t) => t.id)).toEqual(['patrol_arrival#2', 'dispatch']);

    const history = await events(handle);
    expect(history.filter((e) => e.timerFiredEventAttributes)).toHaveLength(1);
    const scheduled = history.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(scheduled).toEqual(['notify']);
    const notices = await noticesOf(handle.workflowId);
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'escalation', role: 'squad_leader', about: 'patrol_arrival' }),
    ]);

    // Nothing lost when a server restarts: the other open case is still there, as it was.
    expect((await bystander.describe()).status.name).toBe('RUNNING');
    const bystanderAfter = await view(bystander);
    expect(bystanderAfter).toMatchObject({
      status: 'open',
      state: bystanderBefore.state,
      history: bystanderBefore.history,
      timers: bystanderBefore.timers,
      startedAt: bystanderBefore.startedAt,
    });
  });

  it('refuses a step not allowed now, bad data and a wrong role without adding one event to the history', async () => {
    await runningWorker();
    const handle = await openCase(caseInput('refusals'));
    await view(handle);
    const before = (await events(handle)).length;
    await expectRefused(handle, perimeterRefusals());
    // The dev server runs rejected Updates in speculative workflow tasks: not a single event is written.
    expect((await events(handle)).length).toBe(before);
    expect((await view(handle)).history).toEqual([]);
    // The case still takes a good step.
    expect((await step(handle, 'patrol_dispatched', dispatched, 'monitor_guard')).state).toBe(
      'responding.awaitingPatrol',
    );
  });

  it('publishes the case search attributes to visibility', async () => {
    await runningWorker();
    const open = await openCase(caseInput('visible-open'));
    await step(open, 'patrol_dispatched', dispatched, 'monitor_guard');
    const current = await step(open, 'patrol_arrived', {}, 'patrol_guard');
    expect(current.state).toBe('assessing');
    const closed = await openCase(caseInput('visible-closed'));
    await step(closed, 'patrol_arrived', {}, 'patrol_guard');
    await step(
      closed,
      'verdict_given',
      { verdict: 'false_alarm', cause: 'weather_or_animal', panelReset: true },
      'patrol_guard',
    );
    await closed.result();

    const list = async (query: string) => {
      const found = [];
      for await (const wf of client.workflow.list({ query })) found.push(wf);
      return found;
    };
    const openQuery = 'CaseProcedure = "perimeter-alarm" AND CaseStatus = "open"';
    const listed = await waitFor(
      async () => {
        const wf = (await list(openQuery)).find((w) => w.workflowId === open.workflowId);
        return wf?.typedSearchAttributes.get(sa.state) === current.state && wf;
      },
      { timeoutMs: 15_000, what: `${open.workflowId} in visibility in state ${current.state}` },
    );
    const attrs = listed.typedSearchAttributes;
    expect(attrs.get(sa.awaitingRoles)).toEqual(current.awaitingRoles);
    expect(attrs.get(sa.site)).toBe('test-site');
    expect(attrs.get(sa.number)).toBe(current.number);
    expect(attrs.get(sa.escalationLevel)).toBe(0);
    expect(attrs.get(sa.nextDueAt)).toBeUndefined(); // no deadline open in assessing

    // The false alarm is listed as closed, not as open.
    await waitFor(
      async () =>
        (await list('CaseProcedure = "perimeter-alarm" AND CaseStatus = "closed"')).some(
          (w) => w.workflowId === closed.workflowId && w.typedSearchAttributes.get(sa.state) === 'closedFalseAlarm',
        ),
      { timeoutMs: 15_000, what: `${closed.workflowId} listed as closed` },
    );
    expect((await list(openQuery)).map((w) => w.workflowId)).not.toContain(closed.workflowId);
  });
});
