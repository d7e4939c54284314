import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * The one module that reads the structure of an XState v5 machine: its state nodes, the events and timers each
 * accepts, the guards on its transitions, and the nodes a snapshot is in. The engine, the API (procedure details,
 * diagrams, refused steps) and the docs generator read machines through these functions, so a change of XState's
 * internals is met here once. Pure: no actor is started.
 */

export type { AnyStateNode };

/** One transition a state node declares: where it goes (none: actions only) and its guard, as XState keeps them. */
export interface TransitionInfo {
  target?: readonly AnyStateNode[];
  guard?: unknown;
}

/**
 * The state nodes a snapshot is in: each active leaf and its ancestors, the root first, in XState's document order.
 * XState v5 offers no public way to read them without an actor; this reads the snapshot's `_nodes`, here only.
 */
export function activeStateNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes;
}

/** The state node of a full id (`<machine id>.a.b`); throws XState's error when there is none. */
export function stateNodeById(machine: AnyStateMachine, id: string): AnyStateNode {
  return machine.getStateNodeById(id) as AnyStateNode;
}

/** The state node at `path` (`a.b`, as in a case view's state), or undefined when the machine has none there. */
export function stateNodeAt(machine: AnyStateMachine, path: string): AnyStateNode | undefined {
  try {
    return stateNodeById(machine, `${machine.id}.${path}`);
  } catch {
    return undefined;
  }
}

/** The machine's root state node. */
export const rootOf = (machine: AnyStateMachine): AnyStateNode => machine.root as AnyStateNode;

/** A state node's child states, in declaration order. */
export function childStatesOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>);
}

/** Every state node below `node` (not itself), depth first in declaration order. */
export function descendantsOf(node: AnyStateNode): AnyStateNode[] {
  return childStatesOf(node).flatMap((child) => [child, ...descendantsOf(child)]);
}

/**
 * The transitions a state node declares, by event type, in config order. Delayed transitions are listed under
 * XState's generated `xstate.after.*` names and a compound state's onDone under `xstate.done.state.*`.
 */
export function transitionsByEvent(node: AnyStateNode): Map<string, TransitionInfo[]> {
  return node.transitions as Map<string, TransitionInfo[]>;
}

/** The events a state node's own transitions accept (not XState's generated ones), in config order. */
export function eventTypesOf(node: AnyStateNode): string[] {
  return [...transitionsByEvent(node).keys()].filter((type) => !type.startsWith('xstate.'));
}

/** The named delays (policy timer ids) of a state node's delayed transitions, once each. */
export function timersOf(node: AnyStateNode): string[] {
  return [...new Set(node.after.map((t) => t.delay).filter((d): d is string => typeof d === 'string'))];
}

/** A transition with the label a diagram's edge carries: its event, `onDone`, `after <delay>` or `always`. */
export interface LabelledTransition {
  label: string;
  transition: TransitionInfo;
}

/** Every transition a state node declares, in config order, each with its label (see {@link LabelledTransition}). */
export function labelledTransitionsOf(node: AnyStateNode): LabelledTransition[] {
  const out: LabelledTransition[] = [];
  for (const [eventType, transitions] of transitionsByEvent(node)) {
    // Delayed transitions are listed under generated event names; `node.after` below gives their delay.
    if (eventType.startsWith('xstate.after.')) continue;
    const label = eventType.startsWith('xstate.done.state.') ? 'onDone' : eventType;
    for (const transition of transitions) out.push({ label, transition });
  }
  for (const transition of node.after) out.push({ label: `after ${delayName(transition.delay)}`, transition });
  for (const transition of node.always ?? []) out.push({ label: 'always', transition });
  return out;
}

function delayName(delay: unknown): string {
  if (typeof delay === 'number') return `${delay}ms`;
  if (typeof delay === 'string') return delay;
  return (delay as { name?: string })?.name || 'delay';
}

/**
 * A guard's name: `saysIntrusion`, `{ type: 'x' }` → `x`, a function by its name (`guard` when it has none); with
 * `spellOut`, `and(...)`, `or(...)`, `not(...)` with the names of their guards. Undefined when there is no guard.
 */
export function guardNameOf(guard: unknown, { spellOut = false }: { spellOut?: boolean } = {}): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown[] }).guards;
    const name = guard.name || 'guard';
    if (spellOut && Array.isArray(inner))
      return `${name}(${inner.map((g) => guardNameOf(g, { spellOut }) ?? '?').join(', ')})`;
    return name;
  }
  return 'guard';
}

/**
 * The names of the guards on the transitions of `type` that `nodes` declare themselves (`on`), string or
 * `{ type }` guards only, once each: what a refused step names as the rule that refused it.
 */
export function declaredGuardsOf(nodes: readonly AnyStateNode[], type: string): string[] {
  const names = nodes.flatMap((n) =>
    ((n.on?.[type] ?? []) as Array<{ guard?: string | { type?: string } }>).map((t) =>
      typeof t.guard === 'string' ? t.guard : t.guard?.type,
    ),
  );
  return [...new Set(names.filter((g): g is string => typeof g === 'string'))];
}

/**
 * The path of the region a state lies in: the part of the machine from the nearest parallel region above the state
 * (its path), or `[]` for the whole machine when there is none.
 */
export function regionPathOf(machine: AnyStateMachine, stateNodeId: string): string[] {
  let node = stateNodeById(machine, stateNodeId);
  while (node.parent && node.parent.type !== 'parallel') node = node.parent;
  return node.parent ? node.path : [];
}
