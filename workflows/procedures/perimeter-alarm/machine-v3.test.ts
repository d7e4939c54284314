import { TestModel } from 'xstate/graph';
import { CaseCore, type Effect } from '../../engine/case-core';
import type { PersonFacts, StepInput } from '../../engine/contract';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { stateKey, walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { perimeterAlarmMachineV3 } from './machine-v2';

// Version 3 (issue 18) against 城市花园盗窃事件应急处理预案 七.4 and 七.6: the commander named is a person on duty at the
// site (the on-duty roster's fact travels with the step, as the API reads it), and 七.6's notices go to the 物业部经理.
// Each rule test runs the same step on version 2, which let it through (or told the department manager).

const v2 = getProcedure('perimeter-alarm', 2);
const v3 = getProcedure('perimeter-alarm', 3);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const intake = { zone: 'north-wall-3', source: 'panel' };
const startOf = (version: 2 | 3) => caseStart('perimeter-alarm', intake, undefined, version);

// The staff records with the roster's fact as the API hands them over: 郑军 on his day shift, his deputy 赵磊 not (the
// roster names 郑军 then), the captain's and director's roles not in the roster (no fact: not judged on it), and a
// director off duty (a dated shift of someone else covering).
const staff: Record<string, PersonFacts> = {
  squad_leader: { name: '保安班长 郑军', roles: ['squad_leader'], onDuty: true },
  deputy_leader: { name: '副班长 赵磊', roles: ['squad_leader'], onDuty: false },
  security_captain: { name: '保安队长 冯涛', roles: ['security_captain'] },
  office_director: { name: '管理处主任 何静', roles: ['office_director'], onDuty: true },
  director_off: { name: '管理处主任 休假', roles: ['office_director'], onDuty: false },
};
const stepOf = (type: string, data: Record<string, unknown>, role: string, id = role): StepInput => ({
  type,
  data,
  actor: as(role, id),
  ...(typeof data.commander === 'string' && staff[data.commander]
    ? { people: { [data.commander]: staff[data.commander]! } }
    : {}),
});
const intrusion = (commander: string) => ({
  verdict: 'intrusion',
  commander,
  captainInformed: true,
  officeInformed: true,
});

function atVerdict(version: 2 | 3) {
  const core = CaseCore.start(version === 2 ? v2 : v3, startOf(version), T0).core;
  core.applyStep(stepOf('patrol_arrived', {}, 'patrol_guard'), T0 + 1000);
  return core;
}
function searching(version: 2 | 3) {
  const core = atVerdict(version);
  core.applyStep(stepOf('verdict_given', intrusion('squad_leader'), 'squad_leader'), T0 + 2000);
  return core;
}
const informs = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.kind === 'activity' && e.name === 'inform' ? [e.payload.params as { role: string; about: string }] : [],
  );
const refusal = (core: CaseCore, step: StepInput) => rejectionOf(() => core.validate(step, T0 + 10_000));

describe('perimeter-alarm v3, every simple path of the command through the pure engine', () => {
  const at = T0 + 60_000;
  const e = (type: string, data: Record<string, unknown>, role: string, id = role) => ({
    ...stepOf(type, data, role, id),
    at,
  });
  // The steps that name a commander, on duty and not, up to the search; the rest of the case is version 2's.
  const events = [
    e('patrol_arrived', {}, 'patrol_guard'),
    e('verdict_given', intrusion('squad_leader'), 'squad_leader'),
    e('verdict_given', intrusion('deputy_leader'), 'squad_leader'),
    e('verdict_given', intrusion('security_captain'), 'squad_leader'),
    e('command_taken_over', { commander: 'office_director' }, 'office_director'),
    e('command_taken_over', { commander: 'director_off' }, 'office_director', 'director_off'),
    e('progress_reported', { progress: '西墙已排查' }, 'squad_leader'),
  ];
  type Snap = { value: unknown; context: { commander: { id: string } | null } };
  const paths = new TestModel(perimeterAlarmMachineV3, {
    input: { ...startOf(3), drill: false, startedAt: T0 } as never,
    events: events as never,
  }).getSimplePaths({
    serializeState: (s: Snap) => JSON.stringify([s.value, s.context.commander?.id ?? null]),
  } as never);
  const title = (p: (typeof paths)[number]) =>
    p.steps
      .map((s) => {
        const d = (s.event as { data?: { commander?: string } }).data;
        return [s.event.type, d?.commander].filter(Boolean).join(':');
      })
      .join(' → ');

  it('never puts anyone off duty in command, and reaches command under each person on duty or unrostered', () => {
    const commanders = new Set(
      paths.flatMap((p) => p.steps.map((s) => (s.state as unknown as Snap).context.commander?.id ?? null)),
    );
    expect(commanders).toEqual(new Set([null, 'squad_leader', 'security_captain', 'office_director']));
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(v3, startOf(3), T0).core, path.steps, at, ({ core, view, state }) => {
      expect(core.stateName()).toBe(stateKey(state.value));
      const c = view.context as { commander: { id: string } | null };
      if (view.state.startsWith('commanding')) expect(c.commander).not.toBeNull(); // 四.2: someone commands
      if (c.commander) expect(staff[c.commander.id]?.onDuty).not.toBe(false); // 七.4: a person on duty
    });
  });
});

describe('perimeter-alarm v3: the commander is a person on duty at the site (城市花园 七.4, 四.2)', () => {
  it('refuses an intrusion naming a commander the roster has off duty, and changes nothing; version 2 took it', () => {
    const core = atVerdict(3);
    const before = core.view(T0 + 10_000);
    expect(refusal(core, stepOf('verdict_given', intrusion('deputy_leader'), 'squad_leader'))).toMatchObject({
      kind: 'EventNotAllowed',
      details: { blockedBy: ['saysFalseAlarm', 'intrusionByCommanderOnDuty'] },
    });
    expect(core.view(T0 + 10_000)).toEqual(before);
    const old = atVerdict(2);
    old.applyStep(stepOf('verdict_given', intrusion('deputy_leader'), 'squad_leader'), T0 + 2000);
    expect(old.view(T0).context.commander).toMatchObject({ id: 'deputy_leader' });
  });

  it('accepts a commander on duty, and one whose roles the roster does not list (it cannot say)', () => {
    const core = atVerdict(3);
    core.applyStep(stepOf('verdict_given', intrusion('squad_leader'), 'squad_leader'), T0 + 2000);
    expect(core.view(T0).context.commander).toMatchObject({ id: 'squad_leader', name: '保安班长 郑军' });
    const captain = atVerdict(3);
    captain.applyStep(stepOf('verdict_given', intrusion('security_captain'), 'squad_leader'), T0 + 2000);
    expect(captain.stateName()).toBe('commanding.searching');
  });

  it('hands command only to someone on duty who outranks the commander (七.7)', () => {
    const core = searching(3);
    expect(
      refusal(core, stepOf('command_taken_over', { commander: 'director_off' }, 'office_director', 'director_off')),
    ).toMatchObject({ kind: 'EventNotAllowed', details: { blockedBy: ['outranksCommanderOnDuty'] } });
    const old = searching(2);
    old.applyStep(
      stepOf('command_taken_over', { commander: 'director_off' }, 'office_director', 'director_off'),
      T0 + 3000,
    );
    expect(old.view(T0).context.commander).toMatchObject({ id: 'director_off' });
    core.applyStep(stepOf('command_taken_over', { commander: 'office_director' }, 'office_director'), T0 + 3000);
    expect(core.view(T0).context.commander).toMatchObject({ id: 'office_director' });
  });
});

describe('perimeter-alarm v3: 七.6 reports go to the 物业部经理', () => {
  it('tells the property manager, not the department manager, of the intrusion, a takeover and each progress report', () => {
    const told = (version: 2 | 3) => {
      const core = atVerdict(version);
      return [
        ...informs(core.applyStep(stepOf('verdict_given', intrusion('squad_leader'), 'squad_leader'), T0 + 2000)),
        ...informs(core.applyStep(stepOf('progress_reported', { progress: '西墙已排查' }, 'squad_leader'), T0 + 3000)),
        ...informs(
          core.applyStep(stepOf('command_taken_over', { commander: 'office_director' }, 'office_director'), T0 + 4000),
        ),
      ];
    };
    expect(told(3)).toEqual([
      { role: 'security_captain', about: 'intrusion' },
      { role: 'office_director', about: 'intrusion' },
      { role: 'property_manager', about: 'intrusion' },
      { role: 'office_director', about: 'progress_reported' },
      { role: 'property_manager', about: 'progress_reported' },
      { role: 'office_director', about: 'command_taken_over' },
      { role: 'property_manager', about: 'command_taken_over' },
    ]);
    expect(told(2).filter((n) => n.role === 'property_manager')).toEqual([]);
    expect(told(2)).toContainEqual({ role: 'dept_manager', about: 'progress_reported' });
  });
});
