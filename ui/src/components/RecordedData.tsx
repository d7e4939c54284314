import { useTranslation } from 'react-i18next';
import { branchOf, kindOf, type FormValue, type JsonSchema } from '../forms/schema';
import type { FormLabels } from '../forms/SchemaForm';
import { AttachmentView, isAttachmentRef } from './Attachments';

interface Props {
  /** The data as recorded: an intake or a step's data. */
  data: Record<string, unknown>;
  /** The JSON Schema the data was sent under: which values are choices (translated) and which are times. */
  schema: JsonSchema;
  /** The procedure's labels for the fields and choices of that schema. */
  labels: FormLabels;
  /** A recorded ISO time in the site's zone and the UI's language. */
  time: (iso: string) => string;
}

/**
 * Recorded data in words: each field by its label, choices by their label, yes/no as 是/否, times in the site's zone,
 * a person of the site by name,
 * lists and nested objects as nested lists. Fields appear in the schema's order; a field the schema does not know (from
 * an older version) is shown under its own name rather than hidden.
 */
export function RecordedData({ data, schema, labels, time }: Props) {
  return <Fields value={data} schema={schema} labels={labels} time={time} />;
}

function Fields({
  value,
  schema,
  labels,
  time,
}: {
  value: FormValue;
  schema: JsonSchema | undefined;
  labels: FormLabels;
  time: (iso: string) => string;
}) {
  const active = schema ? branchOf(schema, value) : undefined;
  const known = Object.keys(active?.properties ?? {});
  const names = [...known.filter((k) => k in value), ...Object.keys(value).filter((k) => !known.includes(k))];
  const shown = names.filter((k) => !isBlank(value[k]));
  if (shown.length === 0) return null;
  return (
    <dl className="recorded">
      {shown.map((name) => (
        <div key={name} className="recorded-field">
          <dt>{labels.fields[name] ?? name}</dt>
          <dd>
            <Value value={value[name]} schema={active?.properties?.[name]} labels={labels} time={time} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({
  value,
  schema,
  labels,
  time,
}: {
  value: unknown;
  schema: JsonSchema | undefined;
  labels: FormLabels;
  time: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const kind = schema ? kindOf(schema) : undefined;
  if (typeof value === 'boolean') return <>{value ? t('form.yes') : t('form.no')}</>;
  if (Array.isArray(value)) {
    const item = schema?.items;
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      return (
        <>{value.map((v) => (item && isChoice(item) ? choice(v, labels) : String(v))).join(t('form.listSeparator'))}</>
      );
    }
    return (
      <ol className="recorded-list">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} schema={item} labels={labels} time={time} />
          </li>
        ))}
      </ol>
    );
  }
  if (isAttachmentRef(value)) return <AttachmentView value={value} />;
  if (value !== null && typeof value === 'object') {
    return <Fields value={value as FormValue} schema={schema} labels={labels} time={time} />;
  }
  if (schema && isChoice(schema)) return <>{choice(value, labels)}</>;
  // A person of the site named by user id: their name from the staff records (the id only if they are not on them).
  if (kind === 'staff' && typeof value === 'string') {
    // Until the staff records are loaded nothing is shown rather than the id (a code word for a moment).
    if (!labels.staff) return <span aria-busy="true" />;
    return <>{labels.staff.find((p) => p.id === value)?.name ?? value}</>;
  }
  if (kind === 'datetime' && typeof value === 'string') return <>{time(value)}</>;
  return <span className="recorded-text">{String(value)}</span>;
}

const isChoice = (schema: JsonSchema) => Array.isArray(schema.enum) || schema.const !== undefined;
const choice = (v: unknown, labels: FormLabels) => labels.values[String(v)] ?? String(v);
const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
