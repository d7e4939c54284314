/**
 * Deadline specs as written in site policy, and when they fall due.
 * Pure and deterministic (bundled into the Temporal workflow sandbox).
 */
import type { CalendarConfig } from './schema';
import { addWorkingTime, firstUncoveredDate, type WorkingUnit } from './working-time';

export type DeadlineSpec = { kind: 'duration'; ms: number } | { kind: 'working'; unit: WorkingUnit; count: number };

/** Largest n accepted in "<n>WD" / "<n>WH" / "<n>WM" (keeps a deadline computation inside a workflow activation cheap). */
export const MAX_WORKING_COUNT = 10_000;

export const DEADLINE_SPEC_FORMS =
  'expected an ISO-8601 duration of days/hours/minutes/seconds such as "PT5M", "PT1H30M", "P1D" or "PT0S", ' +
  `or working time "<n>WD" (working days), "<n>WH" (working hours) or "<n>WM" (working minutes) with n a whole number from 1 to ${MAX_WORKING_COUNT}, such as "3WD", "4WH" or "10WM"`;

const DURATION_RE = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const WORKING_RE = /^([1-9]\d*)(WD|WH|WM)$/;

/** Parses a deadline spec, or returns undefined when it is not one. */
export function tryParseDeadlineSpec(spec: string): DeadlineSpec | undefined {
  if (typeof spec !== 'string') return undefined;
  const w = WORKING_RE.exec(spec);
  if (w) {
    const count = Number(w[1]);
    if (count > MAX_WORKING_COUNT) return undefined;
    return { kind: 'working', unit: w[2] as WorkingUnit, count };
  }
  const d = DURATION_RE.exec(spec);
  if (d) {
    const [days, hours, minutes, seconds] = [d[1], d[2], d[3], d[4]].map((x) => (x === undefined ? 0 : Number(x)));
    const ms = (((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 + (seconds ?? 0) * 1_000;
    return Number.isSafeInteger(ms) ? { kind: 'duration', ms } : undefined;
  }
  return undefined;
}

/** Parses a deadline spec; throws an Error naming the accepted forms when it is not one. */
export function parseDeadlineSpec(spec: string): DeadlineSpec {
  const parsed = tryParseDeadlineSpec(spec);
  if (!parsed) throw new Error(`invalid deadline ${JSON.stringify(spec)}: ${DEADLINE_SPEC_FORMS}`);
  return parsed;
}

/**
 * When a deadline started at `fromMs` falls due (epoch ms). ISO durations are plain elapsed time (P1D = 24 h, even
 * across a DST change or a holiday); WD/WH/WM are working time on `cal` (see addWorkingTime).
 */
export function dueAt(spec: string, fromMs: number, cal: CalendarConfig): number {
  const parsed = parseDeadlineSpec(spec);
  if (!Number.isFinite(fromMs)) throw new Error(`fromMs must be a finite epoch-millisecond number, got ${fromMs}`);
  if (parsed.kind === 'duration') return fromMs + parsed.ms;
  return addWorkingTime(fromMs, { unit: parsed.unit, count: parsed.count }, cal);
}

/** Milliseconds from `fromMs` until the deadline falls due (≥ 0); e.g. the argument for a workflow `sleep`. */
export function msUntilDue(spec: string, fromMs: number, cal: CalendarConfig): number {
  return dueAt(spec, fromMs, cal) - fromMs;
}

/**
 * The first date (YYYY-MM-DD, the calendar's zone) whose official holiday arrangement the calendar lacks and that a
 * deadline counted from `fromMs` to `dueMs` stepped over; undefined when the spec is plain elapsed time (holidays do
 * not matter to it) or every date in between is covered. A defined answer means the due time may be wrong by the
 * unknown holidays: show it beside the deadline.
 */
export function deadlineUncoveredFrom(
  spec: string,
  fromMs: number,
  dueMs: number,
  cal: CalendarConfig,
): string | undefined {
  const parsed = tryParseDeadlineSpec(spec);
  if (!parsed || parsed.kind === 'duration') return undefined;
  return firstUncoveredDate(fromMs, dueMs, cal);
}
