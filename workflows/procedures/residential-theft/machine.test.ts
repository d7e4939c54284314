import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { residentialTheftMachine } from './machine';

const def = getProcedure('residential-theft', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const intake = { discoveredBy: 'staff', unit: '3-2-1201', description: 'door forced open' };
const start = caseStart('residential-theft', intake, undefined, 1);
const at = T0 + 60_000;
const step = (type: string, data: Record<string, unknown>, role: string) => ({ type, data, actor: as(role), at });

const scene = { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true };
const decided = (police: string) => ({ residentConfirmedLoss: true, loss: 'laptop', police });
const police = { officerName: '赵', badgeNumber: '012345', policeCaseNumber: 'A-1', ledToScene: true };
const cctv = { cameras: ['B3-lobby'], findings: 'a man at 02:10', footageKept: true };

// Every event a person could send, with data that passes its schema.
const events = [
  step('scene_secured', scene, 'patrol_guard'),
  step('resident_decided', decided('already_reported'), 'cs_agent'),
  step('resident_decided', decided('report_now'), 'cs_agent'),
  step('resident_decided', decided('no_police'), 'cs_agent'),
  step('police_arrived', police, 'security_captain'),
  step('cctv_reviewed', cctv, 'monitor_guard'),
  step('resident_followed_up', { outcome: 'police investigating' }, 'cs_agent'),
  step('report_filed', { summary: 'all of it', cause: 'window left open' }, 'security_captain'),
];

// TestModel walks the machine's graph (createTestModel refuses machines with `after`; timers are tested on Temporal).
const paths = new TestModel(residentialTheftMachine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: events as never,
}).getSimplePaths();

const title = (p: (typeof paths)[number]) =>
  p.steps
    .map((s) => [s.event.type, (s.event as { data?: { police?: string } }).data?.police].filter(Boolean).join(':'))
    .join(' → ');

describe('residential-theft machine, every simple path through the pure engine', () => {
  it('reaches the end with and without the police', () => {
    const closing = paths.filter((p) => p.state.value === 'closed');
    expect(closing.some((p) => p.steps.some((s) => s.event.type === 'police_arrived'))).toBe(true);
    expect(closing.some((p) => !p.steps.some((s) => s.event.type === 'police_arrived'))).toBe(true);
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(def, start, T0).core, path.steps, at, ({ core, view, state }) => {
      expect(core.stateName()).toBe(String(state.value));
      // What the seed says must hold at every step:
      if (view.state !== 'securingScene') expect(view.context.scene).toMatchObject({ sceneUntouched: true });
      if (view.state === 'awaitingPolice') expect(view.context.resident).toMatchObject({ police: expect.any(String) });
      if (view.status === 'closed') {
        expect(view.timers).toEqual([]);
        const decision = (view.context.resident as { police: string }).police;
        expect(view.context.police === null).toBe(decision === 'no_police');
      }
    });
  });
});

describe('residential-theft rules', () => {
  const open = () => CaseCore.start(def, start, T0);

  it('tells the security captain and the service-centre manager as soon as the theft is reported', () => {
    const { effects } = open();
    const told = effects.filter((e) => e.kind === 'activity' && e.name === 'inform');
    expect(told.map((e) => (e as { payload: { params: Record<string, unknown> } }).payload.params.role)).toEqual([
      'security_captain',
      'office_director',
    ]);
  });

  it('starts the scene guard and resident contact deadlines from the report', () => {
    const { effects } = open();
    const due = effects.filter((e) => e.kind === 'startTimer').map((e) => (e as { dueAt: number }).dueAt - T0);
    expect(due).toEqual([5 * 60_000]);
    const { core } = open();
    const next = core.applyStep(step('scene_secured', scene, 'patrol_guard'), T0 + 2 * 60_000);
    // The resident is reached within an hour of the report, not of the guard's arrival.
    expect(next.filter((e) => e.kind === 'startTimer').map((e) => (e as { dueAt: number }).dueAt - T0)).toEqual([
      60 * 60_000,
    ]);
  });

  it('refuses a scene that someone entered, the police before the resident decided, and a step by the wrong role', () => {
    const { core } = open();
    const before = core.view(at);
    expect(
      rejectionOf(() => core.applyStep(step('scene_secured', { ...scene, sceneUntouched: false }, 'patrol_guard'), at)),
    ).toMatchObject({ kind: 'InvalidData' });
    expect(rejectionOf(() => core.applyStep(step('police_arrived', police, 'security_captain'), at)).kind).toBe(
      'EventNotAllowed',
    );
    expect(rejectionOf(() => core.applyStep(step('scene_secured', scene, 'cs_agent'), at)).kind).toBe('RoleNotAllowed');
    expect(core.view(at)).toEqual(before);
  });

  it('asks the gate to meet the police when they are called', () => {
    const { core } = open();
    core.applyStep(step('scene_secured', scene, 'patrol_guard'), at);
    const effects = core.applyStep(step('resident_decided', decided('report_now'), 'cs_agent'), at);
    expect(effects).toContainEqual(
      expect.objectContaining({
        name: 'inform',
        payload: expect.objectContaining({ params: { role: 'gate_guard', about: 'police_called' } }),
      }),
    );
    expect(core.stateName()).toBe('awaitingPolice');
  });
});
