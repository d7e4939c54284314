/**
 * Dates and durations as staff read them: the one place the UI formats either. One date format per language, in the
 * site's time zone (zh-CN `2026年12月2日 14:05`, en `2 Dec 2026, 14:05`); durations in words through Intl's unit
 * names (zh-CN `2天23小时`, `4分钟52秒`; en `2 days 23 hrs`, `4 mins 52 secs`).
 */

const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'zh-CN');

/** An instant (ISO string) as a date and time in `zone`; `—` when there is none. */
export function formatTime(iso: string | null | undefined, zone: string, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: zone,
    year: 'numeric',
    month: lang === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** A calendar date (`YYYY-MM-DD`, no time zone) in the language's date format: `2027年1月1日`, `1 Jan 2027`. */
export function formatDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    year: 'numeric',
    month: lang === 'en' ? 'short' : 'long',
    day: 'numeric',
  }).format(Date.UTC(y, m - 1, d));
}

/** A month (`YYYY-MM`) in words: `2026年12月`, `Dec 2026`. */
export function formatMonth(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    year: 'numeric',
    month: lang === 'en' ? 'short' : 'long',
  }).format(Date.UTC(y, m - 1, 1));
}

const units = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/**
 * A length of time (milliseconds; the sign is ignored) in words, to its two largest units: `2天23小时`, `4分钟52秒`,
 * `0秒`; in English `2 days 23 hrs`, `4 mins 52 secs`. Countdowns and lateness say it this way everywhere.
 */
export function duration(ms: number, lang: string): string {
  let rest = Math.floor(Math.abs(ms) / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0)
      parts.push(new Intl.NumberFormat(locale(lang), { style: 'unit', unit, unitDisplay: 'short' }).format(n));
    if (parts.length === 2) break;
  }
  if (parts.length === 0)
    parts.push(new Intl.NumberFormat(locale(lang), { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(0));
  // A unit that counts zero after a larger one says nothing ("3天", not "3天0小时").
  const said = parts.filter((p, i) => i === 0 || !/^0\D/.test(p));
  return said.join(lang === 'en' ? ' ' : '');
}
