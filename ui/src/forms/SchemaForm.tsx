/**
 * Longer than 300 lines on purpose: one renderer of a step's JSON Schema as a form, whose field kinds (yes/no choice,
 * choice filtered by an earlier answer, date and time, list, attachments, nested object, branch by a discriminator)
 * call each other recursively and share one context of labels, errors and ids; split apart, each piece would need
 * all of that passed in. The schema arithmetic it uses is apart, in ./schema.ts.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../api/types';
import { AttachmentsField, isAttachmentItem, type AttachmentRef } from '../components/Attachments';
import { formatDate, formatTime, fromZonedInput, toZonedInput } from '../format';
import {
  allowedChoices,
  branchOf,
  choicesOf,
  discriminatorOf,
  isAsked,
  kindOf,
  setAt,
  settled,
  type FieldError,
  type FormValue,
  type JsonSchema,
} from './schema';

/** Labels the procedure's i18n gives: field names, enum values, and hints for formatted fields (by field name). */
export interface FormLabels {
  fields: Record<string, string>;
  values: Record<string, string>;
  hints?: Record<string, string>;
  /**
   * The case's site's staff (GET /sites/{id}/staff): the choices of a field that names a person of the site
   * (`x-staff`), shown by name and role, and the names recorded data shows for their ids.
   */
  staff?: readonly StaffMember[];
  /** Names of roles (GET /sites roleNames), by role id: the roles beside each person of the staff picker. */
  roleNames?: Record<string, string>;
}

/**
 * The hints of a procedure's formatted fields in `language` (its i18n's `hints`: what to write, e.g. 「手机号11位，或带区号
 * 的座机」); the example comes from the field's schema.
 */
export function hintsOf(
  def: { i18n?: Record<string, Record<string, unknown>> },
  language: string,
): Record<string, string> {
  const hints = def.i18n?.[language]?.hints;
  return hints && typeof hints === 'object' ? (hints as Record<string, string>) : {};
}

interface Props {
  schema: JsonSchema;
  value: FormValue;
  onChange: (value: FormValue) => void;
  labels: FormLabels;
  /** Errors by dotted path: a code from the inline checks, or the API's own message. */
  errors: Record<string, FieldError | string>;
  idPrefix: string;
  disabled?: boolean;
  /** The site's IANA time zone: date-and-time pickers show and send its wall time. */
  zone?: string;
}

/**
 * A form generated from an event's JSON Schema: one control per property, nested objects and lists included. A field
 * waiting for an earlier answer appears once that answer is given, and its choices are those that answer allows; an
 * answer that no longer applies is taken out when the earlier one changes.
 */
export function SchemaForm({ schema, value, onChange, labels, errors, idPrefix, disabled, zone }: Props) {
  return (
    <div className="schema-form">
      <ObjectFields
        schema={schema}
        value={value}
        path=""
        ctx={{
          labels,
          errors,
          idPrefix,
          disabled: !!disabled,
          zone: zone ?? 'Asia/Shanghai',
          set: (path, v) => onChange(settled(schema, path === '' ? (v as FormValue) : setAt(value, path, v))),
        }}
      />
    </div>
  );
}

interface Ctx {
  labels: FormLabels;
  errors: Record<string, FieldError | string>;
  idPrefix: string;
  disabled: boolean;
  zone: string;
  set: (path: string, value: unknown) => void;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function ObjectFields({ schema, value, path, ctx }: { schema: JsonSchema; value: FormValue; path: string; ctx: Ctx }) {
  const { t } = useTranslation();
  const key = discriminatorOf(schema);
  const branch = branchOf(schema, value);
  const properties = Object.entries(branch?.properties ?? {}).filter(
    ([name, prop]) => name !== key && isAsked(prop, value),
  );
  return (
    <>
      {key && (
        <Field
          name={key}
          path={join(path, key)}
          schema={{ type: 'string', enum: choicesOf(schema) }}
          required
          value={value[key]}
          ctx={{
            ...ctx,
            // Switching branch keeps only the choice: the other branch's fields do not apply.
            set: (p, v) => (p === join(path, key) ? ctx.set(path, v === undefined ? {} : { [key]: v }) : ctx.set(p, v)),
          }}
          placeholder={t('form.choose')}
        />
      )}
      {properties.map(([name, prop]) => {
        // Choices narrowed by an earlier answer; none (and a prompt to answer that first) until it is given.
        const allowed = allowedChoices(prop, value);
        const by = prop['x-choicesBy']?.field;
        const first = by && allowed?.length === 0 ? (ctx.labels.fields[by] ?? by) : undefined;
        return (
          <Field
            key={name}
            name={name}
            path={join(path, name)}
            schema={allowed ? { ...prop, enum: allowed } : prop}
            required={!!branch?.required?.includes(name)}
            value={value[name]}
            ctx={first ? { ...ctx, disabled: true } : ctx}
            placeholder={first ? t('form.chooseFirst', { field: first }) : undefined}
          />
        );
      })}
    </>
  );
}

function Field(props: {
  name: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  ctx: Ctx;
  placeholder?: string;
}) {
  const { name, path, schema, required, value, ctx } = props;
  const { t, i18n } = useTranslation();
  const id = `${ctx.idPrefix}-${path.replace(/\./g, '-')}`;
  const label = ctx.labels.fields[name] ?? schema.description ?? name;
  const kind = kindOf(schema);
  // A formatted field (a pattern or a format: phone, date, date and time) says what to write, with an example.
  const example = exampleOf(schema, kind, ctx.zone, i18n.language);
  const formatted = (kind === 'text' || kind === 'date' || kind === 'datetime') && !!(schema.pattern || schema.format);
  const hintText = ctx.labels.hints?.[name];
  const hint = !formatted
    ? undefined
    : hintText && example
      ? t('form.hintWithExample', { hint: hintText, example })
      : example
        ? t('form.example', { example })
        : hintText;
  const hintId = `${id}-hint`;
  const error = ctx.errors[path];
  const message =
    error === undefined
      ? undefined
      : typeof error === 'string'
        ? error
        : error.code === 'pattern' && example
          ? t('form.errors.patternExample', { example })
          : t(`form.errors.${error.code}`, { limit: error.limit });
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error !== undefined ? errorId : ''].filter(Boolean).join(' ');
  const aria = {
    id,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy || undefined,
    'aria-required': required || undefined,
    disabled: ctx.disabled,
  };
  const valueLabel = (v: unknown) => ctx.labels.values[String(v)] ?? String(v);
  let control: React.ReactNode;
  switch (kind) {
    case 'fixed':
      return null; // A constant is filled in by the form itself.
    case 'object':
      return (
        <fieldset className="field-group" aria-describedby={error !== undefined ? errorId : undefined}>
          <legend>{label}</legend>
          <ObjectFields schema={schema} value={(value ?? {}) as FormValue} path={path} ctx={ctx} />
          {message && <ErrorText id={errorId} text={message} />}
        </fieldset>
      );
    case 'list':
      if (isAttachmentItem(schema.items))
        return (
          <AttachmentsField
            id={id}
            label={label}
            value={Array.isArray(value) ? (value as AttachmentRef[]) : []}
            onChange={(v) => ctx.set(path, v)}
            maxItems={schema.maxItems}
            required={required || (schema.minItems ?? 0) > 0}
            disabled={ctx.disabled}
            message={message}
            errorId={errorId}
          />
        );
      return (
        <ListField
          label={label}
          path={path}
          schema={schema}
          value={Array.isArray(value) ? value : []}
          ctx={ctx}
          errorId={errorId}
          message={message}
        />
      );
    case 'checkbox':
      return (
        <div className={`field field-checkbox${error !== undefined ? ' invalid' : ''}`}>
          <input type="checkbox" {...aria} checked={value === true} onChange={(e) => ctx.set(path, e.target.checked)} />
          <label htmlFor={id}>
            {label}
            {schema.const === true && <span className="req"> *</span>}
          </label>
          {message && <ErrorText id={errorId} text={message} />}
        </div>
      );
    case 'yesno': {
      // A yes/no the person answers: 是 / 否, nothing chosen until they choose (unless the schema has a default);
      // an optional one without a default may also be "not known", which sends nothing.
      const unknownAllowed = !required && schema.default === undefined;
      const choices: Array<[string, boolean | undefined]> = [
        ['yes', true],
        ['no', false],
        ...(unknownAllowed ? ([['unknown', undefined]] as Array<[string, undefined]>) : []),
      ];
      return (
        <fieldset
          className={`field field-yesno${error !== undefined ? ' invalid' : ''}`}
          role="radiogroup"
          id={id}
          aria-labelledby={`${id}-label`}
          aria-describedby={error !== undefined ? errorId : undefined}
          aria-required={required || undefined}
          aria-invalid={error !== undefined}
        >
          <legend id={`${id}-label`}>
            {label}
            {required && <span className="req"> *</span>}
          </legend>
          <div className="yesno">
            {choices.map(([key, v]) => (
              <label key={key} className="choice" htmlFor={`${id}-${key}`}>
                <input
                  type="radio"
                  id={`${id}-${key}`}
                  name={id}
                  disabled={ctx.disabled}
                  checked={value === v}
                  onChange={() => ctx.set(path, v)}
                />
                {t(`form.${key}`)}
              </label>
            ))}
          </div>
          {message && <ErrorText id={errorId} text={message} />}
        </fieldset>
      );
    }
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className={`field${error !== undefined ? ' invalid' : ''}`}>
          <legend>
            {label}
            {required && <span className="req"> *</span>}
          </legend>
          {(schema.items?.enum ?? []).map((option) => (
            <label key={String(option)} className="choice">
              <input
                type="checkbox"
                disabled={ctx.disabled}
                checked={chosen.includes(option)}
                onChange={(e) =>
                  ctx.set(path, e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option))
                }
              />
              {valueLabel(option)}
            </label>
          ))}
          {message && <ErrorText id={errorId} text={message} />}
        </fieldset>
      );
    }
    case 'select':
      control = (
        <select
          {...aria}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => ctx.set(path, e.target.value || undefined)}
        >
          {/* Required: nothing chosen until the person chooses. Optional: "none / not known" sends nothing. With a
              default the default is preselected and nothing-chosen would only mean the default: no empty choice. */}
          {(required || schema.default === undefined) && (
            <option value="">{props.placeholder ?? (required ? t('form.choose') : t('form.noneOrUnknown'))}</option>
          )}
          {(schema.enum ?? []).map((option) => (
            <option key={String(option)} value={String(option)}>
              {valueLabel(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'staff':
      control = (
        <StaffSelect
          aria={aria}
          value={value}
          staff={ctx.labels.staff ?? []}
          roleNames={ctx.labels.roleNames ?? {}}
          gender={schema['x-staff']?.gender}
          required={required}
          onChange={(v) => ctx.set(path, v)}
        />
      );
      break;
    case 'number':
    case 'integer':
      control = (
        <input
          type="number"
          inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
          step={schema.multipleOf ?? (kind === 'integer' ? 1 : 'any')}
          {...aria}
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => ctx.set(path, e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
      break;
    case 'textarea':
      control = (
        <textarea {...aria} rows={3} value={String(value ?? '')} onChange={(e) => ctx.set(path, e.target.value)} />
      );
      break;
    case 'datetime':
      control = (
        <input
          type="datetime-local"
          {...aria}
          value={typeof value === 'string' ? toZonedInput(value, ctx.zone) : ''}
          onChange={(e) => ctx.set(path, fromZonedInput(e.target.value, ctx.zone))}
        />
      );
      break;
    case 'date':
      control = (
        <input
          type="date"
          {...aria}
          value={String(value ?? '')}
          onChange={(e) => ctx.set(path, e.target.value || undefined)}
        />
      );
      break;
    default:
      control = (
        <input type="text" {...aria} value={String(value ?? '')} onChange={(e) => ctx.set(path, e.target.value)} />
      );
  }
  return (
    <div className={`field${error !== undefined ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="req"> *</span>}
      </label>
      {control}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {message && <ErrorText id={errorId} text={message} />}
    </div>
  );
}

/**
 * A choice of the site's staff for a field that names a person of the site: each by display name with the roles they
 * hold there (those the name does not already say), only those of the gender the step asks for; the user id is what
 * is sent. A value not among them (a person since gone) stays shown by its id until changed.
 */
function StaffSelect(props: {
  aria: Record<string, unknown>;
  value: unknown;
  staff: readonly StaffMember[];
  roleNames: Record<string, string>;
  gender?: 'female' | 'male';
  required: boolean;
  onChange: (value: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const roleName = (role: string) => props.roleNames[role] ?? role;
  const offered = props.staff.filter((p) => !props.gender || p.gender === props.gender);
  const current = typeof props.value === 'string' ? props.value : '';
  return (
    <select {...props.aria} value={current} onChange={(e) => props.onChange(e.target.value || undefined)}>
      <option value="">{props.required ? t('form.chooseStaff') : t('form.noneOrUnknown')}</option>
      {current && !offered.some((p) => p.id === current) && <option value={current}>{current}</option>}
      {offered.map((p) => (
        <option key={p.id} value={p.id}>
          {staffLabel(p, roleName, t)}
        </option>
      ))}
    </select>
  );
}

/** A staff member as a picker lists them: `保安班长 郑军`, or `郑军（保安班长）` when the name does not say the role. */
export function staffLabel(person: StaffMember, roleName: (role: string) => string, t: TFunction): string {
  const roles = person.roles.map(roleName).filter((r) => !person.name.includes(r));
  return roles.length
    ? t('form.staffWithRoles', { name: person.name, roles: roles.join(t('form.listSeparator')) })
    : person.name;
}

/** The first example of a field's schema as the person would write or see it (a date in the language's format). */
function exampleOf(schema: JsonSchema, kind: string, zone: string, language: string): string | undefined {
  const example = schema.examples?.[0];
  if (typeof example !== 'string' && typeof example !== 'number') return undefined;
  if (kind === 'date') return formatDate(String(example), language);
  if (kind === 'datetime') return formatTime(String(example), zone, language);
  return String(example);
}

function ListField(props: {
  label: string;
  path: string;
  schema: JsonSchema;
  value: unknown[];
  ctx: Ctx;
  errorId: string;
  message?: string;
}) {
  const { label, path, schema, value, ctx } = props;
  const { t } = useTranslation();
  const item = schema.items ?? { type: 'string' };
  const blank = () => (kindOf(item) === 'object' ? {} : '');
  return (
    <fieldset className={`field-group${props.message ? ' invalid' : ''}`}>
      <legend>{label}</legend>
      {value.map((entry, i) => (
        <div className="list-item" key={i}>
          {kindOf(item) === 'object' ? (
            <ObjectFields schema={item} value={(entry ?? {}) as FormValue} path={join(path, String(i))} ctx={ctx} />
          ) : (
            <Field name={`${i + 1}`} path={join(path, String(i))} schema={item} required value={entry} ctx={ctx} />
          )}
          <button
            type="button"
            className="link"
            disabled={ctx.disabled}
            onClick={() =>
              ctx.set(
                path,
                value.filter((_, j) => j !== i),
              )
            }
          >
            {t('form.remove', { label, n: i + 1 })}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        disabled={ctx.disabled || (schema.maxItems !== undefined && value.length >= schema.maxItems)}
        onClick={() => ctx.set(path, [...value, blank()])}
      >
        {t('form.add', { label })}
      </button>
      {props.message && <ErrorText id={props.errorId} text={props.message} />}
    </fieldset>
  );
}

function ErrorText({ id, text }: { id: string; text: string }) {
  return (
    <p className="error-text" id={id} role="alert">
      {text}
    </p>
  );
}
