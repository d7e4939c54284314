import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView, ProcedureDetail } from '../api/types';
import { useSession } from '../session';

/**
 * A chart too large for a screen, in a few lines (issue 20 point 5): the steps taken so far (the opening, every
 * recorded step with its time, then the state the case is in now) and the steps that may come next, each with the
 * roles that may take it. `time` formats an ISO instant in the site's time zone.
 */
export function StepsSummary(props: { view: CaseView; def: ProcedureDetail; time: (iso?: string | null) => string }) {
  const { view, def, time } = props;
  const { t } = useTranslation();
  const session = useSession();
  const id = useId();
  const label = (type: string) => def.events.find((e) => e.type === type)?.label ?? type;
  const stateName = (path: string) => def.states.find((s) => s.id === path)?.name ?? path;
  const current = view.state.split(',').filter(Boolean);
  return (
    <section className="steps-summary" aria-labelledby={`${id}-so-far`}>
      <h3 id={`${id}-so-far`}>{t('diagram.soFar')}</h3>
      <ol className="path">
        <li className="visited">
          {t('case.opened')} <time dateTime={view.startedAt}>{time(view.startedAt)}</time>
        </li>
        {view.history.map((step) => (
          <li key={step.seq} className="visited">
            {label(step.type)} <time dateTime={step.at}>{time(step.at)}</time>
          </li>
        ))}
        <li className="current" aria-current="step">
          {t('diagram.now', { state: current.map(stateName).join(t('form.listSeparator')) })}
        </li>
      </ol>
      <h3>{t('diagram.next')}</h3>
      {view.allowedEvents.length === 0 ? (
        <p className="muted">{view.status === 'closed' ? t('case.closedNoSteps') : t('diagram.noNext')}</p>
      ) : (
        <ul className="next">
          {view.allowedEvents.map((e) => (
            <li key={e.type}>
              {label(e.type)}{' '}
              <span className="muted">{e.roles.map(session.roleName).join(t('form.listSeparator'))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
