import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateNode } from 'xstate';
import { z } from 'zod';
import { roleNames } from '../../config/roles';
import { monthlyStats, overdueRows } from '../../api/reports/build';
import { stepDurations } from '../../api/reports/deadline-stats';
import type { CaseView } from '../../workflows/engine/contract';
import type { Messages, ProcedureDefinition } from '../../workflows/engine/definition';
import { ProcedurePolicySchema } from '../../workflows/engine/policy';
import { procedures, registryProblems } from '../../workflows/procedures';
import { caseAtDeadline, deadlineScenariosOf, deadlineScenariosFile, timersOf } from '../support/deadline-scenarios';

// The checklist every procedure and version must pass (docs/adding-a-procedure.md, "What the tests check").
const repo = path.join(__dirname, '..', '..');
const languages = ['zh-CN', 'en'] as const;

const nodesOf = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states as Record<string, AnyStateNode>).flatMap((c) => [c, ...nodesOf(c)]);
const eventsOf = (node: AnyStateNode) =>
  [...(node.transitions as Map<string, unknown>).keys()].filter((t) => !t.startsWith('xstate.'));
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
  const delays = new Set(timersOf(d));
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

  it('names only roles of the site role table (config/roles.ts)', () => {
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

  it('gives every deadline its steps for the deadline checks (workflows/procedures/<id>/deadline-scenarios.ts)', () => {
    const scenarios = deadlineScenariosOf(d);
    const missing = [...delays].filter((timer) => !scenarios[timer]).sort();
    const where = path.relative(repo, deadlineScenariosFile(d.id));
    expect(missing.map((timer) => `${d.id} v${d.version}: deadline ${timer} has no scenario in ${where}`)).toEqual([]);
  });

  // met: its step in time; late: its step after the due time; missed: never. The record keeps the step's time and the
  // reports count from the outcome: a deadline never done adds no time-to-step sample.
  describe.each([...delays].sort().map((timer) => [timer] as const))('deadline %s', (timer) => {
    const scenario = () => {
      const found = deadlineScenariosOf(d)[timer];
      if (!found)
        throw new Error(
          `${d.id} v${d.version}: no scenario for deadline ${timer} in ${path.relative(repo, deadlineScenariosFile(d.id))}`,
        );
      return found;
    };

    it('is met by its step in time, with the step’s time; passing the due time afterwards changes nothing', () => {
      const c = caseAtDeadline(d, scenario(), timer);
      const stepAt = c.dueAt - SECOND;
      expect(stepAt).toBeGreaterThan(c.now);
      c.send(scenario().step, stepAt);
      expect(c.record()).toMatchObject({ outcome: 'met', endedAt: iso(stepAt) });
      c.advance(c.dueAt + MINUTE);
      expect(c.record()).toMatchObject({ outcome: 'met', endedAt: iso(stepAt) });
      expect(c.view().escalations.filter((e) => e.timer === timer && Date.parse(e.at) >= stepAt)).toEqual([]);
      expect(sampleOf(c.view(), c.record())).toEqual([stepAt - c.startedAt]);
      expect(overdueRows([c.view()]).find((r) => r.timer === timer)).toMatchObject({ overdue: 0, late: 0 });
    });

    it('is late when its step comes after the due time, with the step’s time', () => {
      const c = caseAtDeadline(d, scenario(), timer);
      c.advance(c.dueAt + MINUTE);
      expect(c.record()).toEqual(expect.objectContaining({ outcome: 'missed' }));
      expect(c.record().endedAt).toBeUndefined();
      const stepAt = c.dueAt + MINUTE;
      c.send(scenario().step, stepAt);
      if (scenario().rounds) {
        // The round without its step stays missed; the step belongs to the next round, met at its time.
        expect(c.record().outcome).toBe('missed');
        const next = c.view().deadlines.filter((x) => x.timer === timer && Date.parse(x.startedAt) >= c.dueAt);
        expect(next[0]).toMatchObject({ outcome: 'met', endedAt: iso(stepAt) });
        return;
      }
      expect(c.record()).toMatchObject({ outcome: 'late', endedAt: iso(stepAt) });
      expect(sampleOf(c.view(), c.record())).toEqual([stepAt - c.startedAt]);
      expect(overdueRows([c.view()]).find((r) => r.timer === timer)).toMatchObject({ overdue: 1, late: 1, missed: 0 });
      const month = monthlyStats([c.view()], [c.view().startedAt.slice(0, 7)], () => 'UTC')[0]!;
      expect(month.overdueCases).toBe(1);
      expect(month.timeToStep.find((x) => x.timer === timer)?.steps).toBeGreaterThanOrEqual(1);
    });

    it('is missed when its step never comes, and adds no time-to-step sample', () => {
      const c = caseAtDeadline(d, scenario(), timer);
      c.advance(c.dueAt + MINUTE);
      expect(c.record().outcome).toBe('missed');
      expect(c.record().endedAt).toBeUndefined();
      expect(sampleOf(c.view(), c.record())).toEqual([]);
      expect(overdueRows([c.view()]).find((r) => r.timer === timer)).toMatchObject({ overdue: 1, missed: 1 });
    });
  });
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();
type DeadlineRecordView = CaseView['deadlines'][number];

// The time-to-step samples the reports take from this one record.
const sampleOf = (view: CaseView, record: DeadlineRecordView) =>
  stepDurations(view.deadlines.filter((x) => x.timer === record.timer && x.startedAt === record.startedAt)).map(
    (x) => x.ms,
  );
