import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newKey } from '../api/client';
import { useProcedure, useProcedures, useSiteStaff } from '../api/hooks';
import type { CaseView } from '../api/types';
import { failureOf } from '../components/Steps';
import { hintsOf, SchemaForm } from '../forms/SchemaForm';
import {
  cleaned,
  initialValue,
  validate,
  withConstants,
  withoutGroups,
  type FieldError,
  type FormValue,
} from '../forms/schema';
import { navigate } from '../router';
import { useSession } from '../session';

/** Opens a case of a procedure my current role may start, from the procedure's intake schema. */
export function NewCasePage({ procedure }: { procedure?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const startable = useProcedures(session.site).filter((p) => p.startRoles.includes(session.role));
  const chosen = procedure && startable.some((p) => p.id === procedure) ? procedure : undefined;
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">{t('newCase.title')}</h1>
      <div className="step-buttons" role="group" aria-label={t('newCase.choose')}>
        {startable.map((p) => (
          <button
            key={p.id}
            type="button"
            className={p.id === chosen ? 'step chosen' : 'step secondary'}
            aria-pressed={p.id === chosen}
            onClick={() => navigate(`/new/${p.id}`)}
          >
            {p.name}
          </button>
        ))}
      </div>
      {startable.length === 0 && <p className="muted">{t('newCase.none')}</p>}
      {chosen && <IntakeForm key={`${chosen}:${session.site}`} procedure={chosen} />}
    </section>
  );
}

function IntakeForm({ procedure }: { procedure: string }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const staff = useSiteStaff(session.site);
  const def = useProcedure(procedure);
  const [data, setData] = useState<FormValue | null>(null);
  const [errors, setErrors] = useState<Record<string, FieldError | string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [drill, setDrill] = useState(false);
  const [key] = useState(newKey);
  if (!def) return <p role="status">{t('common.loading')}</p>;
  // The intake without the field groups this site's policy does not use (building fields at a supermarket).
  const schema = withoutGroups(def.start.schema, session.unusedFieldGroups(session.site, procedure));
  const value = data ?? initialValue(schema);
  const submit = async () => {
    const found = validate(schema, value);
    setErrors(found);
    if (Object.keys(found).length) return;
    setSending(true);
    setFailure(null);
    try {
      const view = await api<CaseView>('/cases', {
        method: 'POST',
        body: {
          procedure,
          site: session.site,
          role: session.role,
          drill,
          data: withConstants(schema, cleaned(value)),
        },
        headers: { 'Idempotency-Key': key },
      });
      navigate(view.caseId ? `/cases/${encodeURIComponent(view.caseId)}` : '/');
    } catch (e) {
      const f = failureOf(e, t, def.start.fields, i18n.language);
      setFailure(f.message);
      setErrors(f.fields ?? {});
      setSending(false);
    }
  };
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{def.name}</h2>
      <p className="muted">{def.description}</p>
      <p>{t('newCase.at', { site: session.siteName(session.site), role: session.roleName(session.role) })}</p>
      <SchemaForm
        schema={schema}
        value={value}
        onChange={(v) => {
          setData(v);
          if (Object.keys(errors).length) setErrors(validate(schema, v));
        }}
        labels={{
          fields: def.start.fields,
          values: def.start.values,
          hints: hintsOf(def, i18n.language),
          staff,
          roleNames: session.roleNames,
        }}
        zone={session.zoneOf(session.site)}
        errors={errors}
        idPrefix="intake"
        disabled={sending}
      />
      <div className="field field-checkbox">
        <input id="intake-drill" type="checkbox" checked={drill} onChange={(e) => setDrill(e.target.checked)} />
        <label htmlFor="intake-drill">{t('newCase.drill')}</label>
      </div>
      {failure && (
        <p className="error-text" role="alert">
          {failure}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={sending}>
          {sending ? t('form.sending') : t('newCase.open')}
        </button>
      </div>
    </form>
  );
}
