import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useProcedure } from '../api/hooks';
import type { CaseView, InboxItem, ProcedureDetail } from '../api/types';
import { deadlinesOf, type DeadlineEntry, type MyDeadlines } from '../my-deadline';
import { useSession } from '../session';
import { Countdown } from './Countdown';

/** My roles at a site (every role I hold there, not only the one the switcher shows). */
function useMyRoles(site: string): string[] {
  const session = useSession();
  return session.sites.find((s) => s.id === site)?.roles ?? [];
}

/** A case's deadlines split into mine and the others (see ui/src/my-deadline.ts). */
export function useMyDeadlines(view: CaseView, def: ProcedureDetail): MyDeadlines {
  return deadlinesOf(view, def.states, useMyRoles(view.site));
}

/** The words for one deadline: the step that answers it (or the timer's name) and who may take it. */
function useDeadlineWords(def: ProcedureDetail) {
  const session = useSession();
  const { t } = useTranslation();
  const stepName = (d: DeadlineEntry) =>
    d.steps.map((s) => def.events.find((e) => e.type === s)?.label ?? s).join(t('form.listSeparator')) ||
    (def.timers.find((x) => x.id === d.timer)?.name ?? d.timer);
  const timerName = (d: DeadlineEntry) => def.timers.find((x) => x.id === d.timer)?.name ?? d.timer;
  const whoName = (d: DeadlineEntry) => d.roles.map(session.roleName).join(t('form.listSeparator')) || '—';
  return { stepName, timerName, whoName };
}

/**
 * The top of a case page: the deadline of the step I may take, counting down; sticky, so it stays in view at every
 * scroll position and above an open step sheet (styles.css `.my-deadline`). Without one: a quiet line, not sticky.
 */
export function MyDeadlineBanner({
  view,
  def,
  time,
}: {
  view: CaseView;
  def: ProcedureDetail;
  time: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const { mine } = useMyDeadlines(view, def);
  const words = useDeadlineWords(def);
  if (view.status === 'closed') return null;
  if (!mine)
    return (
      <p className="my-deadline none muted" data-testid="my-deadline">
        {t('myDeadline.none')}
      </p>
    );
  return (
    <section
      className={`my-deadline sticky${mine.overdue ? ' overdue' : ''}`}
      aria-label={t('myDeadline.title')}
      data-testid="my-deadline"
      data-timer={mine.timer}
    >
      <span className="what">
        <span className="label">{t('myDeadline.title')}</span> <strong>{words.stepName(mine)}</strong>
      </span>
      <Countdown dueAt={mine.dueAt} />
      <span className="when muted">
        {words.timerName(mine)} {t('case.due')} {time(mine.dueAt)}
      </span>
    </section>
  );
}

/** One line per deadline that is not mine: what it waits for, who may do it, and its countdown (quiet). */
export function OtherDeadlines({ others, def }: { others: DeadlineEntry[]; def: ProcedureDetail }) {
  const { t } = useTranslation();
  const words = useDeadlineWords(def);
  if (others.length === 0) return null;
  return (
    <ul className="other-deadlines" aria-label={t('myDeadline.others')}>
      {others.map((d) => (
        <li key={`${d.timer}-${d.dueAt}`} data-timer={d.timer} className={d.overdue ? 'overdue' : undefined}>
          {words.stepName(d)}
          <span className="muted">{t('myDeadline.awaiting', { who: words.whoName(d) })}</span>{' '}
          <Countdown dueAt={d.dueAt} quiet />
        </li>
      ))}
    </ul>
  );
}

// Inbox cards past this many show the case's nearest deadline without reading each case (bounded requests).
const DETAILED_CARDS = 30;

/** An inbox card's deadlines: not read (far down the list), still loading, or mine and the others. */
export type CardDeadlines =
  { kind: 'summary' } | { kind: 'loading' } | ({ kind: 'ready'; def: ProcedureDetail } & MyDeadlines);

/**
 * The deadlines of an inbox card's case, from its view and procedure (read again whenever the stream reports the
 * case changed). Cards from the DETAILED_CARDS-th on are not read (`summary`): bounded requests for a long inbox.
 */
export function useCardDeadlines(item: InboxItem, index: number): CardDeadlines {
  const detailed = index < DETAILED_CARDS;
  const { data: view, reload } = useApi<CaseView>(detailed ? `/cases/${encodeURIComponent(item.caseId)}` : null);
  const def = useProcedure(detailed ? item.procedure : undefined, view?.version);
  const roles = useMyRoles(item.site);
  const seen = useRef(item.updatedAt);
  useEffect(() => {
    if (seen.current === item.updatedAt) return;
    seen.current = item.updatedAt;
    reload();
  }, [item.updatedAt, reload]);
  if (!detailed) return { kind: 'summary' };
  if (!view || !def) return { kind: 'loading' };
  return { kind: 'ready', def, ...deadlinesOf(view, def.states, roles) };
}

/**
 * An inbox card's deadline: mine first, counting down, the others below (each with who it waits for); a card not
 * read shows the case's nearest deadline, labelled as the case's.
 */
export function InboxDeadlines({ item, deadlines }: { item: InboxItem; deadlines: CardDeadlines }) {
  const { t } = useTranslation();
  if (deadlines.kind === 'summary')
    return (
      <span className="mine">
        <span className="label muted">{t('myDeadline.case')}</span> <Countdown dueAt={item.nextDueAt} />
      </span>
    );
  if (deadlines.kind === 'loading')
    return (
      <span className="mine muted" role="status">
        …
      </span>
    );
  return <ReadyDeadlines {...deadlines} />;
}

function ReadyDeadlines({ mine, others, def }: MyDeadlines & { def: ProcedureDetail }) {
  const { t } = useTranslation();
  const words = useDeadlineWords(def);
  return (
    <>
      <span className="mine" data-timer={mine?.timer}>
        {mine ? (
          <>
            <span className="label">{words.stepName(mine)}</span> <Countdown dueAt={mine.dueAt} />
          </>
        ) : (
          <span className="muted">{t('myDeadline.noneShort')}</span>
        )}
      </span>
      <OtherDeadlines others={others} def={def} />
    </>
  );
}
