import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useCaseStream, useProcedures } from '../api/hooks';
import type { InboxItem } from '../api/types';
import { Countdown } from '../components/Countdown.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

/** What waits for my roles, most urgent first (the API's order), with live countdowns; refreshed by the stream. */
export function InboxPage() {
  const { t } = useTranslation();
  const session = useSession();
  const procedures = useProcedures();
  const { data, reload } = useApi<{ items: InboxItem[] }>('/inbox');
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
        {items.map((item) => (
          <li key={item.caseId} className={`inbox-item${item.overdue ? ' overdue' : ''}`} data-case={item.caseId}>
            <Link href={`/cases/${encodeURIComponent(item.caseId)}`} className="inbox-link">
              <span className="number">{item.number}</span>
              <span className="procedure">{procedureName(item.procedure)}</span>
              <Countdown dueAt={item.nextDueAt} />
              <span className="tags">
                {item.reason === 'escalated_to_me' && (
                  <span className="badge escalated">{t('inbox.escalatedToMe')}</span>
                )}
                {item.reason !== 'escalated_to_me' && item.escalationLevel > 0 && (
                  <span className="badge escalated">{t('inbox.escalated', { level: item.escalationLevel })}</span>
                )}
                {item.overdue && <span className="badge overdue">{t('inbox.overdue')}</span>}
                {item.drill && <span className="badge drill">{t('case.drill')}</span>}
              </span>
              <span className="awaiting muted">
                {t('inbox.awaiting')}: {item.awaitingRoles.map(session.roleName).join('、') || '—'}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
