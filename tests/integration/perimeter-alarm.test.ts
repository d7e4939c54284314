import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import { ackUpdate } from '../../workflows/engine/messages';
import type { runProcedure } from '../../workflows/engine/run-procedure';
import {
  eventsBesidesWorkflowTasks,
  settledHistoryLength,
  deliveredView,
  expectRefused,
  useTimeSkippingWorker,
  viewWhen,
} from '../support/app-worker';
import { as, caseStart } from '../support/fixtures';
import { caseRunner } from '../support/procedure-cases';
import { waitFor } from '../support/wait';
import { perimeterRefusals, perimeterReports } from '../support/perimeter-steps';

// Time-skipping runs of the perimeter-alarm procedure on the real Java test server: deadlines cross by skipped time.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'perimeter-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

let seq = 0;
async function openCase(name: string): Promise<WorkflowHandle<typeof runProcedure>> {
  const caseId = `perimeter-alarm-test-site-${name}-${++seq}`;
  const input = {
    ...caseStart('perimeter-alarm', { zone: 'north-wall-3', source: 'panel' }, caseId, 1),
    procedure: 'perimeter-alarm',
    version: 1,
  };
  return env.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
}

const { step, view, record: recordHistory } = caseRunner('perimeter-alarm', taskQueue, () => env);
const minutes = (n: number) => n * 60_000;

describe('perimeter alarm on the time-skipping test server', () => {
  it('escalates to the squad leader at 5 minutes and to the security captain at the next rung when no patrol arrives', async () => {
    const handle = await openCase('no-patrol');
    await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    const start = Date.parse((await view(handle)).startedAt);

    // A minute before the deadline, not seconds: the test server's clock runs on in real time while the test works.
    await env.sleep(minutes(4));
    expect((await view(handle)).escalations).toEqual([]);

    await env.sleep(minutes(1) + 50_000);
    const first = await deliveredView(handle, 1);
    expect(first.escalations).toEqual([
      expect.objectContaining({
        n: 1,
        timer: 'patrol_arrival',
        level: 1,
        to: 'squad_leader',
        dueAt: new Date(start + minutes(5)).toISOString(),
      }),
    ]);
    expect(Date.parse(first.escalations[0]!.at)).toBeGreaterThanOrEqual(start + minutes(5));

    await env.sleep(minutes(5));
    const second = await deliveredView(handle, 2);
    expect(second.escalations.map((e) => [e.level, e.to])).toEqual([
      [1, 'squad_leader'],
      [2, 'security_captain'],
    ]);
    expect(Date.parse(second.escalations[1]!.at)).toBeGreaterThanOrEqual(start + minutes(10));
    expect(Date.parse(second.escalations[1]!.at)).toBeLessThan(start + minutes(11));
    // Each rung reached the role's in-app inbox exactly once.
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'escalation');
    expect(notices.map((n) => n.role)).toEqual(['squad_leader', 'security_captain']);
    expect(second.escalations.every((e) => e.notifiedVia.includes('in_app'))).toBe(true);
    // The passed deadline keeps the case overdue until the patrol arrives.
    expect(second.breaches).toEqual([
      { timer: 'patrol_arrival', state: 'responding', dueAt: new Date(start + minutes(5)).toISOString() },
    ]);
    expect(second.nextDueAt).toBe(new Date(start + minutes(5)).toISOString());

    // The ladder has no more rungs; the patrol arriving now ends the deadline.
    const arrived = await step(handle, 'patrol_arrived', {}, 'patrol_guard');
    expect(arrived.state).toBe('assessing');
    expect(arrived.timers).toEqual([]);
    expect(arrived.breaches).toEqual([]);
    await recordHistory('perimeter-no-patrol', handle);
  });

  it('never escalates when the patrol arrives at 4 minutes', async () => {
    const handle = await openCase('on-time');
    await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    await env.sleep(minutes(4));
    await step(handle, 'patrol_arrived', {}, 'patrol_guard');
    await env.sleep(minutes(30));
    const v = await view(handle);
    expect(v.escalations).toEqual([]);
    expect(v.timers).toEqual([]);
    expect(v.state).toBe('assessing');
  });

  it('escalates a late dispatch at 1 minute to the squad leader only', async () => {
    const handle = await openCase('late-dispatch');
    await env.sleep(minutes(1) + 1000);
    const v = await deliveredView(handle, 1);
    expect(v.escalations.map((e) => [e.timer, e.to])).toEqual([['dispatch', 'squad_leader']]);
    await step(handle, 'patrol_arrived', {}, 'squad_leader');
  });

  it('closes the case on a false alarm', async () => {
    const handle = await openCase('false-alarm');
    await step(handle, 'patrol_arrived', {}, 'patrol_guard');
    await step(
      handle,
      'verdict_given',
      { verdict: 'false_alarm', cause: 'weather_or_animal', panelReset: true },
      'patrol_guard',
    );
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedFalseAlarm', timers: [] });
    expect(result.history.map((h) => h.type)).toEqual(['patrol_arrived', 'verdict_given']);
    await recordHistory('perimeter-false-alarm', handle);
  });

  it('runs the full intrusion path to the reports, with the report deadline escalating meanwhile', async () => {
    const handle = await openCase('intrusion');
    await step(handle, 'patrol_dispatched', { patrol: ['孙伟', '吴刚'], squadLeaderInformed: true }, 'monitor_guard');
    await step(handle, 'cameras_tracked', { climbingSeen: true }, 'monitor_guard');
    await step(handle, 'patrol_arrived', {}, 'patrol_guard');
    await step(
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
    for (const item of ['exits_checked', 'apartment_entry_controlled', 'wall_swept_toward']) {
      await step(handle, 'search_item_done', { item }, 'patrol_guard');
    }
    await step(
      handle,
      'outcome_recorded',
      { outcome: 'thief_caught', suspectUnharmed: true, facts: '翻墙时当场抓获' },
      'squad_leader',
    );
    const police = await step(
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
    expect(police.state).toBe('reporting');
    expect(police.timers.map((t) => t.id)).toEqual(['report']);

    // One working day later the report is late: the security captain is told.
    await env.sleep(minutes(60 * 24 * 4));
    const late = await viewWhen(
      handle,
      (v) => v.escalations.some((e) => e.timer === 'report'),
      'the late report escalated',
    );
    expect(late.escalations.map((e) => [e.timer, e.to])).toContainEqual(['report', 'security_captain']);

    for (const [data, role] of perimeterReports) await step(handle, 'report_filed', data, role);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedReported' });
    expect(result.context).toMatchObject({
      climbingSeen: true,
      police: { badgeNumber: '012345', policeCaseNumber: 'GA-2026-1' },
    });
    // The intrusion verdict told the captain and the office; the police call told the gate.
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'notice');
    expect(notices.map((n) => `${n.role}:${n.about}`)).toEqual(
      expect.arrayContaining(['security_captain:intrusion', 'office_director:intrusion', 'gate_guard:police_called']),
    );
    await recordHistory('perimeter-intrusion', handle);
  });

  it('rejects an event not allowed now, bad data and a wrong role, leaving history unchanged', async () => {
    const handle = await openCase('rejections');
    await view(handle);
    const before = await settledHistoryLength(handle);
    await expectRefused(handle, perimeterRefusals());
    // The Java test server has no speculative workflow tasks, so it may add empty workflow tasks; but nothing of the
    // rejected steps: no update accepted, no timer, no activity. (The dev-server test checks the history is identical.)
    expect(await eventsBesidesWorkflowTasks(handle, before)).toEqual([]);
    expect((await view(handle)).history).toEqual([]);
  });
});

describe('acknowledgements', () => {
  it('stops the ladder when a rung is acknowledged and the policy says so; otherwise the next rung still fires', async () => {
    const open = async (name: string, ackStopsLadder: boolean) => {
      const caseId = `perimeter-alarm-test-site-${name}-${++seq}`;
      const base = caseStart('perimeter-alarm', { zone: 'north-wall-2' }, caseId, 1);
      const policy = { ...base.policy, ackStopsLadder };
      return env.client.workflow.start('runProcedure', {
        workflowId: caseId,
        taskQueue,
        args: [{ ...base, policy, procedure: 'perimeter-alarm', version: 1 }],
      });
    };
    const stopping = await open('ack-stops', true);
    const going = await open('ack-goes-on', false);
    for (const h of [stopping, going])
      await step(h, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    await env.sleep(minutes(5) + 1000);
    for (const h of [stopping, going]) {
      await deliveredView(h, 1);
      const acked = await h.executeUpdate(ackUpdate, { args: [{ escalation: 1, actor: as('squad_leader', 'zheng') }] });
      expect(acked.escalations[0]).toMatchObject({ to: 'squad_leader', ackedBy: 'zheng' });
    }
    expect((await view(stopping)).timers.map((t) => t.id)).toEqual([]);
    await env.sleep(minutes(6));
    // Both ladders' second rungs were due in the skip: once the one that goes on has fired, the other would have too.
    const went = await deliveredView(going, 2);
    expect((await view(stopping)).escalations.map((e) => e.level)).toEqual([1]);
    expect(went.escalations.map((e) => [e.level, e.to])).toEqual([
      [1, 'squad_leader'],
      [2, 'security_captain'],
    ]);
  });
});

describe('pre-breach reminders', () => {
  it('reminds the patrol at 4 of its 5 minutes, in its inbox, once', async () => {
    const caseId = `perimeter-alarm-test-site-reminder-${++seq}`;
    const base = caseStart('perimeter-alarm', { zone: 'north-wall-1' }, caseId, 1);
    const policy = { ...base.policy, reminders: { patrol_arrival: { at: 0.8, channels: ['in_app' as const] } } };
    const handle = await env.client.workflow.start('runProcedure', {
      workflowId: caseId,
      taskQueue,
      args: [{ ...base, policy, procedure: 'perimeter-alarm', version: 1 }],
    });
    await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    const start = Date.parse((await view(handle)).startedAt);
    await env.sleep(minutes(4) + 1000);
    const v = await viewWhen(handle, (c) => c.reminders.length > 0, 'the reminder sent');
    expect(v.reminders).toEqual([
      { timer: 'patrol_arrival', at: expect.any(String), to: ['patrol_guard', 'squad_leader'] },
    ]);
    expect(Date.parse(v.reminders[0]!.at)).toBeGreaterThanOrEqual(start + minutes(4));
    expect(v.escalations).toEqual([]);
    const notices = (await readOutbox()).filter((n) => n.caseId === caseId && n.about === 'reminder:patrol_arrival');
    expect(notices.map((n) => n.role).sort()).toEqual(['patrol_guard', 'squad_leader']);
  });
});

describe('a long case continues as new', () => {
  it('carries the history, the open deadlines at their absolute due times and the ladder into the next run', async () => {
    const caseId = `perimeter-alarm-test-site-long-${++seq}`;
    const input = {
      ...caseStart('perimeter-alarm', { zone: 'east-gate' }, caseId, 1),
      procedure: 'perimeter-alarm',
      version: 1,
      visibility: false,
      maxHistoryEvents: 40,
    };
    const handle = await env.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
    const firstRun = (await handle.describe()).runId;
    const opened = await view(handle);
    for (let i = 0; i < 8; i++) await step(handle, 'cameras_tracked', { climbingSeen: i % 2 === 0 }, 'monitor_guard');
    // Wait until the next run has taken over.
    await waitFor(async () => (await env.client.workflow.getHandle(caseId).describe()).runId !== firstRun, {
      timeoutMs: 60_000,
      what: 'the next run',
    });
    const carried = await view(env.client.workflow.getHandle(caseId));
    expect(carried.history).toHaveLength(8);
    expect(carried.number).toBe(opened.number);
    expect(carried.timers).toEqual(opened.timers);
    // What was reported, and by whom, is carried too.
    expect(opened.intake?.data).toEqual({ zone: 'east-gate', source: 'manual' });
    expect(carried.intake).toEqual(opened.intake);

    // The patrol never arrives: the deadline set in the first run still fires at its original time.
    await env.sleep(minutes(6));
    const late = await viewWhen(
      env.client.workflow.getHandle(caseId),
      (v) => v.escalations.some((e) => e.timer === 'patrol_arrival'),
      'the carried deadline escalated',
    );
    const arrival = late.escalations.find((e) => e.timer === 'patrol_arrival')!;
    expect(arrival.dueAt).toBe(opened.timers.find((t) => t.id === 'patrol_arrival')!.dueAt);
  });
});

describe('working-time deadlines on the test server', () => {
  // Shanghai has no DST: Friday 17:00 there is Friday 09:00 UTC.
  const nextFriday1700Shanghai = (from: number) => {
    const d = new Date(from);
    const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9, 0, 0);
    for (let day = 0; day < 8; day++) {
      const candidate = t + day * 86_400_000;
      if (new Date(candidate).getUTCDay() === 5 && candidate > from) return candidate;
    }
    throw new Error('no Friday within a week');
  };

  async function openWithDispatch(name: string, spec: string, closedDates: string[] = []) {
    const caseId = `perimeter-alarm-test-site-${name}-${++seq}`;
    const base = caseStart('perimeter-alarm', { zone: 'west-wall' }, caseId, 1);
    // A working-time deadline on the step that starts with the case, so the case's start anchors it.
    const policy = {
      ...base.policy,
      deadlines: { ...base.policy.deadlines, dispatch: spec, patrol_arrival: 'P30D' },
      calendar: { ...base.policy.calendar, closedDates },
    };
    const input = { ...base, policy, procedure: 'perimeter-alarm', version: 1 };
    return env.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
  }

  it('counts a working day opened on Friday 17:00 to Monday 17:00, across the weekend', async () => {
    const probe = await openCase('clock');
    const now = Date.parse((await view(probe)).startedAt);
    const friday = nextFriday1700Shanghai(now);
    await env.sleep(friday - now);
    const handle = await openWithDispatch('weekend', '1WD');
    const opened = await view(handle);
    const start = Date.parse(opened.startedAt);
    expect(start).toBeGreaterThanOrEqual(friday);
    const monday = start + 3 * 86_400_000;
    expect(opened.timers.find((t) => t.id === 'dispatch')!.dueAt).toBe(new Date(monday).toISOString());
    await env.sleep(2 * 86_400_000); // Sunday: still not due
    expect((await view(handle)).escalations).toEqual([]);
    await env.sleep(monday - start - 2 * 86_400_000 + 1000);
    expect((await deliveredView(handle, 1)).escalations).toEqual([
      expect.objectContaining({ timer: 'dispatch', dueAt: new Date(monday).toISOString() }),
    ]);
  });

  it('skips a holiday the site declares: Friday 17:00 + 1 working day over a closed Monday is Tuesday 17:00', async () => {
    const probe = await openCase('clock2');
    const now = Date.parse((await view(probe)).startedAt);
    const friday = nextFriday1700Shanghai(now);
    await env.sleep(friday - now);
    const monday = new Date(friday + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10); // Shanghai date
    const handle = await openWithDispatch('holiday', '1WD', [monday]);
    const opened = await view(handle);
    const start = Date.parse(opened.startedAt);
    expect(opened.timers.find((t) => t.id === 'dispatch')!.dueAt).toBe(new Date(start + 4 * 86_400_000).toISOString());
  });
});

describe('search attributes', () => {
  it('are written only when they change: the start in one command, a step in one, the notice it sends in none', async () => {
    const handle = await openCase('attributes');
    const number = (await view(handle)).number;
    await step(handle, 'cameras_tracked', { climbingSeen: false }, 'monitor_guard');
    // The step's notice is an activity; wait until the case has taken its result (a workflow task after it).
    const settled = async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const done = events.findIndex((e) => e.activityTaskCompletedEventAttributes);
      return done >= 0 && events.slice(done).some((e) => e.workflowTaskCompletedEventAttributes) && events;
    };
    const events = await waitFor(settled, { timeoutMs: 60_000, what: 'the notice taken by the case' });
    // The case's own writes: the SDK also writes TemporalChangeVersion for each patch a new case takes.
    const upserts = events!.filter((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some((k) =>
        k.startsWith('Case'),
      ),
    );
    expect(upserts).toHaveLength(2);
    const attributes = (await handle.describe()).typedSearchAttributes;
    const value = (name: string) => attributes.getAll().find((p) => p.key.name === name)?.value;
    expect(value('CaseNumber')).toBe(number);
    expect(value('CaseProcedure')).toBe('perimeter-alarm');
    expect(value('CaseState')).toBe((await view(handle)).state);
    await recordHistory('perimeter-attributes-on-change', handle);
  });
});
