import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { StepRejected } from '../../engine/errors';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath, stateKey } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { reportKinds, searchItems } from './events';
import { perimeterAlarmMachine } from './machine';

// Version 1, as open v1 cases run it; version 2 is machine-v2.test.ts.
const def = getProcedure('perimeter-alarm', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const start = caseStart('perimeter-alarm', { zone: 'north-wall-3', source: 'panel' }, undefined, 1);

// Every event a person could send, with data that passes its schema; items and reports in a fixed order keep paths finite.
const step = (type: string, data: Record<string, unknown>, role: string) => ({
  type,
  data,
  actor: as(role),
  at: T0 + 60_000,
});
function eventsFor(snapshot: { context: { checklist: Record<string, unknown>; reports: Record<string, unknown> } }) {
  const nextItem = searchItems.find((i) => !snapshot.context.checklist[i]);
  const nextReport = reportKinds.find((r) => !snapshot.context.reports[r]);
  return [
    step('patrol_dispatched', { patrol: ['Li'], squadLeaderInformed: true }, 'monitor_guard'),
    step('patrol_arrived', {}, 'patrol_guard'),
    step('verdict_given', { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true }, 'patrol_guard'),
    step(
      'verdict_given',
      {
        verdict: 'intrusion',
        commander: { name: 'Wang', role: 'squad_leader' },
        captainInformed: true,
        officeInformed: true,
      },
      'squad_leader',
    ),
    ...(nextItem ? [step('search_item_done', { item: nextItem }, 'patrol_guard')] : []),
    step('outcome_recorded', { outcome: 'nothing_found' }, 'squad_leader'),
    step(
      'outcome_recorded',
      {
        outcome: 'theft_thief_not_caught',
        sceneSealed: true,
        crowdDispersed: true,
        residentInformed: true,
        residentConfirmedLoss: true,
        residentConsentsToPolice: true,
      },
      'squad_leader',
    ),
    step(
      'outcome_recorded',
      {
        outcome: 'theft_thief_not_caught',
        sceneSealed: true,
        crowdDispersed: true,
        residentInformed: true,
        residentConfirmedLoss: true,
        residentConsentsToPolice: false,
      },
      'squad_leader',
    ),
    step(
      'outcome_recorded',
      { outcome: 'thief_caught', suspectUnharmed: true, facts: 'caught at the wall' },
      'squad_leader',
    ),
    step(
      'police_arrived',
      {
        officerName: 'Zhao',
        badgeNumber: '012345',
        policeCaseNumber: 'A-1',
        ledInByGateGuard: true,
        cctvProvided: true,
      },
      'gate_guard',
    ),
    ...(nextReport ? [step('report_filed', { report: nextReport, summary: 'done' }, 'squad_leader')] : []),
  ];
}

// TestModel rather than createTestModel: the latter refuses machines with `after`; timers are tested on Temporal.
const model = new TestModel(perimeterAlarmMachine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: eventsFor as never,
});
const paths = model.getSimplePaths();

describe('perimeter-alarm machine, every simple path through the pure engine', () => {
  it('has paths to both ends: false alarm and reported', () => {
    const ends = new Set(paths.map((p) => String(p.state.value)));
    expect([...ends].sort()).toEqual(['closedFalseAlarm', 'closedReported']);
    expect(paths.some((p) => p.steps.some((s) => s.state.value === 'awaitingPolice'))).toBe(true);
  });

  const title = (p: (typeof paths)[number]) =>
    p.steps
      .map((s) =>
        [
          s.event.type,
          (s.event as { data?: { verdict?: string; outcome?: string } }).data?.verdict ??
            (s.event as { data?: { outcome?: string } }).data?.outcome,
        ]
          .filter(Boolean)
          .join(':'),
      )
      .join(' → ');
  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(def, start, T0).core, path.steps, T0 + 60_000, ({ core, view, state }) => {
      expect(core.stateName()).toBe(stateKey(state.value));
      // What the spec says must hold at every step:
      if (view.state === 'closedReported')
        expect(Object.keys(view.context.reports as object).sort()).toEqual([...reportKinds].sort());
      if (view.state === 'closedFalseAlarm')
        expect(view.context.verdict).toMatchObject({ verdict: 'false_alarm', panelReset: true });
      if (view.state === 'awaitingPolice')
        expect(['thief_caught', 'theft_thief_not_caught']).toContain(
          (view.context.outcome as { outcome: string }).outcome,
        );
      if ((view.context.outcome as { outcome?: string } | null)?.outcome === 'nothing_found') {
        expect(Object.keys(view.context.checklist as object).sort()).toEqual([...searchItems].sort());
      }
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    });
  });
});

describe('perimeter-alarm rules the machine enforces', () => {
  const open = () => CaseCore.start(def, start, T0).core;
  const intrusion = () => {
    const core = open();
    core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, T0 + 1000);
    core.applyStep(
      {
        type: 'verdict_given',
        data: {
          verdict: 'intrusion',
          commander: { name: 'W', role: 'squad_leader' },
          captainInformed: true,
          officeInformed: true,
        },
        actor: as('squad_leader'),
      },
      T0 + 2000,
    );
    return core;
  };
  const reason = rejectionOf;

  it('refuses "nothing found" before every search item is ticked, naming the rule', () => {
    const core = intrusion();
    const r = reason(() =>
      core.validate(
        { type: 'outcome_recorded', data: { outcome: 'nothing_found' }, actor: as('squad_leader') },
        T0 + 3000,
      ),
    );
    expect(r.kind).toBe('EventNotAllowed');
    expect(r.details.blockedBy).toContain('nothingFoundAfterFullSearch');
  });

  it('refuses a false alarm without the panel reset, with the field path', () => {
    const core = open();
    core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, T0 + 1000);
    const r = reason(() =>
      core.validate(
        {
          type: 'verdict_given',
          data: { verdict: 'false_alarm', cause: 'other', panelReset: false },
          actor: as('patrol_guard'),
        },
        T0,
      ),
    );
    expect(r.kind).toBe('InvalidData');
    expect(r.details.issues).toEqual([expect.objectContaining({ path: 'panelReset' })]);
  });

  it('refuses striking the suspect: thief caught requires suspectUnharmed', () => {
    const core = intrusion();
    const r = reason(() =>
      core.validate(
        { type: 'outcome_recorded', data: { outcome: 'thief_caught', facts: 'x' }, actor: as('squad_leader') },
        T0,
      ),
    );
    expect(r.kind).toBe('InvalidData');
  });

  it('refuses a role the step does not allow and an event the state does not accept', () => {
    const core = open();
    expect(reason(() => core.validate({ type: 'patrol_arrived', data: {}, actor: as('cs_agent') }, T0)).kind).toBe(
      'RoleNotAllowed',
    );
    const r = reason(() => core.validate({ type: 'police_arrived', data: {}, actor: as('gate_guard') }, T0));
    expect(r).toMatchObject({ kind: 'EventNotAllowed', details: { state: 'responding.awaitingDispatch' } });
    expect(r.details.allowed).toEqual(
      expect.arrayContaining(['patrol_dispatched', 'patrol_arrived', 'cameras_tracked']),
    );
  });

  it('awaits only the roles of the steps the case needs, not of optional ones like camera tracking', () => {
    const core = open();
    core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, T0 + 1000);
    const view = core.view(T0 + 1000);
    expect(view.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['cameras_tracked', 'verdict_given']));
    expect(view.awaitingRoles).toEqual(['office_director', 'patrol_guard', 'security_captain', 'squad_leader']);
  });

  it('reminds the awaited roles at 80 % of a deadline when the policy asks, and not once the step is done', () => {
    const withReminder = {
      ...start,
      policy: { ...start.policy, reminders: { patrol_arrival: { at: 0.8, channels: ['in_app' as const] } } },
    };
    const { core, effects } = CaseCore.start(def, withReminder, T0);
    const remind = effects.find((e) => e.kind === 'startTimer' && e.key.startsWith('remind:'));
    expect(remind).toEqual({
      kind: 'startTimer',
      key: expect.stringContaining('patrol_arrival'),
      dueAt: T0 + 4 * 60_000,
    });
    const fired = core.fireTimer((remind as { key: string }).key, T0 + 4 * 60_000);
    expect(fired.map((e) => e.kind === 'activity' && e.payload.params)).toEqual(
      expect.arrayContaining([
        { role: 'patrol_guard', about: 'reminder:patrol_arrival' },
        { role: 'squad_leader', about: 'reminder:patrol_arrival' },
      ]),
    );
    expect(core.view(T0).reminders).toEqual([
      expect.objectContaining({ timer: 'patrol_arrival', to: expect.arrayContaining(['patrol_guard']) }),
    ]);

    const second = CaseCore.start(def, withReminder, T0);
    const arrived = second.core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, T0 + 60_000);
    expect(arrived).toEqual(expect.arrayContaining([{ kind: 'cancelTimer', key: (remind as { key: string }).key }]));
  });

  it('a rejected step changes nothing', () => {
    const core = open();
    const before = JSON.stringify(core.view(T0));
    expect(() => core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('cs_agent') }, T0 + 5)).toThrow(
      StepRejected,
    );
    expect(JSON.stringify(core.view(T0))).toBe(before);
  });

  it('starts the dispatch and patrol-arrival deadlines from the alarm, and escalates up the ladder while the patrol is away', () => {
    const { core, effects } = CaseCore.start(def, start, T0);
    expect(effects).toEqual([
      { kind: 'startTimer', key: expect.stringContaining('patrol_arrival'), dueAt: T0 + 5 * 60_000 },
      { kind: 'startTimer', key: expect.stringContaining('dispatch'), dueAt: T0 + 60_000 },
    ]);
    const arrival = effects.find((e) => e.kind === 'startTimer' && e.key.includes('patrol_arrival'))!;
    const fired = core.fireTimer(arrival.key, T0 + 5 * 60_000);
    expect(fired).toEqual([
      expect.objectContaining({ kind: 'activity', name: 'notify' }),
      { kind: 'startTimer', key: 'rung:patrol_arrival:2', dueAt: T0 + 10 * 60_000 },
    ]);
    expect(core.view(T0).escalations).toEqual([
      expect.objectContaining({ n: 1, timer: 'patrol_arrival', level: 1, to: 'squad_leader' }),
    ]);
    // The patrol arrives: the next rung is cancelled.
    const after = core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, T0 + 6 * 60_000);
    expect(after).toEqual(expect.arrayContaining([{ kind: 'cancelTimer', key: 'rung:patrol_arrival:2' }]));
    expect(core.view(T0).timers).toEqual([]);
  });
});
