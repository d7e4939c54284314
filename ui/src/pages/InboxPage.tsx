import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useCaseStream, useProcedures } from '../api/hooks';
import type { Inbox, InboxItem } from '../api/types';
import { InboxDeadlines, useCardDeadlines } from '../components/MyDeadline';
import { Link } from '../router';
import { useSession } from '../session';

/**
 * What waits for my roles, most urgent first (the API's order); each card counts down the deadline of the step I may
 * take, the case's other deadlines below it. Refreshed by the stream.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const session = useSession();
  const procedures = useProcedures();
  const { data, reload } = useApi<Inbox>('/inbox');
  const status = useCaseStream(useCallback(() => reload(), [reload]));
  const items = (data?.items ?? []).filter((i) => i.site === session.site);
  const elsewhere = (data?.items.length ?? 0) - items.length;
  const procedureName = (id: string) => procedures.find((p) => p.id === id)?.name ?? id;
  return (
    <section aria-labelledby="inbox-title">
      <div className="title-row">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <span className={`stream ${status}`} role="status">
          {t(`stream.${status}`)}
        </span>
      </div>
      {!data && <p role="status">{t('common.loading')}</p>}
      {data && items.length === 0 && <p className="muted">{t('inbox.empty')}</p>}
      {elsewhere > 0 && <p className="muted">{t('inbox.elsewhere', { count: elsewhere })}</p>}
      <ul className="inbox">
        {items.map((item, index) => (
          <InboxCard key={item.caseId} item={item} index={index} procedureName={procedureName(item.procedure)} />
        ))}
      </ul>
    </section>
  );
}

/**
 * One case of the inbox. It is shown overdue (red) when MY deadline has passed; a case overdue only on someone else's
 * step says so on that deadline's line, not over the whole card (a guard's own minutes still count down).
 */
function InboxCard({ item, index, procedureName }: { item: InboxItem; index: number; procedureName: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const deadlines = useCardDeadlines(item, index);
  const overdue = deadlines.kind === 'ready' && deadlines.mine ? deadlines.mine.overdue : item.overdue;
  return (
    <li className={`inbox-item${overdue ? ' overdue' : ''}`} data-case={item.caseId}>
      <Link href={`/cases/${encodeURIComponent(item.caseId)}`} className="inbox-link">
        <span className="number">{item.number}</span>
        <span className="procedure">{procedureName}</span>
        <InboxDeadlines item={item} deadlines={deadlines} />
        <span className="tags">
          {item.reason === 'escalated_to_me' && <span className="badge escalated">{t('inbox.escalatedToMe')}</span>}
          {item.reason !== 'escalated_to_me' && item.escalationLevel > 0 && (
            <span className="badge escalated">{t('inbox.escalated', { level: item.escalationLevel })}</span>
          )}
          {overdue && <span className="badge overdue">{t('inbox.overdue')}</span>}
          {item.drill && <span className="badge drill">{t('case.drill')}</span>}
        </span>
        <span className="awaiting muted">
          {t('common.labelled', { label: t('inbox.awaiting') })}
          {item.awaitingRoles.map(session.roleName).join(t('form.listSeparator')) || '—'}
        </span>
      </Link>
    </li>
  );
}
