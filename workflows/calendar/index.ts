/** Working-time calendar for deadlines: pure and deterministic, safe inside Temporal workflow code. */
export {
  CalendarConfigSchema,
  DeadlineSpecSchema,
  DEFAULT_CALENDAR,
  isValidDateKey,
  isValidTimeZone,
  type CalendarConfig,
  type CalendarConfigInput,
} from './schema';
export {
  addWorkingTime,
  cnHolidayDataCovers,
  isWorkingDate,
  isWorkingInstant,
  nextWorkingInstant,
  workingDayLengthMs,
  workingTimeBetween,
  type WorkingAmount,
  type WorkingUnit,
} from './working-time';
export {
  DEADLINE_SPEC_FORMS,
  MAX_WORKING_COUNT,
  dueAt,
  msUntilDue,
  parseDeadlineSpec,
  tryParseDeadlineSpec,
  type DeadlineSpec,
} from './deadline';
