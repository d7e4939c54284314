// Test-only (never bundled into workflows): a child process with another host TZ.
// eslint-disable-next-line no-restricted-imports
import { execFileSync } from 'node:child_process';
import {
  CalendarConfigSchema,
  DEFAULT_CALENDAR,
  DeadlineSpecSchema,
  addWorkingTime,
  cnHolidayDataCovers,
  dueAt,
  isWorkingDate,
  isWorkingInstant,
  msUntilDue,
  nextWorkingInstant,
  parseDeadlineSpec,
  workingDayLengthMs,
  workingTimeBetween,
  type CalendarConfig,
  type WorkingUnit,
} from '.';
import { at, cal, utc } from '../../tests/support/calendar-instants';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const add = (from: string, count: number, unit: WorkingUnit, c: CalendarConfig = DEFAULT_CALENDAR): string =>
  utc(addWorkingTime(at(from), { unit, count }, c));

describe('default calendar: Mon–Fri 09:00–18:00 Asia/Shanghai with official Chinese holidays', () => {
  it('is what the schema produces from an empty policy', () => {
    expect(cal({})).toEqual(DEFAULT_CALENDAR);
    expect(workingDayLengthMs(DEFAULT_CALENDAR)).toBe(9 * HOUR);
  });

  it('Friday evening rolls to Monday', () => {
    expect(add('2026-03-06T20:00:00+08:00', 1, 'WH')).toBe(utc(at('2026-03-09T10:00:00+08:00')));
    // From outside working hours, 1WD is a full working day counted from Monday's opening: Monday close of business.
    expect(add('2026-03-06T20:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-03-09T18:00:00+08:00')));
    expect(add('2026-03-06T20:00:00+08:00', 2, 'WD')).toBe(utc(at('2026-03-10T18:00:00+08:00')));
  });

  it('Friday 17:00 plus 1WD is Monday 17:00; plus 2WH is Monday 10:00', () => {
    expect(add('2026-03-06T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-03-09T17:00:00+08:00')));
    expect(add('2026-03-06T17:00:00+08:00', 2, 'WH')).toBe(utc(at('2026-03-09T10:00:00+08:00')));
  });

  it('a start early in the morning counts from opening time', () => {
    expect(add('2026-03-10T07:00:00+08:00', 2, 'WH')).toBe(utc(at('2026-03-10T11:00:00+08:00')));
    expect(add('2026-03-10T07:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-03-10T18:00:00+08:00')));
    expect(add('2026-03-10T09:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-03-10T18:00:00+08:00')));
  });

  it('a start at night counts from the next morning', () => {
    expect(add('2026-03-10T23:00:00+08:00', 1, 'WH')).toBe(utc(at('2026-03-11T10:00:00+08:00')));
    expect(add('2026-03-11T02:00:00+08:00', 1, 'WH')).toBe(utc(at('2026-03-11T10:00:00+08:00')));
  });

  it('carries minutes and seconds across the night', () => {
    expect(add('2026-03-10T10:15:30+08:00', 8, 'WH')).toBe(utc(at('2026-03-11T09:15:30+08:00')));
  });

  it('a deadline that ends exactly at closing time is closing time, not the next opening', () => {
    expect(add('2026-03-10T17:00:00+08:00', 1, 'WH')).toBe(utc(at('2026-03-10T18:00:00+08:00')));
  });

  it('knows working instants (periods are half-open) and the next opening', () => {
    expect(isWorkingInstant(at('2026-03-10T09:00:00+08:00'), DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingInstant(at('2026-03-10T17:59:59.999+08:00'), DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingInstant(at('2026-03-10T18:00:00+08:00'), DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingInstant(at('2026-03-10T08:59:59.999+08:00'), DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingInstant(at('2026-03-07T10:00:00+08:00'), DEFAULT_CALENDAR)).toBe(false); // Saturday
    expect(utc(nextWorkingInstant(at('2026-03-07T10:00:00+08:00'), DEFAULT_CALENDAR))).toBe(
      utc(at('2026-03-09T09:00:00+08:00')),
    );
    expect(utc(nextWorkingInstant(at('2026-03-10T11:11:00+08:00'), DEFAULT_CALENDAR))).toBe(
      utc(at('2026-03-10T11:11:00+08:00')),
    );
  });

  it('a count of 0 is the start itself', () => {
    expect(add('2026-03-07T10:00:00+08:00', 0, 'WH')).toBe(utc(at('2026-03-07T10:00:00+08:00')));
  });

  it('rejects bad amounts, dates and instants', () => {
    expect(() => isWorkingDate('2026-02-30', DEFAULT_CALENDAR)).toThrow(/YYYY-MM-DD/);
    expect(() => isWorkingDate('2026-2-3', DEFAULT_CALENDAR)).toThrow(/YYYY-MM-DD/);
    expect(() => addWorkingTime(at('2026-03-10T10:00:00+08:00'), { unit: 'WH', count: -1 }, DEFAULT_CALENDAR)).toThrow(
      /count must be >= 0/,
    );
    expect(() => addWorkingTime(NaN, { unit: 'WH', count: 1 }, DEFAULT_CALENDAR)).toThrow(/finite/);
    expect(() =>
      addWorkingTime(at('2026-03-10T10:00:00+08:00'), { unit: 'XX' as WorkingUnit, count: 1 }, DEFAULT_CALENDAR),
    ).toThrow(/'WD', 'WH' or 'WM'/);
    const broken = { ...DEFAULT_CALENDAR, hours: [{ start: '18:00', end: '09:00' }] };
    expect(() => addWorkingTime(at('2026-03-10T10:00:00+08:00'), { unit: 'WH', count: 1 }, broken)).toThrow(
      /CalendarConfigSchema/,
    );
  });
});

describe('site hours', () => {
  const split = cal({
    hours: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ],
  });

  it('a lunch break is not working time', () => {
    expect(workingDayLengthMs(split)).toBe(8 * HOUR);
    expect(isWorkingInstant(at('2026-03-10T11:59:00+08:00'), split)).toBe(true);
    expect(isWorkingInstant(at('2026-03-10T12:00:00+08:00'), split)).toBe(false);
    expect(isWorkingInstant(at('2026-03-10T12:30:00+08:00'), split)).toBe(false);
    expect(isWorkingInstant(at('2026-03-10T13:00:00+08:00'), split)).toBe(true);
    expect(add('2026-03-10T12:30:00+08:00', 1, 'WH', split)).toBe(utc(at('2026-03-10T14:00:00+08:00')));
    expect(add('2026-03-10T11:30:00+08:00', 1, 'WH', split)).toBe(utc(at('2026-03-10T13:30:00+08:00')));
    expect(add('2026-03-10T11:00:00+08:00', 1, 'WD', split)).toBe(utc(at('2026-03-11T11:00:00+08:00')));
    // From the lunch break, counting starts at 13:00: 5 h that afternoon + 3 h next morning (13:00 and 12:00 are the
    // same point in working time; the earliest instant wins).
    expect(add('2026-03-10T12:30:00+08:00', 1, 'WD', split)).toBe(utc(at('2026-03-11T12:00:00+08:00')));
  });

  it('08:30–17:30 hours', () => {
    const early = cal({ hours: [{ start: '08:30', end: '17:30' }] });
    expect(add('2026-03-06T17:00:00+08:00', 1, 'WH', early)).toBe(utc(at('2026-03-09T09:00:00+08:00')));
    expect(add('2026-03-10T08:00:00+08:00', 1, 'WD', early)).toBe(utc(at('2026-03-10T17:30:00+08:00')));
    expect(isWorkingInstant(at('2026-03-10T08:45:00+08:00'), early)).toBe(true);
    expect(isWorkingInstant(at('2026-03-10T17:45:00+08:00'), early)).toBe(false);
  });
});

describe('2026 National Day golden week (国庆节 Oct 1–7 off; Sun Sep 20 and Sat Oct 10 are 调休 working days)', () => {
  it('marks the official days', () => {
    expect(isWorkingDate('2026-09-20', DEFAULT_CALENDAR)).toBe(true); // Sunday, 调休
    for (const d of ['2026-09-25', '2026-09-26', '2026-09-27']) expect(isWorkingDate(d, DEFAULT_CALENDAR)).toBe(false); // 中秋
    expect(isWorkingDate('2026-09-30', DEFAULT_CALENDAR)).toBe(true);
    for (let day = 1; day <= 7; day++) {
      expect(isWorkingDate(`2026-10-0${day}`, DEFAULT_CALENDAR)).toBe(false);
    }
    expect(isWorkingDate('2026-10-08', DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingDate('2026-10-09', DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingDate('2026-10-10', DEFAULT_CALENDAR)).toBe(true); // Saturday, 调休
    expect(isWorkingDate('2026-10-11', DEFAULT_CALENDAR)).toBe(false);
  });

  it('skips the holiday week', () => {
    expect(add('2026-09-30T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-10-08T17:00:00+08:00')));
    expect(add('2026-09-30T17:00:00+08:00', 2, 'WH')).toBe(utc(at('2026-10-08T10:00:00+08:00')));
    expect(add('2026-10-01T10:00:00+08:00', 1, 'WH')).toBe(utc(at('2026-10-08T10:00:00+08:00')));
    expect(workingTimeBetween(at('2026-09-30T00:00:00+08:00'), at('2026-10-09T00:00:00+08:00'), DEFAULT_CALENDAR)).toBe(
      18 * HOUR,
    );
  });

  it('counts the 调休 Saturday and Sunday as working days', () => {
    expect(add('2026-10-09T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-10-10T17:00:00+08:00')));
    expect(add('2026-10-09T17:00:00+08:00', 2, 'WD')).toBe(utc(at('2026-10-12T17:00:00+08:00')));
    expect(add('2026-09-19T10:00:00+08:00', 1, 'WH')).toBe(utc(at('2026-09-20T10:00:00+08:00')));
    expect(isWorkingInstant(at('2026-10-10T10:00:00+08:00'), DEFAULT_CALENDAR)).toBe(true);
  });

  it('skips the Mid-Autumn long weekend before it', () => {
    expect(add('2026-09-24T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-09-28T17:00:00+08:00')));
  });

  it("holidays 'none' is plain Monday–Friday", () => {
    const plain = cal({ holidays: 'none' });
    expect(isWorkingDate('2026-10-01', plain)).toBe(true);
    expect(isWorkingDate('2026-10-10', plain)).toBe(false);
    expect(add('2026-09-30T17:00:00+08:00', 1, 'WD', plain)).toBe(utc(at('2026-10-01T17:00:00+08:00')));
  });
});

describe('2026 Spring Festival (春节 Feb 15–23 off; Sat Feb 14 and Sat Feb 28 are 调休 working days)', () => {
  it('marks the official days', () => {
    expect(isWorkingDate('2026-02-14', DEFAULT_CALENDAR)).toBe(true);
    for (let day = 15; day <= 23; day++) expect(isWorkingDate(`2026-02-${day}`, DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingDate('2026-02-24', DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingDate('2026-02-28', DEFAULT_CALENDAR)).toBe(true);
  });

  it('skips the nine days off and counts the 调休 Saturdays', () => {
    expect(add('2026-02-13T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-02-14T17:00:00+08:00')));
    expect(add('2026-02-14T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-02-24T17:00:00+08:00')));
    expect(add('2026-02-14T17:00:00+08:00', 2, 'WH')).toBe(utc(at('2026-02-24T10:00:00+08:00')));
    expect(add('2026-02-27T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-02-28T17:00:00+08:00')));
    expect(utc(dueAt('3WD', at('2026-02-12T12:00:00+08:00'), DEFAULT_CALENDAR))).toBe(
      utc(at('2026-02-24T12:00:00+08:00')),
    );
  });
});

describe('holiday data', () => {
  it('chinese-days covers 2024–2026 (and not 2003)', () => {
    expect([2024, 2025, 2026].map(cnHolidayDataCovers)).toEqual([true, true, true]);
    expect(cnHolidayDataCovers(2003)).toBe(false);
  });

  it("does not depend on the host time zone (chinese-days' own functions do, west of UTC)", () => {
    const script = `
      const { isWorkingDate, DEFAULT_CALENDAR } = require(${JSON.stringify(`${__dirname}/index.ts`)});
      console.log(JSON.stringify(['2026-09-20', '2026-09-30', '2026-10-01', '2026-10-09', '2026-10-10', '2026-10-11']
        .map((d) => isWorkingDate(d, DEFAULT_CALENDAR))));`;
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect([tz, JSON.parse(out)]).toEqual([tz, [true, true, false, true, true, false]]);
    }
  });
});

describe('closedDates and openDates', () => {
  it('a closed date is skipped, even a 调休 working day', () => {
    const c = cal({ closedDates: ['2026-03-09', '2026-10-10'] });
    expect(add('2026-03-06T17:00:00+08:00', 1, 'WD', c)).toBe(utc(at('2026-03-10T17:00:00+08:00')));
    expect(isWorkingDate('2026-10-10', c)).toBe(false);
    expect(add('2026-10-09T17:00:00+08:00', 1, 'WD', c)).toBe(utc(at('2026-10-12T17:00:00+08:00')));
  });

  it('an open date works, even a weekend or a public holiday', () => {
    const c = cal({ openDates: ['2026-03-07', '2026-10-01'] });
    expect(add('2026-03-06T17:00:00+08:00', 1, 'WD', c)).toBe(utc(at('2026-03-07T17:00:00+08:00')));
    expect(add('2026-09-30T17:00:00+08:00', 2, 'WH', c)).toBe(utc(at('2026-10-01T10:00:00+08:00')));
    expect(isWorkingDate('2026-10-02', c)).toBe(false);
  });
});

describe('a zone with DST (Europe/Berlin, holidays none) keeps wall-clock hours', () => {
  const berlin = cal({ zone: 'Europe/Berlin', holidays: 'none' });

  it('across the last Sunday of March (Mar 29 2026, 02:00 CET → 03:00 CEST)', () => {
    expect(add('2026-03-27T17:00:00+01:00', 2, 'WH', berlin)).toBe(utc(at('2026-03-30T10:00:00+02:00')));
    expect(add('2026-03-27T17:00:00+01:00', 1, 'WD', berlin)).toBe(utc(at('2026-03-30T17:00:00+02:00')));
    // 65 wall-clock hours Fri 17:00 → Mon 10:00, but only 64 elapsed.
    expect(msUntilDue('2WH', at('2026-03-27T17:00:00+01:00'), berlin)).toBe(64 * HOUR);
    expect(utc(nextWorkingInstant(at('2026-03-28T12:00:00+01:00'), berlin))).toBe(utc(at('2026-03-30T09:00:00+02:00')));
    expect(isWorkingInstant(at('2026-03-30T08:30:00+02:00'), berlin)).toBe(false); // 07:30 in the old offset
  });

  it('across the last Sunday of October (Oct 25 2026, 03:00 CEST → 02:00 CET)', () => {
    expect(add('2026-10-23T17:00:00+02:00', 1, 'WD', berlin)).toBe(utc(at('2026-10-26T17:00:00+01:00')));
    expect(add('2026-10-23T17:30:00+02:00', 1, 'WH', berlin)).toBe(utc(at('2026-10-26T09:30:00+01:00')));
    expect(isWorkingInstant(at('2026-10-26T17:30:00+01:00'), berlin)).toBe(true); // 18:30 in the old offset
  });

  it('working hours are elapsed time on the transition days themselves', () => {
    const allDay = cal({
      zone: 'Europe/Berlin',
      holidays: 'none',
      hours: [{ start: '00:00', end: '24:00' }],
      openDates: ['2026-03-29', '2026-10-25'],
    });
    expect(workingTimeBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'), allDay)).toBe(
      23 * HOUR,
    );
    expect(workingTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), allDay)).toBe(
      25 * HOUR,
    );
    expect(add('2026-03-29T01:30:00+01:00', 1, 'WH', allDay)).toBe(utc(at('2026-03-29T03:30:00+02:00')));
  });

  it('a wall-clock time in the DST gap means the first instant after it; in the overlap, its first occurrence', () => {
    const night = cal({
      zone: 'Europe/Berlin',
      holidays: 'none',
      hours: [{ start: '02:30', end: '04:00' }],
      openDates: ['2026-03-29', '2026-10-25'],
    });
    // 02:30 does not exist on Mar 29: opening is 03:30 CEST, half an hour of work that night.
    expect(utc(nextWorkingInstant(at('2026-03-29T00:00:00+01:00'), night))).toBe(utc(at('2026-03-29T03:30:00+02:00')));
    expect(workingTimeBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-29T12:00:00+02:00'), night)).toBe(
      30 * MINUTE,
    );
    // 02:30 happens twice on Oct 25: opening is the first (CEST), so 2.5 h of work that night.
    expect(utc(nextWorkingInstant(at('2026-10-25T00:00:00+02:00'), night))).toBe(utc(at('2026-10-25T02:30:00+02:00')));
    expect(workingTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-25T12:00:00+01:00'), night)).toBe(
      150 * MINUTE,
    );
  });

  it('Asia/Shanghai has no DST: the same wall-clock hours all year', () => {
    expect(add('2026-03-27T17:00:00+08:00', 2, 'WH')).toBe(utc(at('2026-03-30T10:00:00+08:00')));
    expect(msUntilDue('2WH', at('2026-03-27T17:00:00+08:00'), DEFAULT_CALENDAR)).toBe(65 * HOUR);
    expect(add('2026-10-23T17:00:00+08:00', 1, 'WD')).toBe(utc(at('2026-10-26T17:00:00+08:00')));
  });

  it('a zone west of UTC reads dates in its own zone (America/New_York, cn holidays)', () => {
    const ny = cal({ zone: 'America/New_York' });
    // Oct 1 in New York is a holiday under 'cn' even though 2026-10-01T09:00-04:00 is already Oct 1 21:00 in Shanghai.
    expect(add('2026-09-30T17:00:00-04:00', 1, 'WD', ny)).toBe(utc(at('2026-10-08T17:00:00-04:00')));
    expect(isWorkingInstant(at('2026-10-10T10:00:00-04:00'), ny)).toBe(true);
  });
});

describe('working time stays consistent', () => {
  it('workingTimeBetween(from, addWorkingTime(from, n)) is n for many starts', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const calendars = [
      DEFAULT_CALENDAR,
      cal({
        hours: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      }),
      cal({ zone: 'Europe/Berlin', holidays: 'none', hours: [{ start: '00:00', end: '24:00' }] }),
    ];
    const base = at('2026-01-01T00:00:00+08:00');
    for (let i = 0; i < 150; i++) {
      const c = calendars[i % calendars.length] ?? DEFAULT_CALENDAR;
      const from = base + Math.floor(next() * 365 * 24 * 60) * MINUTE;
      const unit: WorkingUnit = next() < 0.5 ? 'WH' : 'WD';
      const count = 1 + Math.floor(next() * 20);
      const due = addWorkingTime(from, { unit, count }, c);
      const expected = count * (unit === 'WH' ? HOUR : workingDayLengthMs(c));
      expect([utc(from), unit, count, workingTimeBetween(from, due, c)]).toEqual([utc(from), unit, count, expected]);
      expect(isWorkingInstant(due - 1, c)).toBe(true);
    }
  });
});

describe('deadline specs', () => {
  it('parses ISO durations and working time', () => {
    expect(parseDeadlineSpec('PT5M')).toEqual({ kind: 'duration', ms: 5 * MINUTE });
    expect(parseDeadlineSpec('PT0S')).toEqual({ kind: 'duration', ms: 0 });
    expect(parseDeadlineSpec('P1D')).toEqual({ kind: 'duration', ms: 24 * HOUR });
    expect(parseDeadlineSpec('PT1H30M')).toEqual({ kind: 'duration', ms: 90 * MINUTE });
    expect(parseDeadlineSpec('PT90M')).toEqual({ kind: 'duration', ms: 90 * MINUTE });
    expect(parseDeadlineSpec('P1DT2H3M4S')).toEqual({ kind: 'duration', ms: 26 * HOUR + 3 * MINUTE + 4000 });
    expect(parseDeadlineSpec('3WD')).toEqual({ kind: 'working', unit: 'WD', count: 3 });
    expect(parseDeadlineSpec('24WH')).toEqual({ kind: 'working', unit: 'WH', count: 24 });
  });

  it('ISO durations are plain elapsed time, ignoring weekends, holidays and DST', () => {
    const satNight = at('2026-03-07T23:00:00+08:00');
    expect(utc(dueAt('PT5M', satNight, DEFAULT_CALENDAR))).toBe(utc(at('2026-03-07T23:05:00+08:00')));
    expect(dueAt('PT0S', satNight, DEFAULT_CALENDAR)).toBe(satNight);
    expect(msUntilDue('PT1H30M', satNight, DEFAULT_CALENDAR)).toBe(90 * MINUTE);
    expect(utc(dueAt('P1D', at('2026-10-01T10:00:00+08:00'), DEFAULT_CALENDAR))).toBe(
      utc(at('2026-10-02T10:00:00+08:00')),
    );
    const berlin = cal({ zone: 'Europe/Berlin', holidays: 'none' });
    expect(utc(dueAt('P1D', at('2026-03-28T12:00:00+01:00'), berlin))).toBe(utc(at('2026-03-29T13:00:00+02:00')));
  });

  it('working-time specs go through the calendar', () => {
    expect(utc(dueAt('1WD', at('2026-09-30T17:00:00+08:00'), DEFAULT_CALENDAR))).toBe(
      utc(at('2026-10-08T17:00:00+08:00')),
    );
    expect(msUntilDue('4WH', at('2026-03-06T17:00:00+08:00'), DEFAULT_CALENDAR)).toBe(67 * HOUR);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    'P1M',
    'P1W',
    'P1Y',
    'PT1.5S',
    '-PT1H',
    'pt5m',
    ' PT5M',
    '0WD',
    '-1WD',
    '1.5WH',
    '5 WD',
    '5wd',
    '5W',
    'WD',
    '10001WD',
    '3 working days',
  ])('rejects %j naming the accepted forms', (bad) => {
    expect(() => parseDeadlineSpec(bad)).toThrow(/invalid deadline .*ISO-8601 duration.*"<n>WD" \(working days\)/);
    expect(() => dueAt(bad, 0, DEFAULT_CALENDAR)).toThrow(/invalid deadline/);
    const r = DeadlineSpecSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/ISO-8601 duration.*"<n>WH" \(working hours\)/);
  });

  it('DeadlineSpecSchema accepts the forms and rejects non-strings', () => {
    for (const ok of ['PT5M', 'PT0S', 'P1D', 'PT1H30M', '1WD', '10000WH']) {
      expect(DeadlineSpecSchema.parse(ok)).toBe(ok);
    }
    expect(DeadlineSpecSchema.safeParse(5).success).toBe(false);
  });
});

describe('CalendarConfigSchema', () => {
  const messages = (input: unknown): string[] => {
    const r = CalendarConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    return (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('applies defaults and keeps overrides', () => {
    expect(cal({ zone: 'Europe/Berlin', holidays: 'none', openDates: ['2026-03-07'] })).toEqual({
      zone: 'Europe/Berlin',
      hours: [{ start: '09:00', end: '18:00' }],
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: 'none',
      closedDates: [],
      openDates: ['2026-03-07'],
    });
    expect(cal({ hours: [{ start: '08:30', end: '24:00' }] }).hours).toEqual([{ start: '08:30', end: '24:00' }]);
  });

  it('explains what is wrong', () => {
    expect(messages({ zone: 'Asia/Beijing' })).toEqual([
      'zone: unknown time zone "Asia/Beijing": use an IANA zone name such as "Asia/Shanghai" or "Europe/Berlin"',
    ]);
    expect(messages({ hours: [] })).toEqual([
      'hours: hours needs at least one interval, e.g. [{ start: "09:00", end: "18:00" }], or "always"',
    ]);
    expect(messages({ hours: [{ start: '9:00', end: '18:00' }] })).toEqual([
      'hours.0.start: start must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"',
    ]);
    expect(messages({ hours: [{ start: '18:00', end: '09:00' }] })).toEqual([
      'hours.0.end: a working-hours interval must end after it starts on the same day (overnight intervals are not supported)',
    ]);
    expect(
      messages({
        hours: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '18:00' },
        ],
      }),
    ).toEqual([
      'hours.1.start: hours intervals must be in ascending order and must not overlap: 12:00 starts before the previous interval ends at 13:00',
    ]);
    expect(messages({ holidays: 'us' })).toEqual([
      'holidays: holidays must be "cn" (official Chinese holidays) or "none" (plain Monday–Friday)',
    ]);
    expect(messages({ closedDates: ['2026-02-29', '2026/10/01'] })).toEqual([
      'closedDates.0: "2026-02-29" is not a calendar date written YYYY-MM-DD (e.g. "2026-10-08")',
      'closedDates.1: "2026/10/01" is not a calendar date written YYYY-MM-DD (e.g. "2026-10-08")',
    ]);
    expect(messages({ closedDates: ['2026-10-10'], openDates: ['2026-10-10'] })).toEqual([
      'openDates.0: 2026-10-10 is listed in both closedDates and openDates; keep it in one of them',
    ]);
    expect(messages({ closeDates: ['2026-10-10'] })).toEqual(['Unrecognized key: "closeDates"'].map((m) => `: ${m}`));
  });
});
