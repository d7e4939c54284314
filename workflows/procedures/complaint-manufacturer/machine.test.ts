import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { getProcedure } from '..';
import { complaintManufacturerMachine } from './machine';

const def = getProcedure('complaint-manufacturer', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const start = caseStart('complaint-manufacturer', { description: 'test' });
const at = T0 + 60_000;

// Every event a person could send, with data that passes its schema.
const events = [
  { type: 'response_recorded', data: { action: 'went there' }, actor: as('squad_leader'), at },
  { type: 'case_closed', data: { summary: 'done' }, actor: as('security_captain'), at },
];

// TestModel walks the machine's graph (createTestModel refuses machines with `after`; timers are tested on Temporal).
const paths = new TestModel(complaintManufacturerMachine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: events as never,
}).getSimplePaths();

describe('complaint-manufacturer machine, every simple path through the pure engine', () => {
  it('reaches the end', () => {
    expect(new Set(paths.map((p) => String(p.state.value)))).toContain('closed');
  });

  it.each(paths.map((p) => [p.steps.map((s) => s.event.type).join(' → '), p] as const))('%s', (_name, path) => {
    const { core } = CaseCore.start(def, start, T0);
    let steps = 0;
    for (const { event, state } of path.steps) {
      const e = event as unknown as { type: string; data: Record<string, unknown>; actor: ReturnType<typeof as> };
      if (!e.type.startsWith('xstate.')) {
        core.applyStep({ type: e.type, data: e.data, actor: e.actor }, at);
        steps += 1;
      }
      expect(core.stateName()).toBe(String(state.value));
      const view = core.view(at);
      expect(view.history).toHaveLength(steps);
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    }
  });
});

describe('complaint-manufacturer rules', () => {
  it('refuses a step in the wrong order, by the wrong role, or with bad data, and changes nothing', () => {
    const { core } = CaseCore.start(def, start, T0);
    const before = core.view(at);
    expect(
      rejectionOf(() =>
        core.applyStep({ type: 'case_closed', data: { summary: 'x' }, actor: as('security_captain') }, at),
      ).kind,
    ).toBe('EventNotAllowed');
    expect(
      rejectionOf(() => core.applyStep({ type: 'response_recorded', data: { action: 'x' }, actor: as('cs_agent') }, at))
        .kind,
    ).toBe('RoleNotAllowed');
    expect(
      rejectionOf(() =>
        core.applyStep({ type: 'response_recorded', data: { action: '' }, actor: as('squad_leader') }, at),
      ).kind,
    ).toBe('InvalidData');
    expect(core.view(at)).toEqual(before);
  });
});
