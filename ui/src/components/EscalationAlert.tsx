import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { CaseView } from '../api/types';
import { useSession } from '../session';

/**
 * The escalations of a case that wait for MY acknowledgement (sent to a role I hold at the case's site, not yet
 * acknowledged), each with its 确认收到 button: at the top of the case page, above the steps and the diagram, so that
 * on a phone they are in the first screen (issue 20 point 7). Renders nothing when none waits. `onChanged` receives
 * the case as the API returns it after an acknowledgement; a refusal is shown in the card.
 */
export function EscalationAlert(props: {
  view: CaseView;
  time: (iso?: string | null) => string;
  onChanged: (v: CaseView) => void;
}) {
  const { view, time, onChanged } = props;
  const { t } = useTranslation();
  const session = useSession();
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);
  const myRoles = session.sites.find((s) => s.id === view.site)?.roles ?? [];
  const waiting = view.escalations.filter((e) => !e.ackedAt && myRoles.includes(e.to));
  if (waiting.length === 0) return null;
  const ack = async (n: number) => {
    setError(null);
    try {
      onChanged(
        await api<CaseView>(`/cases/${encodeURIComponent(view.caseId)}/escalations/${n}/ack`, { method: 'POST' }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.detail ?? e.message) : t('errors.generic'));
    }
  };
  return (
    <section className="card escalation-alert" aria-labelledby={titleId} data-testid="escalation-alert">
      <h2 id={titleId}>{t('case.escalationWaiting')}</h2>
      <ul>
        {waiting.map((e) => (
          <li key={e.n}>
            <p>
              <time dateTime={e.at}>{time(e.at)}</time>{' '}
              <strong>{t('case.escalation', { level: e.level, role: session.roleName(e.to) })}</strong>
            </p>
            {e.why && <p className="why">{e.why}</p>}
            <button type="button" onClick={() => void ack(e.n)}>
              {t('case.ack')}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
