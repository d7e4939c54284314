/**
 * Official holiday arrangements (State Council notices): the data bundled with chinese-days, and tables that combine
 * it with administrators' holiday files. Pure and deterministic (bundled into the Temporal workflow sandbox).
 */
// chinese-days' own data table, read directly: its functions (isWorkday, getDayDetail…) build and read their tables
// with the host's local-time Date getters, which shifts every date by one day on hosts west of UTC (checked on 1.5.7).
import cnDaysData from 'chinese-days/dist/chinese-days.json';
import type { HolidayTable } from './schema';

/** One year's official arrangement: rest days (`off`) and make-up working days (`on`), YYYY-MM-DD, and its source. */
export interface HolidayYear {
  year: number;
  off: string[];
  on: string[];
  /** Where it came from, for messages: "chinese-days" or a holiday file's path. */
  source: string;
}

const cn = cnDaysData as { holidays: Record<string, string>; workdays: Record<string, string> };

/** chinese-days' raw tables (keys YYYY-MM-DD); read by calendars that carry no holiday table of their own. */
export const packageTables: { off: Record<string, string>; on: Record<string, string> } = {
  off: cn.holidays,
  on: cn.workdays,
};

/** Years for which chinese-days carries the State Council's arrangement (1.5.7: 2004–2026). */
const packageYears = new Set(Object.keys(cn.holidays).map((key) => Number(key.slice(0, 4))));

/**
 * Whether chinese-days carries the official holiday arrangement for `year` (1.5.7: 2004–2026). A year it does not
 * cover needs a holiday file (config/holidays/); until then deadlines in it carry a coverage warning.
 */
export function cnHolidayDataCovers(year: number): boolean {
  return packageYears.has(year);
}

/** The arrangement chinese-days carries, one entry per year it covers, ascending. */
export function packageHolidayYears(): HolidayYear[] {
  const years = new Map<number, HolidayYear>();
  const add = (key: string, kind: 'off' | 'on') => {
    const year = Number(key.slice(0, 4));
    let y = years.get(year);
    if (!y) years.set(year, (y = { year, off: [], on: [], source: 'chinese-days' }));
    y[kind].push(key);
  };
  for (const key of Object.keys(cn.holidays)) add(key, 'off');
  for (const key of Object.keys(cn.workdays)) add(key, 'on');
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/** The years `from`..`to` (inclusive) that `years` has, as the table a case carries; a year it lacks stays uncovered. */
export function holidayTableFor(years: readonly HolidayYear[], from: number, to: number): HolidayTable {
  const chosen = years.filter((y) => y.year >= from && y.year <= to).sort((a, b) => a.year - b.year);
  return {
    years: chosen.map((y) => y.year),
    off: chosen.flatMap((y) => [...y.off].sort()),
    on: chosen.flatMap((y) => [...y.on].sort()),
  };
}
