import { z } from 'zod';
import { STAFF, staffFieldsOf } from '../../workflows/engine';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of what a client sends (zod's input side: defaults optional, before transforms). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // Event data is always an object; a discriminated union comes out as a bare oneOf: say so at the top.
  if (json.type === undefined && describesObject(json)) return { type: 'object', ...json };
  return json;
}

function describesObject(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const s = schema as JsonSchema;
  if (s.type === 'object') return true;
  const branches = [s.oneOf, s.anyOf, s.allOf].filter(Array.isArray) as unknown[][];
  return branches.length > 0 && branches.every((list) => list.length > 0 && list.every(describesObject));
}

const built = new WeakMap<z.ZodType, JsonSchema>();

/** {@link jsonSchemaOf}, built once per schema (definitions never change while the process runs). */
export function cachedJsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = built.get(schema);
  if (!json) built.set(schema, (json = jsonSchemaOf(schema)));
  return json;
}

/**
 * `json` (an event's JSON Schema, as {@link jsonSchemaOf} builds it) with its fields that name a person of the site
 * (EventSpec.people) marked `x-staff` (workflows/engine/field-meta.ts STAFF), keeping what the field's own metadata
 * says there (the gender asked, `staffField`), in the object and in every branch of a oneOf/anyOf: what the form needs
 * to offer the site's staff by name. Fields the server fills say `readOnly` in their own metadata. Returns a copy;
 * `json` is not changed.
 */
export function withStaffFields(json: JsonSchema, spec: Parameters<typeof staffFieldsOf>[0]): JsonSchema {
  const { fields } = staffFieldsOf(spec);
  if (!Object.keys(fields).length) return json;
  const mark = (s: JsonSchema): JsonSchema => {
    const out: JsonSchema = { ...s };
    const props = s.properties as Record<string, JsonSchema> | undefined;
    if (props) {
      out.properties = Object.fromEntries(
        Object.entries(props).map(([name, p]) => [
          name,
          name in fields ? { ...p, [STAFF]: { ...((p[STAFF] as object | undefined) ?? {}), ...fields[name] } } : p,
        ]),
      );
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(s[key])) out[key] = (s[key] as JsonSchema[]).map(mark);
    }
    return out;
  };
  return mark(json);
}
