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
