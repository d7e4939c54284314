import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * Mermaid `stateDiagram-v2` text of an XState v5 machine, read from its state nodes: nested states as
 * `state X { ... }`, parallel regions separated by `--`, initial and final pseudo-states, and one edge per
 * transition labelled with its event (`after <delay>` for delayed ones, `always` for eventless ones) and guard.
 *
 * Node ids are the state path joined with `_` (top-level states keep their key, e.g. `assessing`); nested states
 * are labelled with their own key. Transitions without a target (actions only, e.g. an escalation timer) are drawn
 * as self-loops so that every accepted event and timer shows. Edges are written at the top level after all states:
 * Mermaid keeps a state where it was first declared, so an edge never moves a state into another box.
 * Pure and deterministic: the same machine gives the same text.
 */
export function mermaidOf(machine: AnyStateMachine): string {
  const root = machine.root as AnyStateNode;
  const ids = new NodeIds();
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];

  // Transitions on the machine itself apply in every state: draw them on a box around the whole machine.
  const rootHasTransitions = transitionsOf(root).length > 0;
  if (rootHasTransitions) {
    const id = ids.of(root, sanitize(root.key));
    lines.push(`    state ${quote(root.key)} as ${id}`, `    [*] --> ${id}`, `    state ${id} {`);
    writeChildren(root, 2);
    lines.push('    }');
  } else {
    writeChildren(root, 1);
  }
  for (const node of walk(root)) edges.push(...edgesOf(node));
  lines.push(...edges.map((e) => `    ${e}`));
  return `${lines.join('\n')}\n`;

  function writeChildren(node: AnyStateNode, depth: number): void {
    const pad = '    '.repeat(depth);
    const children = childrenOf(node);
    if (node.type === 'parallel') {
      children.forEach((region, i) => {
        if (i > 0) lines.push(`${pad}--`);
        writeState(region, depth);
      });
      return;
    }
    const initial = node.initial?.target ?? [];
    for (const target of initial) lines.push(`${pad}[*] --> ${idOf(target)}`);
    for (const child of children) writeState(child, depth);
    for (const child of children) if (child.type === 'final') lines.push(`${pad}${idOf(child)} --> [*]`);
  }

  function writeState(node: AnyStateNode, depth: number): void {
    const pad = '    '.repeat(depth);
    const id = idOf(node);
    const label = node.type === 'history' ? (node.history === 'deep' ? 'H*' : 'H') : node.key;
    lines.push(id === label ? `${pad}${id}` : `${pad}state ${quote(label)} as ${id}`);
    if (childrenOf(node).length === 0) return;
    lines.push(`${pad}state ${id} {`);
    writeChildren(node, depth + 1);
    lines.push(`${pad}}`);
  }

  function idOf(node: AnyStateNode): string {
    // Named by the path (a top-level state by its key), as Mermaid ids are global and keys repeat in nested states.
    return ids.of(node, sanitize(node.path.join('_')));
  }

  function edgesOf(node: AnyStateNode): string[] {
    const from = node === root ? ids.of(root, sanitize(root.key)) : idOf(node);
    return transitionsOf(node).flatMap(({ label, transition }) => {
      const guard = guardName(transition.guard);
      const text = escapeLabel(guard ? `${label} [${guard}]` : label);
      const targets = transition.target?.length ? transition.target : [node];
      return targets.map((target) => `${from} --> ${target === root ? from : idOf(target)} : ${text}`);
    });
  }
}

interface LabelledTransition {
  label: string;
  transition: { target?: readonly AnyStateNode[]; guard?: unknown };
}

/** Every transition a state node declares, in config order, each with the label its edge carries. */
function transitionsOf(node: AnyStateNode): LabelledTransition[] {
  const out: LabelledTransition[] = [];
  for (const [eventType, transitions] of node.transitions as Map<string, LabelledTransition['transition'][]>) {
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

/** A guard's name: `saysIntrusion`, `{ type: 'x' }` → `x`, and `and(...)`, `or(...)`, `not(...)` spelled out. */
function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown[] }).guards;
    const name = guard.name || 'guard';
    if (Array.isArray(inner)) return `${name}(${inner.map((g) => guardName(g) ?? '?').join(', ')})`;
    return name;
  }
  return 'guard';
}

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>);
}

function* walk(node: AnyStateNode): Generator<AnyStateNode> {
  yield node;
  for (const child of childrenOf(node)) yield* walk(child);
}

/** Gives each state node one Mermaid id, unique in the diagram and the same every time. */
class NodeIds {
  private readonly byNode = new Map<AnyStateNode, string>();
  private readonly taken = new Set<string>();

  of(node: AnyStateNode, wanted: string): string {
    const known = this.byNode.get(node);
    if (known) return known;
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) id = `${wanted}_${n}`;
    this.byNode.set(node, id);
    this.taken.add(id);
    return id;
  }
}

// Words that Mermaid's state grammar reads as keywords when they stand alone as an id.
const reserved = new Set(['state', 'note', 'end', 'direction', 'class', 'classDef', 'style', 'scale', 'hide', 'as']);

function sanitize(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_') || '_';
  return reserved.has(id) || /^\d/.test(id) ? `s_${id}` : id;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, "'")}"`;
}

// An edge label runs to the end of its line; keep it on one line and away from Mermaid's statement separator.
function escapeLabel(text: string): string {
  return text.replace(/[\n\r;]/g, ' ');
}
