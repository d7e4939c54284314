/**
 * Days and months as a site reads them: every report, filter, CSV and chart counts a case in the calendar month of
 * its own site's zone (the site policy's `calendar.zone`), never in UTC's.
 */

import { formatsByZone } from '../../workflows/calendar';

const DAY_MS = 86_400_000;

/** The zone to read a site's dates in: its policy's, else the product's default (China). */
export function zoneOfSite(sites: ReadonlyMap<string, { calendar: { zone: string } }>, site: string): string {
  return sites.get(site)?.calendar.zone ?? 'Asia/Shanghai';
}

/** `YYYY-MM-DD` of an instant (ISO string or epoch ms) in an IANA zone, e.g. 2026-02-28T23:30Z → 2026-03-01 in Shanghai. */
export function dayIn(instant: string | number, zone: string): string {
  return dayFormat(zone).format(new Date(instant));
}

// One formatter per zone, made once (a report places every case it counts: 100,000 in the records bench); en-CA
// writes dates as YYYY-MM-DD.
const dayFormat = formatsByZone('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
const isoFormat = formatsByZone('en-CA', {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `YYYY-MM` of an instant (ISO string or epoch ms) in an IANA zone. */
export function monthIn(instant: string | number, zone: string): string {
  return dayIn(instant, zone).slice(0, 7);
}

/** The month `n` months after `YYYY-MM` (negative: before), as `YYYY-MM`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months ending with `last` (`YYYY-MM`), oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - (count - 1)));
}

/**
 * A UTC window, as ISO strings, that holds every instant of the months `first`..`last` (`YYYY-MM`) in any zone
 * (zones run from UTC−12 to UTC+14): a visibility query narrows with it, then each case is placed by its site's zone.
 */
export function utcWindowOfMonths(first: string, last: string = first): { from: string; to: string } {
  const [fy, fm] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = addMonths(last, 1).split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(fy, fm - 1, 1) - DAY_MS).toISOString(),
    to: new Date(Date.UTC(ly, lm - 1, 1) + DAY_MS).toISOString(),
  };
}

/** An instant written in the zone's local time with its offset, e.g. `2026-03-01T07:30:00+08:00`: for CSV files. */
export function localIso(instant: string | number, zone: string): string {
  const date = new Date(instant);
  const parts = Object.fromEntries(
    isoFormat(zone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMin = Math.round((Date.parse(`${local}Z`) - (date.getTime() - date.getMilliseconds())) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
