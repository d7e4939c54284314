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

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The wall-clock parts of instant `ms` in `zone`. */
function wallParts(ms: number, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    y: Number(parts.year),
    mo: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    mi: Number(parts.minute),
    s: Number(parts.second),
  };
}

/** How far `zone` is ahead of UTC at instant `ms`, in minutes (Asia/Shanghai: 480). */
function offsetMinutes(ms: number, zone: string): number {
  const w = wallParts(ms, zone);
  return Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * An instant (ISO string) as a `datetime-local` input's value (`2026-11-24T14:30`): the wall time in the site's `zone`,
 * whatever zone the browser is in; '' for no or a bad instant.
 */
export function toZonedInput(iso: string | undefined, zone: string): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) return '';
  const w = wallParts(ms, zone);
  return `${w.y}-${pad2(w.mo)}-${pad2(w.d)}T${pad2(w.h)}:${pad2(w.mi)}`;
}

/**
 * A `datetime-local` value (`2026-11-24T14:30`, wall time in the site's `zone`) as the instant the schema takes: ISO
 * 8601 with that zone's offset at that moment (`2026-11-24T14:30:00+08:00`); undefined for an empty or bad value.
 */
export function fromZonedInput(local: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The offset at the instant itself: guess with the offset at the wall time read as UTC, then correct once.
  let offset = offsetMinutes(asUtc, zone);
  offset = offsetMinutes(asUtc - offset * 60_000, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
