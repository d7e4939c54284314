import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useApi, useCaseStream, useProcedures, useTimerNames } from '../api/hooks';
import type { CaseList, CaseSummary, CaseView, Escalation, Inbox, MonthlyReport } from '../api/types';
import { Countdown } from '../components/Countdown';
import { formatTime } from '../format';
import { Link } from '../router';
import { useSession } from '../session';

const OverdueRateChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.OverdueRateChart })));
const TimeToStepChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.TimeToStepChart })));

async function openCases(): Promise<CaseSummary[]> {
  const all: CaseSummary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/cases?status=open&pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: CaseList = await api(query);
    all.push(...page.cases);
    cursor = page.nextCursor;
  } while (cursor && all.length < 1000);
  return all;
}

/** The manager's view: open cases by procedure and site, what is overdue or escalated now, acks, monthly charts. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const procedures = useProcedures();
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [toAck, setToAck] = useState<Array<{ view: CaseView; escalation: Escalation }>>([]);
  const [tick, setTick] = useState(0);
  const { data: monthly } = useApi<MonthlyReport>('/reports/monthly?months=6');
  const [ackError, setAckError] = useState<string | null>(null);
  useCaseStream(useCallback(() => setTick((n) => n + 1), []));

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [open, inbox] = await Promise.all([openCases(), api<Inbox>('/inbox')]);
        const escalated = inbox.items.filter((i) => i.reason === 'escalated_to_me');
        const views = await Promise.all(escalated.map((i) => api<CaseView>(`/cases/${encodeURIComponent(i.caseId)}`)));
        if (!live) return;
        setCases(open);
        setToAck(
          views.flatMap((view) => {
            const mine = session.sites.find((s) => s.id === view.site)?.roles ?? [];
            return view.escalations
              .filter((e) => !e.ackedAt && mine.includes(e.to))
              .map((escalation) => ({ view, escalation }));
          }),
        );
      } catch {
        // The stream or the next visit retries.
      }
    })();
    return () => {
      live = false;
    };
  }, [tick, session.sites, i18n.language]);

  const name = (id: string) => procedures.find((p) => p.id === id)?.name ?? id;
  const sites = [...new Set((cases ?? []).map((c) => c.site))].sort();
  const procedureIds = [...new Set((cases ?? []).map((c) => c.procedure))].sort();
  const count = (p: string, s: string) => (cases ?? []).filter((c) => c.procedure === p && c.site === s).length;
  const urgent = (cases ?? []).filter((c) => c.overdue || c.escalationLevel > 0);
  const ack = async (view: CaseView, n: number) => {
    setAckError(null);
    try {
      await api(`/cases/${encodeURIComponent(view.caseId)}/escalations/${n}/ack`, { method: 'POST' });
      setTick((x) => x + 1);
    } catch (e) {
      setAckError(e instanceof ApiError ? (e.problem.detail ?? e.message) : t('errors.generic'));
    }
  };
  const timerNames = useTimerNames();
  const timerName = (id: string) => timerNames[id] ?? id;

  return (
    <section aria-labelledby="dash-title" className="dashboard">
      <h1 id="dash-title">{t('dashboard.title')}</h1>
      <div className="grid">
        <section className="card" aria-labelledby="open-title">
          <h2 id="open-title">{t('dashboard.open')}</h2>
          {!cases ? (
            <p role="status">{t('common.loading')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="open-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.procedure')}</th>
                    {sites.map((s) => (
                      <th scope="col" key={s}>
                        {session.siteName(s)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {procedureIds.map((p) => (
                    <tr key={p}>
                      <th scope="row">{name(p)}</th>
                      {sites.map((s) => (
                        <td key={s}>{count(p, s)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {procedureIds.length === 0 && <p className="muted">{t('dashboard.noOpen')}</p>}
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="ack-title">
          <h2 id="ack-title">{t('dashboard.toAck')}</h2>
          {toAck.length === 0 && <p className="muted">{t('dashboard.nothingToAck')}</p>}
          <ul className="acks">
            {toAck.map(({ view, escalation }) => (
              <li key={`${view.caseId}-${escalation.n}`}>
                <Link href={`/cases/${encodeURIComponent(view.caseId)}`}>{view.number}</Link>{' '}
                {t('case.escalation', { level: escalation.level, role: session.roleName(escalation.to) })}{' '}
                <span className="muted">{formatTime(escalation.at, session.zoneOf(view.site), i18n.language)}</span>
                {escalation.why && <p className="why">{escalation.why}</p>}
                <button type="button" onClick={() => void ack(view, escalation.n)}>
                  {t('case.ack')} {view.number}
                </button>
              </li>
            ))}
          </ul>
          {ackError && (
            <p className="error-text" role="alert">
              {ackError}
            </p>
          )}
        </section>

        <section className="card" aria-labelledby="urgent-title">
          <h2 id="urgent-title">{t('dashboard.urgent')}</h2>
          {urgent.length === 0 && <p className="muted">{t('dashboard.noUrgent')}</p>}
          <ul className="inbox">
            {urgent.map((c) => (
              <li key={c.caseId} className={`inbox-item${c.overdue ? ' overdue' : ''}`}>
                <Link className="inbox-link" href={`/cases/${encodeURIComponent(c.caseId)}`}>
                  <span className="number">{c.number}</span>
                  <span className="procedure">
                    {name(c.procedure)} · {session.siteName(c.site)}
                  </span>
                  <Countdown dueAt={c.nextDueAt} />
                  {c.escalationLevel > 0 && (
                    <span className="badge escalated">{t('inbox.escalated', { level: c.escalationLevel })}</span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <div className="grid">
        <section className="card" aria-labelledby="rate-title">
          <h2 id="rate-title">{t('dashboard.overdueRate')}</h2>
          {monthly ? (
            <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
              <OverdueRateChart report={monthly} label={t('dashboard.overdueRatePct')} />
            </Suspense>
          ) : (
            <p role="status">{t('common.loading')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="tts-title">
          <h2 id="tts-title">{t('dashboard.timeToStep')}</h2>
          {monthly ? (
            <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
              <TimeToStepChart report={monthly} label={t('dashboard.timeToStepMinutes')} timerName={timerName} />
            </Suspense>
          ) : (
            <p role="status">{t('common.loading')}</p>
          )}
        </section>
      </div>
    </section>
  );
}
