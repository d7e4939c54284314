import type { AnyStateMachine } from 'xstate';
import { childStatesOf, guardNameOf, labelledTransitionsOf, rootOf, type AnyStateNode } from '../../workflows/engine';

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
  const root = rootOf(machine);
  const ids = new NodeIds();
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];

  // Transitions on the machine itself apply in every state: draw them on a box around the whole machine.
  const rootHasTransitions = labelledTransitionsOf(root).length > 0;
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
    const children = childStatesOf(node);
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
    if (childStatesOf(node).length === 0) return;
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
    return labelledTransitionsOf(node).flatMap(({ label, transition }) => {
      const guard = guardNameOf(transition.guard, { spellOut: true });
      const text = escapeLabel(guard ? `${label} [${guard}]` : label);
      const targets = transition.target?.length ? transition.target : [node];
      return targets.map((target) => `${from} --> ${target === root ? from : idOf(target)} : ${text}`);
    });
  }
}

function* walk(node: AnyStateNode): Generator<AnyStateNode> {
  yield node;
  for (const child of childStatesOf(node)) yield* walk(child);
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
