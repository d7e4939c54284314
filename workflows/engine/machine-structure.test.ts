import { and, initialTransition, setup } from 'xstate';
import {
  activeStateNodes,
  declaredGuardsOf,
  descendantsOf,
  eventTypesOf,
  guardNameOf,
  labelledTransitionsOf,
  regionPathOf,
  rootOf,
  stateNodeAt,
  timersOf,
} from './machine-structure';

const machine = setup({
  types: {} as { events: { type: 'go' } | { type: 'stop' } | { type: 'note' } },
  guards: { ready: () => true, calm: () => true },
  delays: { patrol: 1000 },
}).createMachine({
  id: 'probe',
  initial: 'working',
  on: { stop: '.closed' },
  states: {
    working: {
      type: 'parallel',
      states: {
        left: {
          initial: 'a',
          states: {
            a: { on: { go: { target: 'b', guard: 'ready' } }, after: { patrol: { actions: [] } } },
            b: { on: { note: { guard: and(['ready', 'calm']) } } },
          },
        },
        right: { initial: 'c', states: { c: { on: { note: {} } } } },
      },
      onDone: 'closed',
    },
    closed: { type: 'final' },
  },
});

describe('reading a machine’s structure', () => {
  const [snapshot] = initialTransition(machine);

  it('gives the active state nodes, root first, with both parallel regions', () => {
    expect(activeStateNodes(snapshot).map((n) => n.path.join('.'))).toEqual([
      '',
      'working',
      'working.left',
      'working.left.a',
      'working.right',
      'working.right.c',
    ]);
  });

  it('finds a state by path, and nothing at a path the machine lacks', () => {
    expect(stateNodeAt(machine, 'working.left.b')?.key).toBe('b');
    expect(stateNodeAt(machine, 'working.nowhere')).toBeUndefined();
    expect(descendantsOf(rootOf(machine))).toHaveLength(7);
  });

  it('lists events without XState’s own, timers by their names, and labelled transitions', () => {
    const a = stateNodeAt(machine, 'working.left.a')!;
    expect(eventTypesOf(a)).toEqual(['go']);
    expect(timersOf(a)).toEqual(['patrol']);
    expect(eventTypesOf(stateNodeAt(machine, 'working')!)).toEqual([]);
    expect(labelledTransitionsOf(stateNodeAt(machine, 'working')!).map((t) => t.label)).toEqual(['onDone']);
    expect(labelledTransitionsOf(a).map((t) => t.label)).toEqual(['go', 'after patrol']);
  });

  it('names guards, composite ones spelt out on request', () => {
    const [note] = [...stateNodeAt(machine, 'working.left.b')!.transitions.get('note')!];
    expect(guardNameOf(note!.guard)).toBe('and');
    expect(guardNameOf(note!.guard, { spellOut: true })).toBe('and(ready, calm)');
    expect(guardNameOf(undefined)).toBeUndefined();
    expect(declaredGuardsOf(activeStateNodes(snapshot), 'go')).toEqual(['ready']);
    expect(declaredGuardsOf(activeStateNodes(snapshot), 'note')).toEqual([]);
  });

  it('gives the region a state lies in: below the nearest parallel state, or the whole machine', () => {
    expect(regionPathOf(machine, 'probe.working.left.a')).toEqual(['working', 'left']);
    expect(regionPathOf(machine, 'probe.closed')).toEqual([]);
  });
});
