import { useTranslation } from 'react-i18next';
import { useNow } from '../api/hooks';
import { clock } from '../format';

/**
 * Time left to a deadline, live; past it, red with how late. `quiet`: a secondary deadline, not announced as a timer
 * (the page's own deadline is the one `role="timer"`).
 */
export function Countdown({ dueAt, quiet = false }: { dueAt: string | null; quiet?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!dueAt) return <span className="countdown none">{t('inbox.noDeadline')}</span>;
  const left = Date.parse(dueAt) - now;
  const text = left >= 0 ? t('countdown.left', { time: clock(left) }) : t('countdown.late', { time: clock(left) });
  return (
    <span
      className={`countdown ${left < 0 ? 'overdue' : left < 60_000 ? 'soon' : ''}`}
      role={quiet ? undefined : 'timer'}
      aria-live="off"
    >
      {text}
    </span>
  );
}
