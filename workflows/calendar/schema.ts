/**
 * Site calendar configuration and deadline-spec validation.
 * Pure code: bundled into the Temporal workflow sandbox (no Node built-ins, no clock, no I/O).
 */
import { z } from 'zod';
import { DEADLINE_SPEC_FORMS, tryParseDeadlineSpec } from './deadline';
import { timeToMinutes } from './working-time';

const TIME_START_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const TIME_END_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real Gregorian calendar date written YYYY-MM-DD. */
export function isValidDateKey(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= monthDays;
}

/** True when `Intl` knows the time zone (IANA names such as "Asia/Shanghai", "Europe/Berlin", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const WorkingIntervalSchema = z
  .strictObject({
    start: z.string().regex(TIME_START_RE, { error: 'start must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"' }),
    end: z.string().regex(TIME_END_RE, { error: 'end must be a time "HH:MM" from 00:01 to 24:00, e.g. "18:00"' }),
  })
  .refine(
    (i) => !TIME_START_RE.test(i.start) || !TIME_END_RE.test(i.end) || timeToMinutes(i.start) < timeToMinutes(i.end),
    {
      error:
        'a working-hours interval must end after it starts on the same day (overnight intervals are not supported)',
      path: ['end'],
    },
  );

const DateKeySchema = z.string().refine(isValidDateKey, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a calendar date written YYYY-MM-DD (e.g. "2026-10-08")`,
});

/** Weekday names as written in policy files, Sunday first (index = JavaScript's getUTCDay()). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Monday–Friday: the working week of the Conventions (procedures.md) and every calendar that does not name its own. */
export const MON_FRI: readonly Weekday[] = Object.freeze(['mon', 'tue', 'wed', 'thu', 'fri']);

/**
 * The official holiday arrangement a case carries for the years of its horizon (copied in when the case starts, so
 * a later data change never moves its deadlines): the `years` it covers, and in them the State Council's rest days
 * (`off`) and make-up working days (`on`), YYYY-MM-DD. A date of another year is not covered: it counts by the
 * weekday rule alone, and deadlines that reach it carry a coverage warning.
 */
export const HolidayTableSchema = z
  .strictObject({
    years: z.array(z.number().int().min(1900).max(9999)),
    off: z.array(DateKeySchema),
    on: z.array(DateKeySchema),
  })
  .superRefine((t, ctx) => {
    const years = new Set(t.years);
    const off = new Set(t.off);
    for (const kind of ['off', 'on'] as const) {
      t[kind].forEach((d, i) => {
        if (!years.has(Number(d.slice(0, 4))))
          ctx.addIssue({ code: 'custom', path: [kind, i], message: `${d} is outside the table's years` });
        if (kind === 'on' && off.has(d))
          ctx.addIssue({
            code: 'custom',
            path: [kind, i],
            message: `${d} is both a rest day and a make-up working day`,
          });
      });
    }
  });
export type HolidayTable = z.output<typeof HolidayTableSchema>;

export const CalendarConfigSchema = z
  .strictObject({
    /** IANA time zone in which hours and dates are read. */
    zone: z
      .string()
      .refine(isValidTimeZone, {
        error: (iss) =>
          `unknown time zone ${JSON.stringify(iss.input)}: use an IANA zone name such as "Asia/Shanghai" or "Europe/Berlin"`,
      })
      .default('Asia/Shanghai'),
    /**
     * Working periods of a working day, local wall-clock time, ascending and non-overlapping (several periods = breaks
     * between them, e.g. a lunch break); or "always": working time is every minute of every day (round-the-clock
     * sites), whatever the weekdays and holidays say.
     */
    hours: z
      .union([
        z.literal('always'),
        z
          .array(WorkingIntervalSchema)
          .min(1, { error: 'hours needs at least one interval, e.g. [{ start: "09:00", end: "18:00" }], or "always"' })
          .superRefine((hours, ctx) => {
            for (let i = 1; i < hours.length; i++) {
              const prev = hours[i - 1];
              const cur = hours[i];
              if (prev && cur && timeToMinutes(cur.start) < timeToMinutes(prev.end)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [i, 'start'],
                  message: `hours intervals must be in ascending order and must not overlap: ${cur.start} starts before the previous interval ends at ${prev.end}`,
                });
              }
            }
          }),
      ])
      .default(() => [{ start: '09:00', end: '18:00' }]),
    /** The weekdays that are working days when no holiday rule says otherwise; default Monday–Friday. */
    workdays: z
      .array(z.enum(WEEKDAYS, { error: `a weekday is one of ${WEEKDAYS.join(', ')}` }))
      .min(1, { error: 'workdays needs at least one weekday, e.g. [mon, tue, wed, thu, fri]' })
      .refine((days) => new Set(days).size === days.length, { error: 'workdays lists a weekday twice' })
      .default(() => [...MON_FRI]),
    /** 'cn': official Chinese public holidays and adjusted working days (调休); 'none': the weekday rule alone. */
    holidays: z
      .enum(['cn', 'none'], {
        error: 'holidays must be "cn" (official Chinese holidays) or "none" (plain Monday–Friday)',
      })
      .default('cn'),
    /** Extra non-working dates (site closures), YYYY-MM-DD in the site's zone. */
    closedDates: z.array(DateKeySchema).default(() => []),
    /** Extra working dates (e.g. a site that opens on a weekend), YYYY-MM-DD in the site's zone. */
    openDates: z.array(DateKeySchema).default(() => []),
    /**
     * For holidays 'cn': the arrangement resolved at start from chinese-days and config/holidays/ (set by the config
     * loader and copied into each case; not written by hand). Absent: the bundled chinese-days data is read directly,
     * as cases started before this field existed did.
     */
    holidayTable: HolidayTableSchema.optional(),
  })
  .superRefine((cal, ctx) => {
    const closed = new Set(cal.closedDates);
    cal.openDates.forEach((d, i) => {
      if (closed.has(d)) {
        ctx.addIssue({
          code: 'custom',
          path: ['openDates', i],
          message: `${d} is listed in both closedDates and openDates; keep it in one of them`,
        });
      }
    });
  });

/** A validated calendar (defaults applied). */
export type CalendarConfig = z.output<typeof CalendarConfigSchema>;
/** What a site policy file may contain (every field optional). */
export type CalendarConfigInput = z.input<typeof CalendarConfigSchema>;

/** The calendar of the Conventions: Monday–Friday 09:00–18:00 Asia/Shanghai with official Chinese holidays and 调休. */
export const DEFAULT_CALENDAR: CalendarConfig = Object.freeze({
  zone: 'Asia/Shanghai',
  hours: Object.freeze([Object.freeze({ start: '09:00', end: '18:00' })]),
  workdays: MON_FRI,
  holidays: 'cn',
  closedDates: Object.freeze([]),
  openDates: Object.freeze([]),
}) as unknown as CalendarConfig;

/**
 * A deadline as written in site policy: an ISO-8601 duration (days/hours/minutes/seconds only, elapsed time:
 * "PT5M", "PT0S", "P1D", "PT1H30M") or working time "<n>WD" (working days) / "<n>WH" (working hours) / "<n>WM"
 * (working minutes), n a positive integer.
 */
export const DeadlineSpecSchema = z
  .string({ error: `a deadline must be a string: ${DEADLINE_SPEC_FORMS}` })
  .refine((s) => tryParseDeadlineSpec(s) !== undefined, {
    error: (iss) => `invalid deadline ${JSON.stringify(iss.input)}: ${DEADLINE_SPEC_FORMS}`,
  });
