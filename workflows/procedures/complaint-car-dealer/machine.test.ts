import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { carDealerSteps as s } from './deadline-scenarios';
import { complaintCarDealerMachine } from './machine';

const def = getProcedure('complaint-car-dealer', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const start = caseStart('complaint-car-dealer', def.example!.data);
const at = T0 + 60_000;

// Every event a person could send, with data that passes its schema.
const events = Object.values(s).map((e) => ({ type: e.type, data: e.data, actor: as(e.role), at }));

// TestModel walks the machine's graph (createTestModel refuses machines with `after`; timers are tested on Temporal).
const paths = new TestModel(complaintCarDealerMachine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: events as never,
}).getSimplePaths();

const stateOf = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}.${stateOf(v)}`)
        .join();

describe('complaint-car-dealer machine, every simple path through the pure engine', () => {
  it('reaches the end both with the customer reached and unreachable (汽车售后 二.2.1))', () => {
    const ends = paths.filter((p) => stateOf(p.state.value) === 'closed').map((p) => p.steps.map((x) => x.event.type));
    expect(ends.some((types) => types.includes('customer_unreachable'))).toBe(true);
    expect(ends.some((types) => !types.includes('customer_unreachable'))).toBe(true);
  });

  it.each(paths.map((p) => [p.steps.map((x) => x.event.type).join(' → '), p] as const))('%s', (_name, path) => {
    const { core } = CaseCore.start(def, start, T0);
    walkPath(core, path.steps, at, ({ core, view, state }) => {
      expect(core.stateName()).toBe(stateOf(state.value));
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    });
  });
});

describe('complaint-car-dealer rules', () => {
  const apply = (core: CaseCore, step: (typeof s)[keyof typeof s], data = step.data, role = step.role) =>
    core.applyStep({ type: step.type, data, actor: as(role) }, at);

  it('refuses a step in the wrong order, by the wrong role, or with bad data, and changes nothing', () => {
    const { core } = CaseCore.start(def, start, T0);
    const before = core.view(at);
    // 二.2.1): responsibility is settled on a filled-in form only.
    expect(rejectionOf(() => apply(core, s.settled)).kind).toBe('EventNotAllowed');
    // 二.1–二.2: the customer manager or the service centre fill in the form, not the department.
    expect(rejectionOf(() => apply(core, s.formFilled, s.formFilled.data, 'dept_manager')).kind).toBe('RoleNotAllowed');
    expect(rejectionOf(() => apply(core, s.formFilled, { ...s.formFilled.data, plateNumber: '' })).kind).toBe(
      'InvalidData',
    );
    expect(core.view(at)).toEqual(before);
  });

  it('closes only once accountability is done and the final form goes to the service centre (二.2.3))', () => {
    const { core } = CaseCore.start(def, start, T0);
    for (const step of [s.formFilled, s.settled, s.reviewed, s.decided]) apply(core, step);
    expect(rejectionOf(() => apply(core, s.closed, { ...s.closed.data, formToServiceCentre: false })).kind).toBe(
      'InvalidData',
    );
    // 二.2.2): only 管理部 reviews; the general manager decides after it, not instead of it.
    expect(core.stateName()).toBe('management.concluding');
    apply(core, s.closed);
    expect(core.view(at).status).toBe('closed');
  });

  it('refuses a disputed review without the signed agreement (二.2.2))', () => {
    const { core } = CaseCore.start(def, start, T0);
    for (const step of [s.formFilled, s.settled]) apply(core, step);
    expect(rejectionOf(() => apply(core, s.reviewed, { outcome: 'disputed' })).kind).toBe('InvalidData');
    expect(rejectionOf(() => apply(core, s.decided)).kind).toBe('EventNotAllowed');
    apply(core, s.reviewed, { outcome: 'disputed', agreement: '协商：部门与技师各担一半' });
    expect(core.stateName()).toBe('management.awaitingDecision');
  });

  it('refuses an intake without the apology of 二.1', () => {
    expect(def.start.schema.safeParse({ ...def.example!.data, apologised: false }).success).toBe(false);
  });
});
