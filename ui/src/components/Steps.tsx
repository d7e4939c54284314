import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { createFocusTrap } from 'focus-trap';
import { fromPromise } from 'xstate';
import { api, ApiError, newKey } from '../api/client';
import { useSiteStaff } from '../api/hooks';
import type { CaseView, ProcedureDetail } from '../api/types';
import { hintsOf, SchemaForm } from '../forms/SchemaForm';
import { withoutGroups, type ErrorCode, type FieldError } from '../forms/schema';
import { useSession } from '../session';
import { stepDialogMachine, type SendFailure, type SendInput } from '../forms/stepDialogMachine';

/** The form's own error code for a zod issue code the API reports, so a refusal reads in the UI's language. */
const codeOfIssue: Record<string, ErrorCode> = {
  invalid_type: 'required',
  too_small: 'tooSmallAny',
  too_big: 'tooLargeAny',
  invalid_format: 'pattern',
  invalid_value: 'notChoice',
  invalid_union: 'notChoice',
  custom: 'conflict',
};

/**
 * What a refused request says, for a form: a message naming the fields by their labels, and a message by field path
 * for each issue the API reported (a form error code, worded in the UI's language; a rule's own English wording is
 * kept only in the English UI). Field paths are relative to the event's data (`goods.0.value`).
 */
export function failureOf(
  error: unknown,
  t: TFunction,
  labels: Record<string, string> = {},
  language = 'zh-CN',
): SendFailure {
  if (!(error instanceof ApiError)) return { message: t('errors.generic') };
  const fields: Record<string, FieldError | string> = {};
  const named: string[] = [];
  for (const issue of error.problem.issues ?? []) {
    const path = issue.path.replace(/^(body\.)?data\.?/, '');
    const code = codeOfIssue[issue.code ?? ''] ?? 'invalid';
    // A procedure rule's own message (a zod refinement) is written in English: said as is only in the English UI.
    fields[path] = code === 'conflict' && language === 'en' ? issue.message : { code };
    const field = path.split('.').filter((p) => !/^\d+$/.test(p));
    const name = labels[field[field.length - 1] ?? ''] ?? labels[field[0] ?? ''];
    if (name && !named.includes(name)) named.push(name);
  }
  if (error.problem.status === 422 && named.length) {
    return { message: t('form.fixFields', { fields: named.join(t('form.listSeparator')) }), fields };
  }
  return { message: error.problem.detail ?? error.problem.title ?? t('errors.generic'), fields };
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
  const { t, i18n } = useTranslation();
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
            throw failureOf(error, t, eventOf(input.eventType)?.fields, i18n.language);
          }
        }),
      },
    }),
  );
  const state = useSelector(actor, (s) => s.value);
  const ctx = useSelector(actor, (s) => s.context);
  const eventOf = (type: string) => def.events.find((e) => e.type === type);
  // The step's schema without the field groups the case's site does not use (building fields at a supermarket).
  const session = useSession();
  const unused = session.unusedFieldGroups(view.site, view.procedure);
  // Who a field naming a person of the site (`x-staff`) may name: the site's staff, by name.
  const staff = useSiteStaff(view.site);
  const schemaOf = (type: string) => withoutGroups(eventOf(type)?.schema ?? {}, unused);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  // While the sheet is open Tab and Shift+Tab stay inside it; on close focus goes back to the step button that opened
  // it (or, when that step is gone after sending, wherever the browser puts it). Declared before the effect that
  // focuses the first field: the trap must note the opener as the element to give focus back to.
  const isOpen = state !== 'closed';
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!isOpen || !dialog) return;
    const trap = createFocusTrap(dialog, {
      escapeDeactivates: false, // Escape cancels through the dialog's machine, which closes the sheet
      allowOutsideClick: true,
      initialFocus: false, // the next effect focuses the first field
      fallbackFocus: dialog,
      returnFocusOnDeactivate: true,
    });
    trap.activate();
    return () => void trap.deactivate();
  }, [isOpen]);
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
                schema: schemaOf(type),
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
            tabIndex={-1}
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
                schema={ctx.schema}
                value={ctx.data}
                onChange={(data) => actor.send({ type: 'CHANGE', data })}
                labels={{
                  fields: open.fields,
                  values: open.values,
                  hints: hintsOf(def, i18n.language),
                  staff,
                  roleNames: session.roleNames,
                }}
                zone={session.zoneOf(view.site)}
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
