import { lazy, Suspense, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useApi, useCaseStream, useProcedure, useSiteStaff } from '../api/hooks';
import type { CaseView, ProcedureDetail } from '../api/types';
import { CaseFilesCard, CaseFilesProvider } from '../components/Attachments';
import { EscalationAlert } from '../components/EscalationAlert';
import { Countdown } from '../components/Countdown';
import { MyDeadlineBanner, useMyDeadlines } from '../components/MyDeadline';
import { diagramWithPath } from '../components/diagram-text';
import { LateFacts } from '../components/LateFacts';
import { Steps } from '../components/Steps';
import { StepsSummary } from '../components/StepsSummary';
import { Recorded, Timeline } from '../components/Timeline';
import { formatDate, formatTime } from '../format';
import { useSession } from '../session';

const Diagram = lazy(() => import('../components/Diagram').then((m) => ({ default: m.Diagram })));

/** One case: header, steps, guidance, open timers, diagram and timeline. */
export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { data: view, error, reload, setData } = useApi<CaseView>(`/cases/${encodeURIComponent(caseId)}`);
  const def = useProcedure(view?.procedure, view?.version);
  useCaseStream(useCallback((c) => c.caseId === caseId && reload(), [caseId, reload]));
  if (error instanceof ApiError && error.problem.status === 404) return <p role="alert">{t('case.notFound')}</p>;
  if (!view || !def) return <p role="status">{t('common.loading')}</p>;
  return <CaseDetail view={view} def={def} onChanged={setData} />;
}

function CaseDetail({
  view,
  def,
  onChanged,
}: {
  view: CaseView;
  def: ProcedureDetail;
  onChanged: (v: CaseView) => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const zone = session.zoneOf(view.site);
  const staff = useSiteStaff(view.site);
  const time = (iso?: string | null) => formatTime(iso, zone, i18n.language);
  const stateName = (path: string) => def.states.find((s) => s.id === path)?.name ?? path;
  const current = view.state.split(',').filter(Boolean);
  // Parallel regions often share an ancestor's guidance: say it once.
  const guidance = current
    .flatMap((path) => guidanceFor(def, path))
    .filter((g, i, all) => all.findIndex((o) => o.state === g.state) === i);
  // The role that owns the case, where its procedure names one (the API reads it from the procedure, not the UI).
  const owner = view.owner;
  const timerName = (id: string) => def.timers.find((x) => x.id === id.split(/[#~]/)[0])?.name ?? id;
  const diagram = diagramWithPath(
    def.diagram,
    current,
    [...view.history.flatMap((h) => h.state.split(',')), ...view.deadlines.map((d) => d.state)],
    // The box around the whole machine (steps taken in any state) is named as the procedure.
    { ...Object.fromEntries(def.states.map((s) => [s.id, s.name])), [def.id]: def.name },
    Object.fromEntries(def.events.map((e) => [e.type, e.label])),
    {
      timers: Object.fromEntries(def.timers.map((x) => [x.id, x.name])),
      conditions: wordsOf(def.i18n[def.language].conditions),
      after: (timer) => t('diagram.after', { timer }),
      onDone: t('diagram.onDone'),
      always: t('diagram.always'),
      when: (what, condition) => t('diagram.when', { what, condition }),
    },
  );
  const { mine, others } = useMyDeadlines(view, def);
  // Who a deadline waits for (mine is marked as such): beside each deadline of the timers card.
  const awaiting = (timer: string) => {
    const id = timer.split(/[#~]/)[0];
    if (mine?.timer === id) return <span className="badge mine">{t('myDeadline.mineBadge')}</span>;
    const other = others.find((d) => d.timer === id);
    if (!other || other.roles.length === 0) return null;
    return (
      <span className="muted">
        {t('myDeadline.awaiting', { who: other.roles.map(session.roleName).join(t('form.listSeparator')) })}
      </span>
    );
  };
  return (
    <CaseFilesProvider caseId={view.caseId} refreshKey={view.history.length}>
      <div className="case-page">
        <MyDeadlineBanner view={view} def={def} time={time} />
        <EscalationAlert view={view} time={time} onChanged={onChanged} />
        <article className="case">
          <header className="card case-header">
            <h1>
              <span className="number">{view.number}</span> <span className="procedure">{def.name}</span>
            </h1>
            <dl className="facts">
              <dt>{t('case.site')}</dt>
              <dd>{session.siteName(view.site)}</dd>
              <dt>{owner ? t('case.owner') : t('inbox.awaiting')}</dt>
              <dd>
                {owner
                  ? session.roleName(owner)
                  : view.awaitingRoles.map(session.roleName).join(t('form.listSeparator')) || '—'}
              </dd>
              <dt>{t('case.status')}</dt>
              <dd>
                <span className={`badge ${view.status}`}>{t(`status.${view.status}`)}</span>{' '}
                {current.map(stateName).join(' · ')}
                {view.drill && <span className="badge drill">{t('case.drill')}</span>}
                {view.breaches.length > 0 && <span className="badge overdue">{t('inbox.overdue')}</span>}
              </dd>
              <dt>{t('case.version')}</dt>
              <dd>v{view.version}</dd>
              <dt>{t('case.started')}</dt>
              <dd>{time(view.startedAt)}</dd>
            </dl>
            {view.documents.length > 0 && (
              <p className="documents">
                {view.documents.map((d) => (
                  <a
                    key={d}
                    href={`/api/cases/${encodeURIComponent(view.caseId)}/documents/${d}?lang=${i18n.language}`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t('case.pdf', { name: t(`documents.${d}`, { defaultValue: d }) })}
                  </a>
                ))}
              </p>
            )}
          </header>

          {view.intake && (
            <section className="card intake" aria-labelledby="intake-title">
              <h2 id="intake-title">{t('case.intake')}</h2>
              <p className="muted">
                {t('case.reportedBy', {
                  who: view.intake.openedBy.name,
                  role: session.roleName(view.intake.openedBy.role),
                  at: time(view.startedAt),
                })}
              </p>
              <Recorded data={view.intake.data} spec={def.start} time={time} staff={staff} />
            </section>
          )}

          <Steps key={view.caseId} view={view} def={def} onChanged={onChanged} />
          <LateFacts key={`late-${view.caseId}`} view={view} def={def} onChanged={onChanged} />

          <section className="card timers" aria-labelledby="timers-title">
            <h2 id="timers-title">{t('case.timers')}</h2>
            {view.timers.length === 0 && view.breaches.length === 0 ? (
              <p className="muted">{t('case.noTimers')}</p>
            ) : (
              <ul>
                {view.breaches.map((b) => (
                  <li key={`breach-${b.timer}`} className="overdue">
                    <strong>{timerName(b.timer)}</strong> {t('case.due')} {time(b.dueAt)}{' '}
                    <Countdown dueAt={b.dueAt} quiet />
                    {awaiting(b.timer)}
                  </li>
                ))}
                {view.timers
                  .filter((x) => x.kind === 'deadline')
                  .map((x) => (
                    <li key={x.id}>
                      <strong>{timerName(x.id)}</strong> {t('case.due')} {time(x.dueAt)}{' '}
                      <Countdown dueAt={x.dueAt} quiet />
                      {awaiting(x.id)}
                      <HolidaysUnknown from={x.holidaysUnknownFrom} />
                    </li>
                  ))}
                {view.timers
                  .filter((x) => x.kind !== 'deadline')
                  .map((x) => (
                    <li key={x.id} className="muted">
                      {t('common.labelled', { label: t(`timerKind.${x.kind}`) })}
                      {timerName(x.id)} {time(x.dueAt)}
                      <HolidaysUnknown from={x.holidaysUnknownFrom} />
                    </li>
                  ))}
              </ul>
            )}
          </section>

          {guidance.length > 0 && (
            <section className="card guidance" aria-label={t('case.guidance')}>
              <h2>{t('case.guidance')}</h2>
              {guidance.map((g) => (
                <div key={g.state}>
                  <h3>{stateName(g.state)}</h3>
                  {g.text.split('\n').map((line, i) => (
                    <p key={i}>{line}</p>
                  ))}
                </div>
              ))}
            </section>
          )}

          <section className="card" aria-labelledby="diagram-title">
            <h2 id="diagram-title">{t('case.diagram')}</h2>
            <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
              <Diagram
                source={diagram}
                label={t('case.diagramLabel', { name: def.name, state: current.map(stateName).join(', ') })}
                summary={<StepsSummary view={view} def={def} time={time} />}
              />
            </Suspense>
          </section>

          <Timeline view={view} def={def} time={time} />
          <CaseFilesCard time={(at) => time(at)} roleName={session.roleName} />
        </article>
      </div>
    </CaseFilesProvider>
  );
}

/** A procedure's strings entry of words by id (e.g. its diagram's `conditions`), or none when it has no such table. */
function wordsOf(entry: unknown): Record<string, string> {
  if (!entry || typeof entry !== 'object') return {};
  return Object.fromEntries(
    Object.entries(entry).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
  );
}

function guidanceFor(def: ProcedureDetail, path: string): Array<{ state: string; text: string }> {
  // The state's own guidance, or its nearest ancestor's.
  for (let at: string | undefined = path; at; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : undefined) {
    const text = def.states.find((s) => s.id === at)?.guidance;
    if (text) return [{ state: at, text }];
  }
  return [];
}

/** The coverage warning beside a deadline counted past the holiday data the site has (issue 15). */
function HolidaysUnknown({ from }: { from?: string }) {
  const { t, i18n } = useTranslation();
  if (!from) return null;
  return (
    <span className="holidays-unknown" role="note">
      {' ⚠ '}
      {t('case.holidaysUnknown', { date: formatDate(from, i18n.language) })}
    </span>
  );
}
