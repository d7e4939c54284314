import { useTranslation } from 'react-i18next';
import { useNow } from '../api/hooks';
import { duration } from '../format';

/**
 * Time left to a deadline in words (「剩余 4分钟52秒」), live; past it, red with how late. `quiet`: a secondary deadline, not announced as a timer
 * (the page's own deadline is the one `role="timer"`).
 */
export function Countdown({ dueAt, quiet = false }: { dueAt: string | null; quiet?: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!dueAt) return <span className="countdown none">{t('inbox.noDeadline')}</span>;
  const left = Date.parse(dueAt) - now;
  const time = duration(left, i18n.language);
  const text = left >= 0 ? t('countdown.left', { time }) : t('countdown.late', { time });
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
