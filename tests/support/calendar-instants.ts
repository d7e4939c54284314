import { CalendarConfigSchema, type CalendarConfig, type CalendarConfigInput } from '../../workflows/calendar';

// The calendar tests' shorthand for instants and calendars (workflows/calendar/*.test.ts).

/** Epoch ms of an ISO string with an explicit offset; throws on a string Date.parse cannot read (a test typo). */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};

/** Epoch ms as a UTC ISO string: tests compare these so a failure shows readable instants. */
export const utc = (ms: number): string => new Date(ms).toISOString();

/** A site calendar as the schema makes it from `input` (defaults filled in); throws the schema's error on bad input. */
export const cal = (input: CalendarConfigInput = {}): CalendarConfig => CalendarConfigSchema.parse(input);

/**
 * The first instant after `from` (epoch ms) that falls on `weekday` (0 Sunday … 6 Saturday) at `hour`:00 in Shanghai
 * (UTC+8 all year, no DST): where a time-skipping test moves the server's clock to start a case on, say, a Friday
 * afternoon. Epoch ms.
 */
export const nextShanghai = (from: number, weekday: number, hour: number): number => {
  const shanghai = new Date(from + 8 * 3_600_000);
  const sameDay =
    Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate(), hour) - 8 * 3_600_000;
  const ahead = (weekday - shanghai.getUTCDay() + 7) % 7;
  const candidate = sameDay + ahead * 86_400_000;
  return candidate > from ? candidate : candidate + 7 * 86_400_000;
};
