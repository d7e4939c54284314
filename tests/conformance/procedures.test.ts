import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateNode } from 'xstate';
import { z } from 'zod';
import { roleNames } from '../../api/i18n/roles';
import type { Messages, ProcedureDefinition } from '../../workflows/engine/definition';
import { ProcedurePolicySchema } from '../../workflows/engine/policy';
import { procedures, registryProblems } from '../../workflows/procedures';

// The checklist every procedure and version must pass (docs/adding-a-procedure.md, "What the tests check").
const repo = path.join(__dirname, '..', '..');
const languages = ['zh-CN', 'en'] as const;

const nodesOf = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states as Record<string, AnyStateNode>).flatMap((c) => [c, ...nodesOf(c)]);
const eventsOf = (node: AnyStateNode) =>
  [...(node.transitions as Map<string, unknown>).keys()].filter((t) => !t.startsWith('xstate.'));
const delaysOf = (node: AnyStateNode) =>
  node.after.map((t) => t.delay).filter((d): d is string => typeof d === 'string');
const text = (messages: Messages, ...keys: string[]) => {
  let at: string | Messages | undefined = messages;
  for (const key of keys) at = typeof at === 'object' ? at[key] : undefined;
  return typeof at === 'string' && at.trim() ? at : undefined;
};
/** Every property name (at any depth: nested objects, list items, branches) and every choice of a schema. */
const namesOf = (schema: z.ZodType): { fields: string[]; values: string[] } => {
  const fields = new Set<string>();
  const values = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.properties && typeof n.properties === 'object') {
      Object.keys(n.properties).forEach((k) => fields.add(k));
      Object.values(n.properties).forEach(walk);
    }
    if (typeof n.const === 'string') values.add(n.const);
    if (Array.isArray(n.enum)) n.enum.forEach((v) => typeof v === 'string' && values.add(v));
    for (const key of ['oneOf', 'anyOf', 'allOf', 'items']) if (n[key]) walk(n[key]);
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  return { fields: [...fields], values: [...values] };
};
const fieldsOf = (schema: z.ZodType): string[] => namesOf(schema).fields;

// Which procedure and version each recorded history ran (from its start event's input).
const historiesDir = path.join(repo, 'tests', 'histories');
const recorded = readdirSync(historiesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const history = JSON.parse(readFileSync(path.join(historiesDir, f), 'utf8'));
    const started = history.events[0].workflowExecutionStartedEventAttributes;
    const payload = started?.input?.payloads?.[0]?.data;
    // Other workflow types (e.g. the drill reminder) are histories too, of no procedure.
    if (started?.workflowType?.name !== 'runProcedure' || !payload) return null;
    const input = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    return `${input.procedure}@${input.version}`;
  })
  .filter((key): key is string => key !== null);

describe('the procedure registry', () => {
  it('has unique ids, versions and number prefixes; machine ids equal procedure ids', () => {
    expect(registryProblems()).toEqual([]);
  });
});

describe.each(procedures.map((def) => [`${def.id} v${def.version}`, def] as const))('%s', (_name, def) => {
  const d = def as ProcedureDefinition;
  const nodes = nodesOf(d.machine.root as AnyStateNode);
  const accepted = new Set([d.machine.root as AnyStateNode, ...nodes].flatMap(eventsOf));
  const delays = new Set(nodes.flatMap(delaysOf));
  const policy = ProcedurePolicySchema.parse(d.policy);

  it('names itself, its states, events and timers in Chinese and English', () => {
    const missing: string[] = [];
    for (const lang of languages) {
      const m = d.i18n[lang];
      for (const key of ['name', 'description']) if (!text(m, key)) missing.push(`${lang} ${key}`);
      for (const node of nodes)
        if (!text(m, 'states', node.path.join('.'))) missing.push(`${lang} states.${node.path.join('.')}`);
      for (const type of Object.keys(d.events)) if (!text(m, 'events', type)) missing.push(`${lang} events.${type}`);
      for (const timer of delays) if (!text(m, 'timers', timer)) missing.push(`${lang} timers.${timer}`);
    }
    expect(missing).toEqual([]);
  });

  it('labels every field a person fills in, in both languages', () => {
    const fields = new Set([d.start, ...Object.values(d.events)].flatMap((spec) => fieldsOf(spec.schema)));
    const missing = languages.flatMap((lang) =>
      [...fields].filter((f) => !text(d.i18n[lang], 'fields', f)).map((f) => `${lang} fields.${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('names every choice a person makes, in both languages (the case page shows the choice, not its code)', () => {
    const values = new Set([d.start, ...Object.values(d.events)].flatMap((spec) => namesOf(spec.schema).values));
    const missing = languages.flatMap((lang) =>
      [...values].filter((v) => !text(d.i18n[lang], 'values', v)).map((v) => `${lang} values.${v}`),
    );
    expect(missing).toEqual([]);
  });

  it('carries an example intake that its start schema accepts, from a role that may open a case', () => {
    expect(d.start.roles).toContain(d.example.by);
    const parsed = d.start.schema.safeParse(d.example.data);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('gives every event a schema and roles, and every event some state accepts it', () => {
    expect([...accepted].filter((type) => !(type in d.events))).toEqual([]);
    expect(Object.keys(d.events).filter((type) => !accepted.has(type))).toEqual([]);
    for (const spec of [d.start, ...Object.values(d.events)]) expect(spec.roles.length).toBeGreaterThan(0);
  });

  it('has a default deadline and escalation ladder for every timer of the machine', () => {
    expect([...delays].filter((timer) => !policy.deadlines[timer])).toEqual([]);
    expect([...delays].filter((timer) => !policy.ladders[timer])).toEqual([]);
  });

  it('names only roles of the site role table (api/i18n/roles.ts)', () => {
    const roles = new Set([
      ...d.start.roles,
      ...Object.values(d.events).flatMap((spec) => spec.roles),
      ...Object.values(policy.ladders).flatMap((ladder) => ladder.map((rung) => rung.role)),
      ...(d.visibleTo ?? []),
    ]);
    expect([...roles].filter((role) => !roleNames[role])).toEqual([]);
  });

  it('has a model-based test and a time-skipping test', () => {
    const folder = path.join(repo, 'workflows', 'procedures', d.id);
    expect(existsSync(path.join(folder, 'machine.test.ts'))).toBe(true);
    const timeSkipping =
      existsSync(path.join(repo, 'tests', 'integration', `${d.id}.test.ts`)) ||
      readdirSync(folder).some((f) => f.endsWith('.temporal.test.ts'));
    expect(timeSkipping).toBe(true);
  });

  it('has a recorded history that the replay test replays', () => {
    expect(recorded).toContain(`${d.id}@${d.version}`);
  });
});
