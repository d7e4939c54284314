/**
 * JSON Schema (as the API sends it, from zod) → form fields, and the inline checks a form runs before it sends.
 * Only shape checks live here (required, lengths, ranges, enums); whether a step is allowed is the API's answer.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  description?: string;
  examples?: unknown[];
  /** Choices narrowed by an earlier answer (workflows/engine/field-meta.ts `choicesBy`). */
  'x-choicesBy'?: { field: string; options: Record<string, string[]> };
  /** Asked only when an earlier answer is one of `values` (`askedWhen`). */
  'x-askedWhen'?: { field: string; values: unknown[] };
  /** An optional group of fields a site's policy may turn off (`fieldGroup`). */
  'x-fieldGroup'?: string;
  /** Names a person of the case's site by user id: a choice of the site's staff (field-meta.ts `STAFF`). */
  'x-staff'?: { gender?: 'female' | 'male' };
  /** Filled by the server (e.g. from the staff records): the form neither asks nor sends it. */
  readOnly?: boolean;
}

/**
 * Whether a property of an object is asked, given the object's other answers: not when it waits for an earlier answer
 * (`x-askedWhen`) that is not given, nor when the earlier answer its choices depend on (`x-choicesBy`) leaves it no
 * choice (a complaint of the site's own category has no subcategory).
 */
export function isAsked(prop: JsonSchema, object: FormValue): boolean {
  const when = prop['x-askedWhen'];
  if (when && !when.values.includes(object[when.field])) return false;
  const by = prop['x-choicesBy'];
  if (by && object[by.field] !== undefined && allowedChoices(prop, object)?.length === 0) return false;
  return true;
}

/**
 * The choices of an enum property allowed by the earlier answer it depends on (`x-choicesBy`): the listed ones for
 * that answer, all of them for an answer not listed, none until the earlier answer is given; `undefined` for a
 * property whose choices depend on nothing.
 */
export function allowedChoices(prop: JsonSchema, object: FormValue): unknown[] | undefined {
  const by = prop['x-choicesBy'];
  if (!by) return undefined;
  const answer = object[by.field];
  if (answer === undefined || answer === '') return [];
  const listed = by.options[String(answer)];
  return listed ?? prop.enum ?? [];
}

/**
 * The schema without the properties of the field groups a site does not use (`x-fieldGroup`), at any depth, and
 * without them in `required`: the form neither shows nor checks nor sends them.
 */
export function withoutGroups(schema: JsonSchema, groups: readonly string[]): JsonSchema {
  if (!groups.length) return schema;
  const prune = (s: JsonSchema): JsonSchema => {
    const out: JsonSchema = { ...s };
    if (s.properties) {
      const kept = Object.entries(s.properties).filter(([, p]) => !groups.includes(p['x-fieldGroup'] ?? ''));
      out.properties = Object.fromEntries(kept.map(([name, p]) => [name, prune(p)]));
      if (s.required) out.required = s.required.filter((name) => kept.some(([k]) => k === name));
    }
    if (s.items) out.items = prune(s.items);
    if (s.oneOf) out.oneOf = s.oneOf.map(prune);
    if (s.anyOf) out.anyOf = s.anyOf.map(prune);
    return out;
  };
  return prune(schema);
}

/**
 * The value with the answers that no longer apply taken out, at any depth of objects: a field no longer asked (its
 * earlier answer changed) and a choice the earlier answer no longer allows (the subcategory of another category).
 */
export function settled(schema: JsonSchema, value: FormValue): FormValue {
  const object = branchOf(schema, value);
  if (!object?.properties) return value;
  const out: FormValue = { ...value };
  for (const [name, prop] of Object.entries(object.properties)) {
    if (out[name] === undefined) continue;
    const allowed = allowedChoices(prop, out);
    if (!isAsked(prop, out) || (allowed && !allowed.includes(out[name]))) delete out[name];
    else if (kindOf(prop) === 'object') out[name] = settled(prop, out[name] as FormValue);
  }
  return out;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'datetime'
  | 'date'
  | 'number'
  | 'integer'
  | 'checkbox'
  | 'yesno'
  | 'select'
  | 'staff'
  | 'multiselect'
  | 'fixed'
  | 'object'
  | 'list';

/**
 * Which control renders a schema. A boolean is a yes/no choice the person makes (`yesno`), never a box left
 * unticked; only a `true` constant (a confirmation such as "panel reset") is a box to tick (`checkbox`). A field that
 * names a person of the site (`x-staff`) is a choice of the site's staff (`staff`); one the server fills is not asked.
 */
export function kindOf(schema: JsonSchema): FieldKind {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  // A constant needs no input, except `true`, which the user confirms by ticking (e.g. "panel reset").
  if (schema.const !== undefined && !(type === 'boolean' && schema.const === true)) return 'fixed';
  // Filled by the server from a record (the staff member's name): nothing to ask.
  if (schema.readOnly) return 'fixed';
  // A person of the site, by user id: chosen from the site's staff by name.
  if (schema['x-staff'] && type === 'string') return 'staff';
  if (Array.isArray(schema.enum)) return 'select';
  switch (type) {
    case 'boolean':
      return schema.const === true ? 'checkbox' : 'yesno';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'object':
      return 'object';
    case 'array':
      return schema.items && Array.isArray(schema.items.enum) ? 'multiselect' : 'list';
    default:
      if (schema.format === 'date-time') return 'datetime';
      if (schema.format === 'date') return 'date';
      return (schema.maxLength ?? 0) > 200 ? 'textarea' : 'text';
  }
}

export type FormValue = Record<string, unknown>;

/** The property that tells the branches of a oneOf apart (a `const` in every branch), if any. */
export function discriminatorOf(schema: JsonSchema): string | undefined {
  const branches = schema.oneOf ?? schema.anyOf;
  if (!branches?.length) return undefined;
  const first = Object.entries(branches[0]!.properties ?? {});
  return first.find(([name]) => branches.every((b) => b.properties?.[name]?.const !== undefined))?.[0];
}

/** The object schema in force for a value: the branch its discriminator picks, or the schema itself. */
export function branchOf(schema: JsonSchema, value: FormValue): JsonSchema | undefined {
  const branches = schema.oneOf ?? schema.anyOf;
  if (!branches?.length) return schema;
  const key = discriminatorOf(schema);
  if (!key) return branches[0];
  return branches.find((b) => b.properties?.[key]?.const === value[key]);
}

/** The choices of a discriminated oneOf: the const of each branch. */
export function choicesOf(schema: JsonSchema): string[] {
  const key = discriminatorOf(schema);
  const branches = schema.oneOf ?? schema.anyOf ?? [];
  return key ? branches.map((b) => String(b.properties![key]!.const)) : [];
}

/** The starting value of a form: defaults and constants filled in. */
export function initialValue(schema: JsonSchema): FormValue {
  const out: FormValue = {};
  const object = branchOf(schema, out);
  for (const [name, prop] of Object.entries(object?.properties ?? {})) {
    const kind = kindOf(prop);
    if (prop.const !== undefined && kind === 'fixed' && !(schema.oneOf || schema.anyOf)) out[name] = prop.const;
    else if (prop.default !== undefined) out[name] = prop.default;
    else if (kind === 'object') out[name] = initialValue(prop);
  }
  return out;
}

export type ErrorCode =
  | 'required'
  | 'chooseYesNo'
  | 'mustTick'
  | 'tooShort'
  | 'tooLong'
  | 'pattern'
  | 'notNumber'
  | 'notInteger'
  | 'tooSmall'
  | 'tooLarge'
  | 'notChoice'
  | 'tooFew'
  | 'tooMany'
  // The API's refusals, which name no limit: too short/small, too long/large, against another answer, other.
  | 'tooSmallAny'
  | 'tooLargeAny'
  | 'conflict'
  | 'invalid';

export interface FieldError {
  code: ErrorCode;
  limit?: number;
}

/** Errors by dotted path (`goods.0.value`); empty when the value may be sent. */
export function validate(schema: JsonSchema, value: unknown, path = ''): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  check(schema, value, path, errors);
  return errors;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
/** Nothing answered at any depth: an optional group (e.g. internal theft's referral) left blank is not given. */
const isBlank = (v: unknown): boolean =>
  isEmpty(v) || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as FormValue).every(isBlank));

function check(schema: JsonSchema, value: unknown, path: string, errors: Record<string, FieldError>): void {
  const kind = kindOf(schema);
  if (kind === 'object') {
    const object = (value ?? {}) as FormValue;
    const active = branchOf(schema, object);
    const key = discriminatorOf(schema);
    if (!active) {
      errors[join(path, key ?? '')] = { code: 'required' };
      return;
    }
    for (const [name, prop] of Object.entries(active.properties ?? {})) {
      if (!isAsked(prop, object)) continue;
      const at = join(path, name);
      const v = object[name];
      if (kindOf(prop) === 'object' && !active.required?.includes(name) && isBlank(v)) continue;
      const allowed = allowedChoices(prop, object);
      if (allowed && !isEmpty(v) && !allowed.includes(v)) {
        errors[at] = { code: 'notChoice' };
        continue;
      }
      if (isEmpty(v)) {
        if (active.required?.includes(name) && kindOf(prop) !== 'checkbox' && kindOf(prop) !== 'fixed') {
          errors[at] = { code: kindOf(prop) === 'yesno' ? 'chooseYesNo' : 'required' };
        } else if (prop.const === true && v !== true) {
          errors[at] = { code: 'mustTick' };
        }
        continue;
      }
      check(prop, v, at, errors);
    }
    return;
  }
  const fail = (code: ErrorCode, limit?: number) => {
    errors[path] = limit === undefined ? { code } : { code, limit };
  };
  switch (kind) {
    case 'checkbox':
      if (schema.const === true && value !== true) fail('mustTick');
      return;
    case 'yesno':
      if (typeof value !== 'boolean') fail('notChoice');
      return;
    case 'number':
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return fail('notNumber');
      if (kind === 'integer' && !Number.isInteger(n)) return fail('notInteger');
      if (schema.minimum !== undefined && n < schema.minimum) return fail('tooSmall', schema.minimum);
      if (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum)
        return fail('tooSmall', schema.exclusiveMinimum);
      if (schema.maximum !== undefined && n > schema.maximum) return fail('tooLarge', schema.maximum);
      if (schema.exclusiveMaximum !== undefined && n >= schema.exclusiveMaximum)
        return fail('tooLarge', schema.exclusiveMaximum);
      return;
    }
    case 'select':
      if (!schema.enum!.includes(value)) fail('notChoice');
      return;
    case 'multiselect':
    case 'list': {
      const list = Array.isArray(value) ? value : [];
      if (schema.minItems !== undefined && list.length < schema.minItems) return fail('tooFew', schema.minItems);
      if (schema.maxItems !== undefined && list.length > schema.maxItems) return fail('tooMany', schema.maxItems);
      if (schema.items) list.forEach((item, i) => check(schema.items!, item, join(path, String(i)), errors));
      return;
    }
    case 'fixed':
      return;
    default: {
      const text = String(value);
      if (schema.minLength !== undefined && text.trim().length < schema.minLength)
        return fail(text.trim() ? 'tooShort' : 'required', schema.minLength);
      if (schema.maxLength !== undefined && text.length > schema.maxLength) return fail('tooLong', schema.maxLength);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) return fail('pattern');
    }
  }
}

/** The value with every constant of its schema (and of the chosen oneOf branch) filled in, at any depth. */
export function withConstants(schema: JsonSchema, value: unknown): unknown {
  if (kindOf(schema) === 'object') {
    const object = { ...((value ?? {}) as FormValue) };
    const active = branchOf(schema, object);
    for (const [name, prop] of Object.entries(active?.properties ?? {})) {
      if (kindOf(prop) === 'fixed') object[name] = prop.const;
      else if (object[name] !== undefined) object[name] = withConstants(prop, object[name]);
      // A required group `cleaned` dropped as blank is sent, with its constants, for the server to name what is missing.
      else if (kindOf(prop) === 'object' && active?.required?.includes(name)) object[name] = withConstants(prop, {});
    }
    return object;
  }
  if (kindOf(schema) === 'list' && Array.isArray(value) && schema.items) {
    return value.map((item) => withConstants(schema.items!, item));
  }
  return value;
}

/**
 * What is sent: empty inputs dropped, so optional fields are absent rather than blank; a group with nothing answered
 * in it (an optional object left blank) is dropped too ({@link withConstants} puts back a required one).
 */
export function cleaned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleaned);
  if (value && typeof value === 'object') {
    const out: FormValue = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === '' || v === null) continue;
      const kept = cleaned(v);
      if (kept && typeof kept === 'object' && !Array.isArray(kept) && Object.keys(kept).length === 0) continue;
      out[k] = kept;
    }
    return out;
  }
  return value;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** Sets `value` at a dotted path of a nested object, copying along the way. */
export function setAt(root: FormValue, path: string, value: unknown): FormValue {
  const [head, ...rest] = path.split('.');
  const copy: FormValue | unknown[] = Array.isArray(root) ? [...root] : { ...root };
  const key = head!;
  if (rest.length === 0) (copy as FormValue)[key] = value;
  else (copy as FormValue)[key] = setAt(((root as FormValue)[key] ?? {}) as FormValue, rest.join('.'), value);
  return copy as FormValue;
}
