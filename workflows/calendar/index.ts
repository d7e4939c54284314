/** Working-time calendar for deadlines: pure and deterministic, safe inside Temporal workflow code. */
export {
  CalendarConfigSchema,
  DeadlineSpecSchema,
  DEFAULT_CALENDAR,
  HolidayTableSchema,
  MON_FRI,
  WEEKDAYS,
  type HolidayTable,
  type Weekday,
  isValidDateKey,
  isValidTimeZone,
  type CalendarConfig,
  type CalendarConfigInput,
} from './schema';
export {
  addWorkingTime,
  firstUncoveredDate,
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
  deadlineUncoveredFrom,
  dueAt,
  msUntilDue,
  parseDeadlineSpec,
  tryParseDeadlineSpec,
  type DeadlineSpec,
} from './deadline';
export { cnHolidayDataCovers, holidayTableFor, packageHolidayYears, type HolidayYear } from './holiday-data';
export { formatsByZone, type ZoneFormatOptions } from './zone-formats';
