import { descendantsOf, eventTypesOf, rootOf } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import { deadlinesOf, type DeadlineFacts, type StateFacts } from '../../ui/src/my-deadline';

// The perimeter alarm's states as GET /procedures/perimeter-alarm lists them (id and the steps each state handles).
const perimeter = getProcedure('perimeter-alarm');
const states: StateFacts[] = descendantsOf(rootOf(perimeter.machine)).map((node) => ({
  id: node.path.join('.'),
  events: eventTypesOf(node),
}));
const rolesOf = (type: string) => [...perimeter.events[type]!.roles];
const allowed = (...types: string[]) => types.map((type) => ({ type, roles: rolesOf(type) }));

// Two minutes after the alarm: the monitor's 1-minute dispatch has passed, the patrol's 5-minute arrival runs.
const awaitingDispatch: DeadlineFacts = {
  state: 'responding.awaitingDispatch',
  breaches: [{ timer: 'dispatch', state: 'responding.awaitingDispatch', dueAt: '2026-12-02T02:01:00Z' }],
  timers: [
    { id: 'patrol_arrival', kind: 'deadline', state: 'responding', dueAt: '2026-12-02T02:05:00Z' },
    { id: 'patrol_arrival#1', kind: 'rung', state: 'responding', dueAt: '2026-12-02T02:05:00Z' },
  ],
  allowedEvents: allowed('patrol_dispatched', 'patrol_arrived', 'cameras_tracked'),
};

describe('deadlinesOf: the deadline of the step I may take, first', () => {
  it('gives the patrol guard his own 5-minute arrival, not the monitor’s overdue dispatch', () => {
    const { mine, others } = deadlinesOf(awaitingDispatch, states, ['patrol_guard']);
    expect(mine).toMatchObject({ timer: 'patrol_arrival', overdue: false, steps: ['patrol_arrived'], mine: true });
    expect(others).toEqual([
      expect.objectContaining({ timer: 'dispatch', overdue: true, steps: ['patrol_dispatched'], mine: false }),
    ]);
    expect(others[0]!.roles).toEqual(['monitor_guard', 'squad_leader']);
  });

  it('gives the monitor the overdue dispatch, and the arrival as someone else’s', () => {
    const { mine, others } = deadlinesOf(awaitingDispatch, states, ['monitor_guard']);
    expect(mine).toMatchObject({ timer: 'dispatch', overdue: true });
    expect(others.map((d) => d.timer)).toEqual(['patrol_arrival']);
  });

  it('gives a role that may take both steps the earliest: the squad leader’s overdue dispatch', () => {
    const { mine, others } = deadlinesOf(awaitingDispatch, states, ['squad_leader']);
    expect(mine?.timer).toBe('dispatch');
    expect(others).toEqual([expect.objectContaining({ timer: 'patrol_arrival', mine: true })]);
  });

  it('gives nobody a deadline of their own when no step open to their roles answers one', () => {
    const { mine, others } = deadlinesOf(awaitingDispatch, states, ['cs_agent', 'gate_guard']);
    expect(mine).toBeNull();
    expect(others.map((d) => d.timer)).toEqual(['dispatch', 'patrol_arrival']);
  });

  it('counts only deadlines: ladder rungs and reminders are left out', () => {
    const { mine, others } = deadlinesOf(awaitingDispatch, states, ['patrol_guard']);
    expect([mine, ...others].map((d) => d?.timer)).not.toContain('patrol_arrival#1');
    expect(others).toHaveLength(1);
  });

  it('takes the steps of a compound state’s active children when the state itself handles none', () => {
    const facts: DeadlineFacts = {
      state: 'work.waiting',
      breaches: [],
      timers: [{ id: 'answer', kind: 'deadline', state: 'work', dueAt: '2026-12-02T03:00:00Z' }],
      allowedEvents: [{ type: 'answered', roles: ['clerk'] }],
    };
    const tree: StateFacts[] = [
      { id: 'work', events: [] },
      { id: 'work.waiting', events: ['answered'] },
      { id: 'work.other', events: ['ignored'] },
    ];
    expect(deadlinesOf(facts, tree, ['clerk']).mine).toMatchObject({ timer: 'answer', steps: ['answered'] });
    expect(deadlinesOf(facts, tree, ['boss']).mine).toBeNull();
  });

  it('does not count a step the case does not allow now (e.g. its rule or state refuses it)', () => {
    const facts = { ...awaitingDispatch, allowedEvents: allowed('patrol_dispatched') };
    expect(deadlinesOf(facts, states, ['patrol_guard']).mine).toBeNull();
  });
});
