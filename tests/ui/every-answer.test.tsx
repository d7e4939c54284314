/**
 * @jest-environment jsdom
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { z } from 'zod';
import { jsonSchemaOf } from '../../api/procedures/json-schema';
import { procedures } from '../../workflows/procedures';
import i18n from '../../ui/src/i18n';
import { SchemaForm } from '../../ui/src/forms/SchemaForm';
import {
  branchOf,
  cleaned,
  discriminatorOf,
  initialValue,
  kindOf,
  validate,
  withConstants,
  type FormValue,
  type JsonSchema,
} from '../../ui/src/forms/schema';

/**
 * Every yes/no field of every step (and intake) of every procedure, answered "no" through the form the UI generates
 * from the event's JSON Schema: the form's output must pass the server's own zod schema. The rest of each form is
 * filled with a plain valid answer (every other yes/no "no", the first choice, 0 where a number may be 0).
 */

/** A valid answer for one field, as a person would give it in the form. */
function sample(schema: JsonSchema): unknown {
  switch (kindOf(schema)) {
    case 'fixed':
      return schema.const;
    case 'checkbox':
      return true; // a confirmation ("panel reset") is ticked
    case 'yesno':
      return false;
    case 'select':
      return schema.enum![0];
    case 'multiselect':
      return [schema.items!.enum![0]];
    case 'number':
    case 'integer':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
    case 'object':
      return sampleObject(schema, (schema.oneOf ?? schema.anyOf)?.[0]);
    case 'list':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}));
    case 'datetime':
      return '2026-12-01T01:00:00.000Z';
    case 'date':
      return '2026-11-30';
    default: {
      const candidates = ['13800138000', '2026-11-30', '演示'.padEnd(Math.max(2, schema.minLength ?? 1), '。')];
      return candidates.find((c) => !schema.pattern || new RegExp(schema.pattern, 'u').test(c)) ?? 'x';
    }
  }
}

/** An object's answer: every required field, every optional free text (a remark), optional choices left open. */
function sampleObject(schema: JsonSchema, branch?: JsonSchema): FormValue {
  const key = discriminatorOf(schema);
  const start: FormValue = key && branch ? { [key]: branch.properties![key]!.const } : {};
  const active = branchOf(schema, start) ?? schema;
  const out: FormValue = { ...start };
  for (const [name, prop] of Object.entries(active.properties ?? {})) {
    if (name === key) continue;
    const kind = kindOf(prop);
    const required = active.required?.includes(name);
    const freeText = (kind === 'text' || kind === 'textarea') && !prop.pattern && !prop.format;
    if (required || freeText || (kind === 'yesno' && prop.default !== undefined)) out[name] = sample(prop);
  }
  return out;
}

/** Dotted paths of every yes/no field in a value laid out by its schema (list items and branches included). */
function yesNoPaths(schema: JsonSchema, value: unknown, path = ''): string[] {
  const join = (name: string) => (path ? `${path}.${name}` : name);
  const kind = kindOf(schema);
  if (kind === 'yesno') return [path];
  if (kind === 'list' && Array.isArray(value))
    return value.flatMap((item, i) => yesNoPaths(schema.items ?? {}, item, join(String(i))));
  if (kind !== 'object') return [];
  const object = (value ?? {}) as FormValue;
  const active = branchOf(schema, object) ?? schema;
  return Object.entries(active.properties ?? {}).flatMap(([name, prop]) =>
    kindOf(prop) === 'yesno' ? [join(name)] : name in object ? yesNoPaths(prop, object[name], join(name)) : [],
  );
}

const without = (value: FormValue, path: string): FormValue => {
  const copy = JSON.parse(JSON.stringify(value)) as FormValue;
  const parts = path.split('.');
  let at = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
  delete at[parts[parts.length - 1]!];
  return copy;
};
const at = (value: unknown, path: string) =>
  path.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown> | undefined)?.[p], value);

interface Case {
  name: string;
  schema: JsonSchema;
  zod: z.ZodType;
  base: FormValue;
  path: string;
  required: boolean;
}

const cases: Case[] = procedures.flatMap((def) =>
  Object.entries({ start: def.start, ...def.events }).flatMap(([type, spec]) => {
    const schema = jsonSchemaOf(spec.schema) as JsonSchema;
    const branches = schema.oneOf ?? schema.anyOf;
    const bases = branches ? branches.map((b) => sampleObject(schema, b)) : [sampleObject(schema)];
    return bases.flatMap((base) =>
      yesNoPaths(schema, base).map((path) => {
        const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
        const name = path.slice(path.lastIndexOf('.') + 1);
        const parentSchema = parent ? undefined : branchOf(schema, base);
        const required = parentSchema ? !!parentSchema.required?.includes(name) : true;
        return {
          name: `${def.id} v${def.version} ${type} ${path}`,
          schema,
          zod: spec.schema,
          base,
          path,
          required,
        };
      }),
    );
  }),
);

function Harness({ schema, initial }: { schema: JsonSchema; initial: FormValue }) {
  const [value, setValue] = useState<FormValue>(initial);
  return (
    <>
      <SchemaForm
        schema={schema}
        value={value}
        onChange={setValue}
        labels={{ fields: {}, values: {} }}
        errors={{}}
        idPrefix="t"
      />
      <output data-testid="value">{JSON.stringify(value)}</output>
    </>
  );
}

beforeAll(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

it('finds the yes/no fields of every procedure (the walk below is not empty)', () => {
  const named = cases.map((c) => c.name);
  expect(named.length).toBeGreaterThanOrEqual(20);
  expect(named).toEqual(expect.arrayContaining(['complaint v1 customer_contacted onSiteVisitNeeded']));
  expect(named).toEqual(expect.arrayContaining(['perimeter-alarm v1 cameras_tracked climbingSeen']));
});

it('a plain answer to every form passes the server schema (the base the walk changes)', () => {
  for (const c of cases) {
    const sent = withConstants(c.schema, cleaned(c.base));
    const parsed = c.zod.safeParse(sent);
    expect({ name: c.name, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ name: c.name, issues: [] });
  }
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('is answered "no" by choosing 否, and the server schema accepts what the form sends', () => {
    const unanswered = without(c.base, c.path);
    if (c.required) expect(validate(c.schema, unanswered)[c.path]).toEqual({ code: 'chooseYesNo' });
    const { container } = render(<Harness schema={c.schema} initial={unanswered} />);
    const id = `t-${c.path.replace(/\./g, '-')}`;
    const no = container.querySelector<HTMLInputElement>(`#${id}-no`)!;
    expect(no).not.toBeNull();
    expect(no.labels?.[0]?.textContent).toBe('否');
    expect(container.querySelector<HTMLInputElement>(`#${id}-yes`)!.checked).toBe(false);
    fireEvent.click(no);
    const value = JSON.parse(screen.getByTestId('value').textContent!) as FormValue;
    expect(validate(c.schema, value)).toEqual({});
    const sent = withConstants(c.schema, cleaned(value));
    const parsed = c.zod.safeParse(sent);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(at(parsed.data, c.path)).toBe(false);
  });
});

/** Every top-level number field that may be 0, and every optional choice, of every procedure's forms. */
const others = procedures.flatMap((def) =>
  Object.entries({ start: def.start, ...def.events }).flatMap(([type, spec]) => {
    const schema = jsonSchemaOf(spec.schema) as JsonSchema;
    const branches = schema.oneOf ?? schema.anyOf;
    const bases = branches ? branches.map((b) => sampleObject(schema, b)) : [sampleObject(schema)];
    return bases.flatMap((base) => {
      const active = branchOf(schema, base) ?? schema;
      return Object.entries(active.properties ?? {}).flatMap(([name, prop]) => {
        const kind = kindOf(prop);
        const zeroAllowed =
          (kind === 'number' || kind === 'integer') &&
          (prop.minimum ?? 0) <= 0 &&
          (prop.exclusiveMinimum === undefined || prop.exclusiveMinimum < 0);
        const optionalChoice = kind === 'select' && !active.required?.includes(name) && prop.default === undefined;
        if (!zeroAllowed && !optionalChoice) return [];
        // A field asked only after an earlier answer (agreedVisit once the customer was reached) gets that answer.
        const when = prop['x-askedWhen'];
        const asked = when ? { ...base, [when.field]: when.values[0] } : base;
        return [
          {
            name: `${def.id} v${def.version} ${type} ${name}`,
            schema,
            zod: spec.schema,
            base: asked,
            field: name,
            kind,
          },
        ];
      });
    });
  }),
);

it('finds numbers that may be 0 and optional choices to walk', () => {
  expect(others.filter((o) => o.kind === 'select').length).toBeGreaterThan(0);
  expect(others.filter((o) => o.kind !== 'select').length).toBeGreaterThan(0);
});

describe.each(others.map((o) => [o.name, o] as const))('%s', (_name, o) => {
  it('can be answered 0, or "none / not known", and the server schema accepts it', () => {
    const { container } = render(<Harness schema={o.schema} initial={without(o.base, o.field)} />);
    const input = container.querySelector<HTMLInputElement | HTMLSelectElement>(`#t-${o.field}`)!;
    if (o.kind === 'select') {
      const none = (input as HTMLSelectElement).options[0]!;
      expect([none.value, none.textContent]).toEqual(['', '无/不详']);
    } else {
      fireEvent.change(input, { target: { value: '0' } });
    }
    const value = JSON.parse(screen.getByTestId('value').textContent!) as FormValue;
    expect(validate(o.schema, value)).toEqual({});
    const parsed = o.zod.safeParse(withConstants(o.schema, cleaned(value)));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    if (o.kind !== 'select') expect((parsed.data as FormValue)[o.field]).toBe(0);
  });
});

/**
 * Every optional group (an object field not required, e.g. internal theft v2's referral to the authorities) of every
 * procedure's forms, left blank as the form starts it: "not given" is an answer, so the form finds nothing missing in
 * it and sends no such group, and the server's schema accepts the rest.
 */
const groups = procedures.flatMap((def) =>
  Object.entries({ start: def.start, ...def.events }).flatMap(([type, spec]) => {
    const schema = jsonSchemaOf(spec.schema) as JsonSchema;
    const branches = schema.oneOf ?? schema.anyOf;
    const bases = branches ? branches.map((b) => sampleObject(schema, b)) : [sampleObject(schema)];
    return bases.flatMap((base) => {
      const active = branchOf(schema, base) ?? schema;
      return Object.entries(active.properties ?? {}).flatMap(([name, prop]) =>
        kindOf(prop) === 'object' && !active.required?.includes(name) && !prop['x-askedWhen']
          ? [{ name: `${def.id} v${def.version} ${type} ${name}`, schema, zod: spec.schema, base, field: name, prop }]
          : [],
      );
    });
  }),
);

it('finds optional groups to leave blank', () => {
  expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['internal-theft v2 outcome_proposed referral']));
});

describe.each(groups.map((g) => [g.name, g] as const))('%s', (_name, g) => {
  it('left blank, is not asked for and not sent', () => {
    const value = { ...g.base, [g.field]: initialValue(g.prop) };
    expect(validate(g.schema, value)).toEqual({});
    const sent = withConstants(g.schema, cleaned(value)) as FormValue;
    expect(sent[g.field]).toBeUndefined();
    const parsed = g.zod.safeParse(sent);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });
});
