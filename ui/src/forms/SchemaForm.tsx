/**
 * Longer than 300 lines on purpose: one renderer of a step's JSON Schema as a form, whose field kinds (yes/no choice,
 * choice filtered by an earlier answer, date and time, list, attachments, nested object, branch by a discriminator)
 * call each other recursively and share one context of labels, errors and ids; split apart, each piece would need
 * all of that passed in. The schema arithmetic it uses is apart, in ./schema.ts.
 */
import { useTranslation } from 'react-i18next';
import { AttachmentsField, isAttachmentItem, type AttachmentRef } from '../components/Attachments';
import {
  branchOf,
  choicesOf,
  discriminatorOf,
  kindOf,
  setAt,
  type FieldError,
  type FormValue,
  type JsonSchema,
} from './schema';

/** Labels the procedure's i18n gives: field names and enum values. */
export interface FormLabels {
  fields: Record<string, string>;
  values: Record<string, string>;
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
}

/** A form generated from an event's JSON Schema: one control per property, nested objects and lists included. */
export function SchemaForm({ schema, value, onChange, labels, errors, idPrefix, disabled }: Props) {
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
          set: (path, v) => onChange(path === '' ? (v as FormValue) : setAt(value, path, v)),
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
  set: (path: string, value: unknown) => void;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function ObjectFields({ schema, value, path, ctx }: { schema: JsonSchema; value: FormValue; path: string; ctx: Ctx }) {
  const { t } = useTranslation();
  const key = discriminatorOf(schema);
  const branch = branchOf(schema, value);
  const properties = Object.entries(branch?.properties ?? {}).filter(([name]) => name !== key);
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
      {properties.map(([name, prop]) => (
        <Field
          key={name}
          name={name}
          path={join(path, name)}
          schema={prop}
          required={!!branch?.required?.includes(name)}
          value={value[name]}
          ctx={ctx}
        />
      ))}
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
  const { t } = useTranslation();
  const id = `${ctx.idPrefix}-${path.replace(/\./g, '-')}`;
  const label = ctx.labels.fields[name] ?? schema.description ?? name;
  const error = ctx.errors[path];
  const message =
    error === undefined
      ? undefined
      : typeof error === 'string'
        ? error
        : t(`form.errors.${error.code}`, { limit: error.limit });
  const errorId = `${id}-error`;
  const aria = {
    id,
    'aria-invalid': error !== undefined,
    'aria-describedby': error !== undefined ? errorId : undefined,
    'aria-required': required || undefined,
    disabled: ctx.disabled,
  };
  const valueLabel = (v: unknown) => ctx.labels.values[String(v)] ?? String(v);
  const kind = kindOf(schema);
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
          value={typeof value === 'string' && value ? toLocalInput(value) : ''}
          onChange={(e) => ctx.set(path, e.target.value ? new Date(e.target.value).toISOString() : undefined)}
        />
      );
      break;
    case 'date':
      control = (
        <input type="date" {...aria} value={String(value ?? '')} onChange={(e) => ctx.set(path, e.target.value)} />
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
      {message && <ErrorText id={errorId} text={message} />}
    </div>
  );
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

// datetime-local wants local wall time without zone.
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
