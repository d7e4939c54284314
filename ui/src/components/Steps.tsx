import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fromPromise } from 'xstate';
import { api, ApiError, newKey } from '../api/client';
import type { CaseView, ProcedureDetail } from '../api/types';
import { SchemaForm } from '../forms/SchemaForm';
import { stepDialogMachine, type SendFailure, type SendInput } from '../forms/stepDialogMachine';

/** What a refused request says, for a form: the problem's detail and its issues by field path. */
export function failureOf(error: unknown, fallback: string): SendFailure {
  if (!(error instanceof ApiError)) return { message: fallback };
  const fields: Record<string, string> = {};
  for (const issue of error.problem.issues ?? []) fields[issue.path.replace(/^(body\.)?data\.?/, '')] = issue.message;
  return { message: error.problem.detail ?? error.problem.title ?? fallback, fields };
}

/**
 * The steps I may take now (a button each, opening a form built from the event's schema) and the steps a rule of
 * the procedure refuses now, disabled with the reason the API gives.
 */
export function Steps({
  view,
  def,
  onChanged,
}: {
  view: CaseView;
  def: ProcedureDetail;
  onChanged: (v: CaseView) => void;
}) {
  const { t } = useTranslation();
  const changed = useRef(onChanged);
  changed.current = onChanged;
  const actor = useActorRef(
    stepDialogMachine.provide({
      actors: {
        send: fromPromise<unknown, SendInput>(async ({ input }) => {
          try {
            const next = await api<CaseView>(`/cases/${encodeURIComponent(view.caseId)}/events`, {
              method: 'POST',
              body: { type: input.eventType, data: input.data },
              headers: { 'Idempotency-Key': input.idempotencyKey },
            });
            changed.current(next);
            return next;
          } catch (error) {
            throw failureOf(error, t('errors.generic'));
          }
        }),
      },
    }),
  );
  const state = useSelector(actor, (s) => s.value);
  const ctx = useSelector(actor, (s) => s.context);
  const eventOf = (type: string) => def.events.find((e) => e.type === type);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state === 'editing') dialogRef.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [state]);

  const blocked = view.blockedEventsForMe ?? [];
  const open = state !== 'closed' && ctx.eventType ? eventOf(ctx.eventType) : undefined;
  return (
    <section className="card steps" aria-labelledby={`${titleId}-steps`}>
      <h2 id={`${titleId}-steps`}>{t('case.steps')}</h2>
      {view.status === 'closed' && <p className="muted">{t('case.closedNoSteps')}</p>}
      {view.status === 'open' && view.allowedEventsForMe.length === 0 && blocked.length === 0 && (
        <p className="muted">{t('case.noStepsForMe')}</p>
      )}
      <div className="step-buttons">
        {view.allowedEventsForMe.map((type) => (
          <button
            key={type}
            type="button"
            className="step"
            data-event={type}
            onClick={() =>
              actor.send({
                type: 'OPEN',
                eventType: type,
                schema: eventOf(type)?.schema ?? {},
                idempotencyKey: newKey(),
              })
            }
          >
            {eventOf(type)?.label ?? type}
          </button>
        ))}
      </div>
      {blocked.length > 0 && (
        <ul className="blocked">
          {blocked.map((b) => (
            <li key={b.type}>
              <button
                type="button"
                className="step"
                disabled
                aria-describedby={`${titleId}-why-${b.type}`}
                data-event={b.type}
              >
                {eventOf(b.type)?.label ?? b.type}
              </button>
              <span className="why" id={`${titleId}-why-${b.type}`}>
                {t('case.blockedBecause')} {b.reasons.join(' ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div className="overlay">
          <div
            className="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby={titleId}
            ref={dialogRef}
            onKeyDown={(e) => e.key === 'Escape' && actor.send({ type: 'CANCEL' })}
          >
            <h3 id={titleId}>{open.label}</h3>
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                actor.send({ type: 'SUBMIT' });
              }}
            >
              <SchemaForm
                schema={open.schema}
                value={ctx.data}
                onChange={(data) => actor.send({ type: 'CHANGE', data })}
                labels={{ fields: open.fields, values: open.values }}
                errors={ctx.errors}
                idPrefix={`step-${open.type}`}
                disabled={state === 'sending'}
              />
              {ctx.failure && (
                <p className="error-text" role="alert">
                  {ctx.failure}
                </p>
              )}
              <div className="actions">
                <button type="submit" disabled={state === 'sending'}>
                  {state === 'sending' ? t('form.sending') : t('form.submit')}
                </button>
                <button type="button" className="secondary" onClick={() => actor.send({ type: 'CANCEL' })}>
                  {t('form.cancel')}
                </button>
              </div>
            </form>
          </div>
        </div>
      )}
    </section>
  );
}
