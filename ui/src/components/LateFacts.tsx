import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CaseView, ProcedureDetail, ProcedureEvent } from '../api/types';
import { hintsOf, SchemaForm } from '../forms/SchemaForm';
import { initialValue, validate, type FieldError, type FormValue } from '../forms/schema';
import { useSession } from '../session';
import { failureOf } from './Steps';

/**
 * On a closed case, a small form for each fact the case may still be given and my roles may add (issue 18 point 2:
 * the police case number, known after the case closed), as the API lists them (`lateFactsForMe`); the procedure says
 * which facts and who, the API appends the fact to the case's records (POST /cases/:id/addenda).
 */
export function LateFacts({
  view,
  def,
  onChanged,
}: {
  view: CaseView;
  def: ProcedureDetail;
  onChanged: (v: CaseView) => void;
}) {
  const { t } = useTranslation();
  const facts = view.lateFactsForMe
    .map((type) => def.lateFacts.find((f) => f.type === type))
    .filter((f): f is ProcedureEvent => f !== undefined);
  if (view.status !== 'closed' || facts.length === 0) return null;
  return (
    <section className="card late-facts" aria-labelledby="late-facts-title">
      <h2 id="late-facts-title">{t('case.lateFacts.title')}</h2>
      <p className="muted">{t('case.lateFacts.hint')}</p>
      {facts.map((fact) => (
        <LateFactForm key={fact.type} view={view} def={def} fact={fact} onChanged={onChanged} />
      ))}
    </section>
  );
}

function LateFactForm(props: {
  view: CaseView;
  def: ProcedureDetail;
  fact: ProcedureEvent;
  onChanged: (v: CaseView) => void;
}) {
  const { view, def, fact, onChanged } = props;
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [data, setData] = useState<FormValue>(() => initialValue(fact.schema));
  const [errors, setErrors] = useState<Record<string, FieldError | string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(fact.schema, data);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    setFailure(null);
    try {
      const next = await api<CaseView>(`/cases/${encodeURIComponent(view.caseId)}/addenda`, {
        method: 'POST',
        body: { type: fact.type, data },
      });
      onChanged(next);
    } catch (err) {
      const said = failureOf(err, t, fact.fields, i18n.language);
      setErrors(said.fields ?? {});
      setFailure(said.message);
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="late-fact" data-fact={fact.type} onSubmit={(e) => void submit(e)} noValidate>
      <h3>{fact.label}</h3>
      <SchemaForm
        schema={fact.schema}
        value={data}
        onChange={setData}
        labels={{ fields: fact.fields, values: fact.values, hints: hintsOf(def, i18n.language) }}
        zone={session.zoneOf(view.site)}
        errors={errors}
        idPrefix={`late-${fact.type}`}
        disabled={sending}
      />
      {failure && (
        <p className="error-text" role="alert">
          {failure}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={sending}>
          {t('case.lateFacts.add')}
        </button>
      </div>
    </form>
  );
}
