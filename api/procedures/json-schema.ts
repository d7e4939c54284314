import { z } from 'zod';

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
