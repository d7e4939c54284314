/** Mermaid text of a case: the procedure's diagram with the current and passed states marked. */

/** Mermaid's node id of a state path, as api/procedures/diagram.ts writes it. */
export function nodeIdOf(path: string): string {
  const reserved = new Set(['state', 'note', 'end', 'direction', 'class', 'classDef', 'style', 'scale', 'hide', 'as']);
  const id =
    path
      .split('.')
      .join('_')
      .replace(/[^A-Za-z0-9_]/g, '_') || '_';
  return reserved.has(id) || /^\d/.test(id) ? `s_${id}` : id;
}

/**
 * How an edge's code words are said (issue 20 point 4: no `after dispatch`, `[saysFalseAlarm]` or `onDone` in the
 * diagram): timer and condition names from the procedure's strings, the connecting words from the UI's.
 */
export interface EdgeWords {
  /** Timer id → its name (`dispatch` → 派岗时限). */
  timers: Record<string, string>;
  /** Guard name → the condition in words (the procedure's `conditions` strings). */
  conditions: Record<string, string>;
  /** A timer's edge: `派岗时限到期`. */
  after: (timer: string) => string;
  /** A compound state's way out once all its parts are done. */
  onDone: string;
  /** An eventless edge without a condition. */
  always: string;
  /** A step or timer that goes this way only under a condition: `巡逻岗已到场（判定为误报）`. */
  when: (what: string, condition: string) => string;
}

// An edge label as api/procedures/diagram.ts writes it: `<event>`, `after <timer>`, `onDone` or `always`, then
// optionally ` [<guard>]`.
const edgeLabel = /^(?:after (\S+)|(onDone)|(always)|(\w+))(?: \[(.+)\])?$/;

/** An edge label in words; a part without words (no name in the strings) keeps its code word. */
function edgeText(label: string, eventNames: Record<string, string>, words?: EdgeWords): string {
  const m = edgeLabel.exec(label);
  if (!m) return label;
  const [, timer, onDone, always, event, guard] = m;
  const condition = guard && (words?.conditions[guard] ?? `[${guard}]`);
  let what: string | undefined;
  if (timer) what = words ? words.after(words.timers[timer] ?? timer) : `after ${timer}`;
  else if (onDone) what = words?.onDone ?? 'onDone';
  else if (always) what = condition ? undefined : (words?.always ?? 'always');
  else what = eventNames[event!] ?? event!;
  if (!condition) return what!;
  if (!what) return condition;
  return words ? words.when(what, condition) : `${what} ${condition}`;
}

/** The diagram with the current states lit and the states the case went through marked. */
export function diagramWithPath(
  diagram: string,
  current: string[],
  visited: string[],
  names: Record<string, string> = {},
  eventNames: Record<string, string> = {},
  words?: EdgeWords,
): string {
  const ids = new Set(diagram.match(/[A-Za-z0-9_]+/g) ?? []);
  const byId = new Map(Object.entries(names).map(([path, name]) => [nodeIdOf(path), name]));
  // Each state labelled with its name in the user's language (the API writes the state keys).
  const label = (id: string, fallback: string) => {
    const name = byId.get(id);
    return name ? `state "${name.replace(/["\n;]/g, ' ')}" as ${id}` : fallback;
  };
  diagram = diagram
    .split('\n')
    .map((line) => {
      const declared = /^(\s*)state "[^"]*" as (\w+)$/.exec(line) ?? /^(\s*)(\w+)$/.exec(line);
      if (declared) return `${declared[1]}${label(declared[2]!, line.trim())}`;
      // An edge in words: `a --> b : patrol_arrived [saysFalseAlarm]` → `a --> b : 巡逻岗已到场（判定为误报）`.
      const edge = /^(\s*\S+ --> \S+ : )(.*)$/.exec(line);
      return edge ? `${edge[1]}${edgeText(edge[2]!, eventNames, words).replace(/[\n;:]/g, ' ')}` : line;
    })
    .join('\n');
  const lit = current.map(nodeIdOf).filter((id) => ids.has(id));
  const seen = [...new Set(visited.map(nodeIdOf))].filter((id) => ids.has(id) && !lit.includes(id));
  const lines = [
    diagram.trimEnd(),
    '    classDef current fill:#ffcc80,stroke:#e65100,stroke-width:3px,color:#000',
    '    classDef visited fill:#c8e6c9,stroke:#2e7d32,stroke-width:2px,color:#000',
  ];
  if (seen.length) lines.push(`    class ${seen.join(',')} visited`);
  if (lit.length) lines.push(`    class ${lit.join(',')} current`);
  return `${lines.join('\n')}\n`;
}
