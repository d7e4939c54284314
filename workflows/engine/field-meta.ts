/**
 * What a form needs to know about a field beyond its type, written on the procedure's zod schemas with `.meta()` and
 * carried into the JSON Schema the API serves (as `x-` keywords, which JSON Schema validators ignore). The rule stays
 * in the procedure's schema (its refinements refuse what these describe); the UI only reads them to ask less:
 * choices narrowed by an earlier answer, a field asked only after a given answer, a field a site may not use.
 */

/** JSON Schema keyword of {@link choicesBy}. */
export const CHOICES_BY = 'x-choicesBy';
/** JSON Schema keyword of {@link askedWhen}. */
export const ASKED_WHEN = 'x-askedWhen';
/** JSON Schema keyword of {@link fieldGroup}. */
export const FIELD_GROUP = 'x-fieldGroup';

/**
 * The choices of an enum field narrowed by an earlier answer `field` (a sibling property): `options[answer]` lists the
 * choices allowed after that answer; an answer not listed allows every choice, and an empty list means the field does
 * not apply. E.g. the complaint's subcategory by its category.
 */
export function choicesBy(field: string, options: Readonly<Record<string, readonly string[]>>) {
  return { [CHOICES_BY]: { field, options } };
}

/** A field asked only when the earlier answer `field` (a sibling property) is one of `values`. */
export function askedWhen(field: string, values: readonly (string | number | boolean)[]) {
  return { [ASKED_WHEN]: { field, values } };
}

/**
 * A field of the optional group `group` (e.g. `building`: the construction-site fields of a complaint). A site's
 * policy says which groups it does not use (`procedures.<id>.fieldGroups: { building: false }`); forms there leave the
 * group's fields out.
 */
export function fieldGroup(group: string) {
  return { [FIELD_GROUP]: group };
}

/**
 * JSON Schema keyword the API puts on a field that names a person of the case's site by user id (a field of an
 * event's `people`, EventSpec): `{}`, or `{ gender }` when the procedure's machine asks the staff records for that
 * gender (the field's schema says so with `.meta(staffField({ gender }))`). Forms offer the site's staff by name (GET
 * /sites/:id/staff) instead of a box for an id, and recorded data shows the name.
 */
export const STAFF = 'x-staff';

/** What {@link STAFF} says of a field: the gender the staff records must give the person, when the step asks one. */
export interface StaffFieldMeta {
  gender?: 'female' | 'male';
}

/**
 * Metadata (`.meta(staffField({ gender: 'female' }))`) on a field of an event's `people`: what its form should offer
 * (only staff of that gender). A form hint only: the machine's guard refuses anyone else on the staff records.
 */
export function staffField(meta: StaffFieldMeta = {}) {
  return { [STAFF]: meta };
}

/** The top-level fields of an event's data that name a person of the site (its `people`), each marked {@link STAFF}. */
export function staffFieldsOf(spec: { people?: readonly string[] }): { fields: Record<string, StaffFieldMeta> } {
  const fields: Record<string, StaffFieldMeta> = {};
  for (const field of spec.people ?? []) fields[field] = {};
  return { fields };
}
