/**
 * Instants and lengths of time as the server writes them into words people read (escalation explanations, e-mails
 * and robot messages, acknowledge pages, PDF documents): the same one format per language as the UI's
 * `ui/src/format.ts` (the UI imports no part, so it keeps its own copy of these two rules).
 */

/** The languages the server writes in. */
export type WordsLang = 'zh-CN' | 'en';

const locale = (lang: WordsLang) => (lang === 'en' ? 'en-GB' : 'zh-CN');
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant (ISO string or epoch ms) as a date and time in time zone `zone`: zh-CN `2026年12月2日 14:05`,
 * en `2 Dec 2026, 14:05`. Throws RangeError for an unknown zone.
 */
export function formatInstant(at: string | number, zone: string, lang: WordsLang): string {
  const key = `${lang}|${zone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(lang), {
      timeZone: zone,
      year: 'numeric',
      month: lang === 'en' ? 'short' : 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    instantFormats.set(key, format);
  }
  return format.format(new Date(at));
}

const units = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/**
 * A length of time (ms; the sign is ignored) in words, to its two largest units: zh-CN `2天23小时`, `4分钟52秒`,
 * `0秒`; en `2 days 23 hrs`, `4 mins 52 secs`. A zero after a larger unit is left out (`3天`, not `3天0小时`).
 */
export function durationInWords(ms: number, lang: WordsLang): string {
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
  const said = parts.filter((p, i) => i === 0 || !/^0\D/.test(p));
  return said.join(lang === 'en' ? ' ' : '');
}
