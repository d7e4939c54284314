import type { CaseCore } from '../../workflows/engine/case-core';
import type { CaseView, PersonFacts } from '../../workflows/engine/contract';
import type { as } from './fixtures';

/** A step event of a generated path, as the procedure's test model makes it (data and actor included). */
export type WalkEvent = {
  type: string;
  data: Record<string, unknown>;
  actor: ReturnType<typeof as>;
  /** Staff records of the people the data names, as the API hands them over (EventSpec.people). */
  people?: Record<string, PersonFacts>;
};

/** What a path walk's check sees after each step: the case, its view, the model's state, the event, steps applied. */
export interface WalkedStep {
  core: CaseCore;
  view: CaseView;
  /** The state the model says the machine is in after the event (xstate/graph's step state). */
  state: { value: unknown };
  event: WalkEvent;
  /** How many steps were applied so far (XState's own events are not steps). */
  steps: number;
}

/**
 * Walks one path of a procedure's test model (xstate/graph, e.g. `getSimplePaths`; each step is the event sent and the
 * state after) through the pure case core `core`, every step at `at` (epoch ms), the way each procedure's model-based
 * test does: an event that is not one of XState's own is applied as a step of its actor; after every event `check`
 * runs the procedure's own rules, then the history must hold each applied step once, the last with who and in what
 * role. Fails the test (jest `expect`) on the first broken rule.
 */
export function walkPath(
  core: CaseCore,
  steps: ReadonlyArray<{ event: unknown; state: { value: unknown } }>,
  at: number,
  check: (walked: WalkedStep) => void,
): void {
  let applied = 0;
  for (const { event, state } of steps) {
    const e = event as WalkEvent;
    if (!e.type.startsWith('xstate.')) {
      core.applyStep({ type: e.type, data: e.data, actor: e.actor, ...(e.people ? { people: e.people } : {}) }, at);
      applied += 1;
    }
    const view = core.view(at);
    check({ core, view, state, event: e, steps: applied });
    // Every step is recorded once, with who and in what role.
    expect(view.history).toHaveLength(applied);
    if (applied)
      expect(view.history[applied - 1]).toMatchObject({ type: e.type, role: e.actor.role, actor: { id: e.actor.id } });
  }
}

/** A machine's state value as the case core names a state: `a.b.c` along the one active branch. */
export function stateKey(value: unknown): string {
  if (typeof value === 'string') return value;
  const [k, v] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${k}.${stateKey(v)}`;
}
