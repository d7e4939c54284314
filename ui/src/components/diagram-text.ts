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

/** The diagram with the current states lit and the states the case went through marked. */
export function diagramWithPath(
  diagram: string,
  current: string[],
  visited: string[],
  names: Record<string, string> = {},
  eventNames: Record<string, string> = {},
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
      // An edge's event, by its label: `a --> b : patrol_arrived [guard]`.
      const edge = /^(\s*\S+ --> \S+ : )(\w+)(.*)$/.exec(line);
      const event = edge && eventNames[edge[2]!];
      return event ? `${edge[1]}${event.replace(/[\n;:]/g, ' ')}${edge[3]}` : line;
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
