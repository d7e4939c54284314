import type { z } from 'zod';
import { FIELD_GROUP, unusedFieldGroups, type ProcedureDefinition, type SitePolicy } from '../../workflows/engine';
import { HttpError } from '../errors';
import { unusedFieldsRefusal } from '../messages';
import { cachedJsonSchemaOf } from '../procedures/json-schema';

type JsonSchema = Record<string, unknown>;

/** Dotted paths in `data` (at any depth) that answer a field of one of `groups` (its `x-fieldGroup`). */
export function answersInGroups(schema: JsonSchema, data: unknown, groups: readonly string[], path = ''): string[] {
  if (Array.isArray(data)) {
    const items = schema.items as JsonSchema | undefined;
    return items ? data.flatMap((item, i) => answersInGroups(items, item, groups, `${path}${i}.`)) : [];
  }
  if (!data || typeof data !== 'object') return [];
  const found: string[] = [];
  const branches = [schema, ...['oneOf', 'anyOf', 'allOf'].flatMap((k) => (schema[k] as JsonSchema[]) ?? [])];
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const props = branches
      .map((b) => (b.properties as Record<string, JsonSchema> | undefined)?.[name])
      .filter((p): p is JsonSchema => !!p);
    if (props.some((p) => groups.includes(String(p[FIELD_GROUP])))) found.push(`${path}${name}`);
    else for (const p of props.slice(0, 1)) found.push(...answersInGroups(p, value, groups, `${path}${name}.`));
  }
  return found;
}

/**
 * Refuses data (the intake, or step `event`'s) that answers a field of a group `site`'s policy does not use
 * (`procedures.<id>.fieldGroups: { building: false }`): 422 `invalid-data`, each field by its label, nothing sent. The
 * forms there leave those fields out; this keeps an API client from recording them.
 */
export function refuseUnusedFields(def: ProcedureDefinition, site: SitePolicy, data: unknown, event?: string): void {
  const groups = unusedFieldGroups(def, site);
  const spec = event ? def.events[event] : def.start;
  if (!groups.length || !spec) return;
  const paths = answersInGroups(cachedJsonSchemaOf(spec.schema as z.ZodType), data, groups);
  if (!paths.length) return;
  const issues = paths.map((p) => ({
    path: `data.${p}`,
    message: `site ${site.id} does not use this field`,
    code: 'custom',
  }));
  throw new HttpError(
    422,
    'invalid-data',
    issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    { issues },
    unusedFieldsRefusal(def, paths),
  );
}
