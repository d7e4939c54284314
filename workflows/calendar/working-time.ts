/**
 * Working-time arithmetic over a site calendar.
 *
 * Pure and deterministic: bundled into the Temporal workflow sandbox, so no Node built-ins, no clock, no randomness,
 * no I/O, and no dependence on the process's time zone (TZ): time zones are read through `Intl` with an explicit zone,
 * dates are pure day arithmetic. Holidays come from the calendar's own `holidayTable` (what the case carries), or, for a
 * calendar without one, from the bundled `chinese-days` data.
 *
 * Model: a working date is a local date (in `cal.zone`) that is a working day — one of `cal.workdays` (default
 * Monday–Friday); for holidays 'cn' an official rest day is off and an official make-up working day (调休) is on; then
 * `closedDates` forced off and `openDates` forced on. With `hours: 'always'` every date is working and its period is
 * the whole day. A working date's working periods are its `hours` intervals read as local wall-clock times; a wall-clock time that does not exist (DST gap) means the first instant after the gap,
 * an ambiguous one (DST overlap) means its first occurrence. Working time is measured in elapsed milliseconds.
 *
 * Longer than 300 lines on purpose: the arithmetic is one model — local dates and wall-clock times in a zone, working
 * dates and their periods, then adding and measuring working time — and each function leans on the ones above it, so
 * it reads top to bottom; what stands apart already lives apart: the holiday data (holiday-data.ts), deadline specs
 * (deadline.ts) and the calendar's schema (schema.ts).
 */
import { packageTables, cnHolidayDataCovers } from './holiday-data';
import { MON_FRI, WEEKDAYS, type CalendarConfig } from './schema';
import { formatsByZone } from './zone-formats';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A calendar with no working time for this many consecutive days is treated as broken (guards endless loops). */
const MAX_IDLE_DAYS = 3_660;

/** WD working days (count × the day's working length), WH working hours, WM working minutes. */
export type WorkingUnit = 'WD' | 'WH' | 'WM';
export interface WorkingAmount {
  unit: WorkingUnit;
  count: number;
}

/** Minutes after local midnight for "HH:MM" (accepts "24:00" = 1440); NaN when malformed. */
export function timeToMinutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

// ---------------------------------------------------------------------------------------------------------------
// Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian) — pure arithmetic, no Date.

/** Day number of a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number (Howard Hinnant's civil_from_days). */
function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function dateKey(days: number): string {
  const { y, m, d } = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function dayFromKey(key: string): number {
  return daysFromCivil(Number(key.slice(0, 4)), Number(key.slice(5, 7)), Number(key.slice(8, 10)));
}

// ---------------------------------------------------------------------------------------------------------------
// Time zones through Intl.

const formatterFor = formatsByZone('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Local wall-clock time of an instant, as milliseconds on a UTC-like axis (whole seconds). */
function wallMsAt(ms: number, zone: string): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of formatterFor(zone).formatToParts(ms)) {
    const v = Number(part.value);
    switch (part.type) {
      case 'year':
        y = v;
        break;
      case 'month':
        mo = v;
        break;
      case 'day':
        d = v;
        break;
      case 'hour':
        h = v === 24 ? 0 : v;
        break;
      case 'minute':
        mi = v;
        break;
      case 'second':
        s = v;
        break;
    }
  }
  return daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + s * SECOND_MS;
}

/** UTC offset (ms, local minus UTC) in force at an instant. */
function offsetAt(ms: number, zone: string): number {
  const whole = Math.floor(ms / SECOND_MS) * SECOND_MS;
  return wallMsAt(whole, zone) - whole;
}

/** Local date (day number) of an instant. */
function localDayOf(ms: number, zone: string): number {
  return Math.floor((ms + offsetAt(ms, zone)) / DAY_MS);
}

/**
 * The instant of a local wall-clock time (`wall` on the UTC-like axis). Nonexistent (DST gap): the instant the same
 * distance after the gap's start (e.g. 02:30 on a 02:00→03:00 spring-forward day is 03:30). Ambiguous (DST overlap):
 * the earlier instant. (This is Temporal's 'compatible' disambiguation.)
 */
function instantOfWall(wall: number, zone: string): number {
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  let best: number | undefined;
  for (const off of before === after ? [before] : [before, after]) {
    const candidate = wall - off;
    if (offsetAt(candidate, zone) === off && (best === undefined || candidate < best)) best = candidate;
  }
  return best ?? wall - before;
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays.

/** The official arrangement a calendar reads: its own table, or chinese-days' when it carries none. */
interface HolidaySource {
  off: (key: string) => boolean;
  on: (key: string) => boolean;
  covers: (year: number) => boolean;
}

const has = (o: Record<string, string>, key: string) => Object.prototype.hasOwnProperty.call(o, key);
const packageSource: HolidaySource = {
  off: (key) => has(packageTables.off, key),
  on: (key) => has(packageTables.on, key),
  covers: cnHolidayDataCovers,
};

// ---------------------------------------------------------------------------------------------------------------
// Compiled calendar.

interface Compiled {
  zone: string;
  /** [startMinute, endMinute) after local midnight, ascending. */
  intervals: Array<[number, number]>;
  /** hours 'always': every day works, all day. */
  always: boolean;
  /** Working weekdays, 0 = Sunday. */
  workdays: Set<number>;
  /** The official arrangement, for holidays 'cn'. */
  official?: HolidaySource;
  closed: Set<string>;
  open: Set<string>;
  /** Configured length of a working day (sum of the intervals, wall clock). */
  dayLengthMs: number;
}

const compiledCache = new WeakMap<CalendarConfig, Compiled>();

function compile(cal: CalendarConfig): Compiled {
  const cached = compiledCache.get(cal);
  if (cached) return cached;
  const always = cal.hours === 'always';
  const intervals =
    cal.hours === 'always'
      ? [[0, 1440] as [number, number]]
      : cal.hours.map((h): [number, number] => [timeToMinutes(h.start), timeToMinutes(h.end)]);
  let prevEnd = 0;
  for (const [a, b] of intervals) {
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= prevEnd && a < b && b <= 1440)) {
      throw new Error('calendar hours are invalid; validate the calendar with CalendarConfigSchema first');
    }
    prevEnd = b;
  }
  // Cases started before `workdays` existed carry none: they meant Monday–Friday.
  const workdays = new Set((cal.workdays ?? MON_FRI).map((d) => WEEKDAYS.indexOf(d)));
  if (workdays.has(-1))
    throw new Error('calendar workdays are invalid; validate the calendar with CalendarConfigSchema first');
  const compiled: Compiled = {
    zone: cal.zone,
    intervals,
    always,
    workdays,
    official: cal.holidays !== 'cn' ? undefined : cal.holidayTable ? tableSource(cal.holidayTable) : packageSource,
    closed: new Set(cal.closedDates),
    open: new Set(cal.openDates),
    dayLengthMs: intervals.reduce((sum, [a, b]) => sum + (b - a) * MINUTE_MS, 0),
  };
  compiledCache.set(cal, compiled);
  return compiled;
}

function tableSource(table: NonNullable<CalendarConfig['holidayTable']>): HolidaySource {
  const off = new Set(table.off);
  const on = new Set(table.on);
  const years = new Set(table.years);
  return { off: (key) => off.has(key), on: (key) => on.has(key), covers: (y) => years.has(y) };
}

function isWorkingDay(days: number, c: Compiled): boolean {
  if (c.always) return true;
  const key = c.closed.size > 0 || c.open.size > 0 || c.official ? dateKey(days) : '';
  if (c.closed.has(key)) return false;
  if (c.open.has(key)) return true;
  if (c.official) {
    // A make-up working day (调休) works; an official rest day does not; other dates follow the weekday rule.
    if (c.official.on(key)) return true;
    if (c.official.off(key)) return false;
  }
  return c.workdays.has(weekdayOf(days));
}

/** Working periods [start, end) of a local date as instants; empty when it is not a working date. */
function periodsOn(days: number, c: Compiled): Array<[number, number]> {
  if (!isWorkingDay(days, c)) return [];
  const out: Array<[number, number]> = [];
  for (const [a, b] of c.intervals) {
    const start = instantOfWall(days * DAY_MS + a * MINUTE_MS, c.zone);
    const end = instantOfWall(days * DAY_MS + b * MINUTE_MS, c.zone);
    if (end > start) out.push([start, end]);
  }
  return out;
}

function assertInstant(ms: number, name: string): void {
  if (!Number.isFinite(ms)) throw new Error(`${name} must be a finite epoch-millisecond number, got ${ms}`);
}

function noWorkingTime(fromMs: number): Error {
  return new Error(`calendar has no working time within ${MAX_IDLE_DAYS} days after ${new Date(fromMs).toISOString()}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Public API.

/** Whether a local date "YYYY-MM-DD" (in the calendar's zone) is a working day. */
export function isWorkingDate(date: string, cal: CalendarConfig): boolean {
  const days = /^\d{4}-\d{2}-\d{2}$/.test(date) ? dayFromKey(date) : NaN;
  if (!(dateKey(days) === date))
    throw new Error(`date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return isWorkingDay(days, compile(cal));
}

/** Whether the instant lies inside a working period (periods are half-open: opening time is in, closing time is out). */
export function isWorkingInstant(ms: number, cal: CalendarConfig): boolean {
  assertInstant(ms, 'ms');
  const c = compile(cal);
  return periodsOn(localDayOf(ms, c.zone), c).some(([s, e]) => s <= ms && ms < e);
}

/** The earliest working instant at or after `ms` (`ms` itself when it is working time, else the next opening). */
export function nextWorkingInstant(ms: number, cal: CalendarConfig): number {
  assertInstant(ms, 'ms');
  const c = compile(cal);
  const first = localDayOf(ms, c.zone);
  for (let day = first; day - first <= MAX_IDLE_DAYS; day++) {
    for (const [s, e] of periodsOn(day, c)) if (e > ms) return Math.max(s, ms);
  }
  throw noWorkingTime(ms);
}

/** Configured length of one working day in ms (sum of the `hours` intervals, e.g. 9 h for 09:00–18:00). */
export function workingDayLengthMs(cal: CalendarConfig): number {
  return compile(cal).dayLengthMs;
}

/** Working time (ms) inside [fromMs, toMs); 0 when toMs <= fromMs. */
export function workingTimeBetween(fromMs: number, toMs: number, cal: CalendarConfig): number {
  assertInstant(fromMs, 'fromMs');
  assertInstant(toMs, 'toMs');
  if (toMs <= fromMs) return 0;
  const c = compile(cal);
  const last = localDayOf(toMs, c.zone);
  let total = 0;
  for (let day = localDayOf(fromMs, c.zone); day <= last; day++) {
    for (const [s, e] of periodsOn(day, c)) total += Math.max(0, Math.min(e, toMs) - Math.max(s, fromMs));
  }
  return total;
}

/**
 * The earliest instant by which `count` units of working time have passed since `fromMs`.
 * Semantics: WH = elapsed hours inside working periods (WM the same in minutes), counted from `fromMs`, or from the next opening when `fromMs` is
 * outside working time; WD = count × the configured day length (9 h for 09:00–18:00) of working time counted the same
 * way. So from inside working hours 1WD is the same time of day on the next working day (Fri 17:00 → Mon 17:00), and
 * from before opening, after closing or on a day off it is closing time of the first working day (Fri 20:00 → Mon
 * 18:00; Mon 08:00 → Mon 18:00). A result exactly at a closing time stays there (not the next opening). count may be
 * fractional; 0 returns `fromMs`.
 */
export function addWorkingTime(fromMs: number, amount: WorkingAmount, cal: CalendarConfig): number {
  assertInstant(fromMs, 'fromMs');
  const { unit, count } = amount;
  if (unit !== 'WD' && unit !== 'WH' && unit !== 'WM')
    throw new Error(`working-time unit must be 'WD', 'WH' or 'WM', got ${String(unit)}`);
  if (!Number.isFinite(count) || count < 0) throw new Error(`working-time count must be >= 0, got ${count}`);
  const c = compile(cal);
  let remaining = Math.round(count * (unit === 'WH' ? HOUR_MS : unit === 'WM' ? MINUTE_MS : c.dayLengthMs));
  if (remaining === 0) return fromMs;
  let idle = 0;
  for (let day = localDayOf(fromMs, c.zone); ; day++) {
    for (const [s, e] of periodsOn(day, c)) {
      if (e <= fromMs) continue;
      const start = Math.max(s, fromMs);
      const available = e - start;
      if (remaining <= available) return start + remaining;
      remaining -= available;
      idle = 0;
    }
    if (++idle > MAX_IDLE_DAYS) throw noWorkingTime(fromMs);
  }
}

/**
 * The first local date (YYYY-MM-DD, in the calendar's zone) from the date of `fromMs` through the date of `toMs` whose
 * official holiday arrangement the calendar does not have (its year is outside the holiday table, or outside
 * chinese-days' data for a calendar without a table); undefined when every date is covered, or when holidays do not
 * matter (holidays 'none', hours 'always'). A deadline counted over such a date may be wrong by the unknown holidays.
 */
export function firstUncoveredDate(fromMs: number, toMs: number, cal: CalendarConfig): string | undefined {
  assertInstant(fromMs, 'fromMs');
  assertInstant(toMs, 'toMs');
  const c = compile(cal);
  if (c.always || !c.official) return undefined;
  const first = localDayOf(Math.min(fromMs, toMs), c.zone);
  const last = localDayOf(Math.max(fromMs, toMs), c.zone);
  for (let day = first; day <= last;) {
    const { y } = civilFromDays(day);
    if (!c.official.covers(y)) return dateKey(day);
    day = daysFromCivil(y + 1, 1, 1); // the next year's first date
  }
  return undefined;
}
