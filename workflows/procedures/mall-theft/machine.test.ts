import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { StepRejected } from '../../engine/errors';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { stateKey, walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { roleNames } from '../../../config/roles';
import { events } from './events';
import { mallTheftMachine, type MallTheftContext } from './machine';

const def = getProcedure('mall-theft', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z'); // a Tuesday, 10:00 in Shanghai
const at = T0 + 60_000;
const start = { ...caseStart('mall-theft', def.example!.data), startedBy: as('patrol_guard') };

const data = {
  monitoring_started: { cameras: ['B1-07'], departmentsCalled: ['general_affairs', 'planning'] },
  guards_dispatched: { guards: ['孙伟', '李强'], policeCalled: true },
  caught: { outcome: 'suspect_caught', statementRecorded: true, noForceUsed: true },
  fled: { outcome: 'suspect_fled', sceneProtected: true },
  no_theft: { outcome: 'no_theft', finding: '顾客记错了柜号' },
  injury_reported: { injured: '保安孙伟手臂擦伤', medicalHelpCalled: true },
  exits_closed: { exits: ['B1 东门'] },
  police_arrived: { officer: '王警官', rank: '二级警司', badgeNumber: '012345', suspectHandedOver: true },
  police_not_coming: { reason: 'report_at_station', explanation: '失主自行到派出所报案' },
  police_case_number_added: { policeCaseNumber: 'A2026-1124-001' },
  report_filed: { summary: '储物柜被撬', evidenceRecorded: true, sentToGeneralOffice: true },
};
const step = (type: string, d: Record<string, unknown>, role: string) => ({ type, data: d, actor: as(role), at });

// Every event a person could send; the optional notes (camera watch, injury, exits, report number) once each.
function eventsFor({ context: c }: { context: MallTheftContext }) {
  return [
    ...(c.monitoring ? [] : [step('monitoring_started', data.monitoring_started, 'monitor_guard')]),
    step('guards_dispatched', data.guards_dispatched, 'squad_leader'),
    step('scene_secured', data.caught, 'patrol_guard'),
    step('scene_secured', data.fled, 'squad_leader'),
    step('scene_secured', data.no_theft, 'patrol_guard'),
    ...(c.injuries.length ? [] : [step('injury_reported', data.injury_reported, 'patrol_guard')]),
    ...(c.exitsClosed.length ? [] : [step('exits_closed', data.exits_closed, 'security_captain')]),
    step('police_arrived', data.police_arrived, 'security_captain'),
    step('police_not_coming', data.police_not_coming, 'security_captain'),
    ...(c.policeCaseNumbers.length
      ? []
      : [step('police_case_number_added', data.police_case_number_added, 'squad_leader')]),
    step('report_filed', data.report_filed, 'security_captain'),
  ];
}
const keyOf = ({ value, context: c }: { value: unknown; context: MallTheftContext }) =>
  JSON.stringify([value, !!c.monitoring, c.injuries.length, c.exitsClosed.length, c.policeCaseNumbers.length]);

// TestModel walks the machine's graph (createTestModel refuses machines with `after`; timers are tested on Temporal).
const paths = new TestModel(mallTheftMachine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: eventsFor as never,
  serializeState: keyOf as never,
})
  .getSimplePaths()
  .filter((p) => stateKey(p.state.value) === 'closed');
const title = (steps: ReadonlyArray<{ event: { type: string } }>) =>
  steps
    .map((s) => s.event)
    .filter((e) => !e.type.startsWith('xstate.'))
    .map((e) => [e.type, (e as { data?: { outcome?: string } }).data?.outcome].filter(Boolean).join(':'))
    .join(' → ');

describe('mall-theft machine, every simple path to the end through the pure engine', () => {
  it('reaches the end through every state and every scene outcome', () => {
    const seen = new Set(paths.flatMap((p) => p.steps.map((s) => stateKey(s.state.value))));
    expect([...seen].sort()).toEqual(
      [
        'closed',
        'reporting',
        'responding.awaitingDispatch',
        'responding.awaitingPolice',
        'responding.securingScene',
      ].sort(),
    );
    const outcomes = new Set(
      paths.flatMap((p) => p.steps.map((s) => (s.event as { data?: { outcome?: string } }).data?.outcome)),
    );
    for (const o of ['suspect_caught', 'suspect_fled', 'no_theft']) expect(outcomes).toContain(o);
  });

  it.each(paths.map((p) => [title(p.steps), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(def, start, T0).core, path.steps, at, ({ view: v, state }) => {
      expect(v.state).toBe(stateKey(state.value));
      const c = v.context as unknown as MallTheftContext;
      const types = v.history.map((h) => h.type);
      // 三.3: no scene handled before guards are sent and the police called;
      if (types.includes('scene_secured'))
        expect(types.indexOf('guards_dispatched')).toBeLessThan(types.indexOf('scene_secured'));
      // the dispatch deadline runs until guards are sent; the police deadline while they are awaited;
      const timers = v.timers.map((t) => t.id.split('#')[0]);
      expect(timers.includes('dispatch')).toBe(v.state === 'responding.awaitingDispatch');
      expect(timers.includes('police_arrival')).toBe(v.state === 'responding.awaitingPolice');
      expect(timers.includes('report')).toBe(v.state === 'reporting');
      // a caught or fled suspect always waits for the police, who came or are recorded as not coming;
      if (v.state === 'reporting' && c.scene?.outcome !== 'no_theft')
        expect(!!c.police || !!c.policeNotComing).toBe(true);
      // a report number only from police who came (三.8);
      if (c.policeCaseNumbers.length) expect(c.police).not.toBeNull();
      // closed with the report sent to 总经办 (三.11).
      if (v.status === 'closed') {
        expect(c.report).toMatchObject({ sentToGeneralOffice: true, role: 'security_captain' });
        expect(v.timers).toEqual([]);
      }
    });
  });
});

describe('mall-theft rules', () => {
  const open = () => CaseCore.start(def, start, T0);
  const attempt = (core: CaseCore, type: string, d: Record<string, unknown>, role: string) =>
    rejectionOf(() => core.validate({ type, data: d, actor: as(role) }, at));
  const apply = (core: CaseCore, type: string, d: Record<string, unknown>, role: string, when = at) =>
    core.applyStep({ type, data: d, actor: as(role) }, when);

  it('tells the security manager, the squad leader and the control room at once (三.1)', () => {
    const { effects } = open();
    const told = effects.flatMap((e) => (e.kind === 'activity' && e.name === 'inform' ? [e.payload] : []));
    expect(told.map((p) => (p as unknown as { params: { role: string } }).params.role)).toEqual([
      'security_captain',
      'squad_leader',
      'monitor_guard',
    ]);
  });

  it('sends guards only with the police called, by the squad leader or the manager (三.3)', () => {
    const { core } = open();
    expect(attempt(core, 'guards_dispatched', data.guards_dispatched, 'patrol_guard').kind).toBe('RoleNotAllowed');
    const r = attempt(core, 'guards_dispatched', { ...data.guards_dispatched, policeCalled: false }, 'squad_leader');
    expect(r.details.issues).toEqual([
      expect.objectContaining({ path: 'policeCalled', message: expect.stringContaining('三.3') }),
    ]);
    expect(attempt(core, 'scene_secured', data.fled, 'squad_leader').kind).toBe('EventNotAllowed');
  });

  it('no force on a caught suspect, the scene untouched when they fled (三.4, 三.5)', () => {
    const { core } = open();
    apply(core, 'guards_dispatched', data.guards_dispatched, 'squad_leader');
    for (const [d, field] of [
      [{ ...data.caught, noForceUsed: false }, 'noForceUsed'],
      [{ ...data.caught, statementRecorded: false }, 'statementRecorded'],
      [{ ...data.fled, sceneProtected: false }, 'sceneProtected'],
    ] as const)
      expect(attempt(core, 'scene_secured', d, 'patrol_guard').details.issues).toEqual([
        expect.objectContaining({ path: field }),
      ]);
  });

  it('records the officer and the report number, which may come later, and tells 总经办 of the report (三.8, 三.11)', () => {
    const { core } = open();
    apply(core, 'guards_dispatched', data.guards_dispatched, 'squad_leader');
    apply(core, 'scene_secured', data.caught, 'patrol_guard');
    expect(attempt(core, 'police_arrived', data.police_arrived, 'squad_leader').kind).toBe('RoleNotAllowed');
    apply(core, 'police_arrived', data.police_arrived, 'security_captain');
    apply(core, 'police_case_number_added', data.police_case_number_added, 'squad_leader');
    const effects = apply(core, 'report_filed', data.report_filed, 'security_captain');
    expect(effects).toContainEqual(
      expect.objectContaining({ payload: expect.objectContaining({ params: { role: 'gm', about: 'report_filed' } }) }),
    );
    expect(core.view(at).context).toMatchObject({
      police: { badgeNumber: '012345', rank: '二级警司' },
      policeCaseNumbers: [{ policeCaseNumber: 'A2026-1124-001' }],
    });
  });

  it('a wait for the police has an exit: not coming, and then no report number can be made up', () => {
    const { core } = open();
    apply(core, 'guards_dispatched', data.guards_dispatched, 'squad_leader');
    apply(core, 'scene_secured', data.fled, 'squad_leader');
    apply(core, 'police_not_coming', data.police_not_coming, 'security_captain');
    expect(core.stateName()).toBe('reporting');
    expect(
      attempt(core, 'police_case_number_added', data.police_case_number_added, 'squad_leader').details.blockedBy,
    ).toEqual(['policeCame']);
    expect(
      attempt(core, 'report_filed', { ...data.report_filed, sentToGeneralOffice: false }, 'security_captain').details
        .issues,
    ).toEqual([expect.objectContaining({ path: 'sentToGeneralOffice' })]);
  });

  it('every step is declared with roles of the role table, and a rejected step changes nothing', () => {
    const roles = Object.values(events).flatMap((e) => [...e.roles]);
    for (const role of [...roles, ...def.start.roles]) expect(Object.keys(roleNames)).toContain(role);
    const { core } = open();
    const before = JSON.stringify(core.view(at));
    expect(() => apply(core, 'report_filed', data.report_filed, 'security_captain')).toThrow(StepRejected);
    expect(() => apply(core, 'guards_dispatched', data.guards_dispatched, 'cs_agent')).toThrow(StepRejected);
    expect(JSON.stringify(core.view(at))).toBe(before);
  });
});
