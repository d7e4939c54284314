// Issue 15's acceptance for the calendar: seven-day weeks, lunch breaks, round-the-clock sites, working minutes,
// holiday files and the coverage warning. Each case writes its instant and its answer out.
// Test-only (never bundled into workflows): a child process with another host TZ, and temp holiday files.
// eslint-disable-next-line no-restricted-imports
import { execFileSync } from 'node:child_process';
// eslint-disable-next-line no-restricted-imports
import { mkdtempSync, writeFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { tmpdir } from 'node:os';
// eslint-disable-next-line no-restricted-imports
import path from 'node:path';
import { loadHolidayData } from '../../config/holidays';
import {
  DeadlineSpecSchema,
  deadlineUncoveredFrom,
  dueAt,
  firstUncoveredDate,
  holidayTableFor,
  isWorkingDate,
  packageHolidayYears,
  type CalendarConfig,
} from '.';
import { at, cal, utc } from '../../tests/support/calendar-instants';

const due = (spec: string, from: string, c: CalendarConfig) => utc(dueAt(spec, at(from), c));

/** A temp config/holidays/ folder with the given files. */
function holidayDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'holidays-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The 2027 example of docs/production.md, reduced to New Year: 2027-01-01..03 rest days (Fri–Sun). */
const NEW_YEAR_2027 = `country: cn
year: 2027
source: test example (not the real notice)
holidays:
  - 2027-01-01
  - 2027-01-02
  - 2027-01-03
workdays: []
`;

const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const mall = cal({ workdays: [...ALL_WEEK], hours: [{ start: '10:00', end: '22:00' }] });
const lunch = cal({
  hours: [
    { start: '08:30', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
});
/** The Conventions' office calendar (Mon–Fri 09:00–18:00) carrying a case's table built from `dir`'s data. */
const office = (dir?: string) => {
  const years = dir ? loadHolidayData(dir).years : packageHolidayYears();
  return cal({ holidayTable: holidayTableFor(years, 2026, 2027) });
};

describe('site calendars (issue 15)', () => {
  it('a seven-day mall open 10:00–22:00: Saturday 21:30 + 1WH → Sunday 10:30', () => {
    // 2026-11-21 is a Saturday, 2026-11-22 a Sunday, neither a holiday.
    expect(due('1WH', '2026-11-21T21:30:00+08:00', mall)).toBe(utc(at('2026-11-22T10:30:00+08:00')));
    expect(isWorkingDate('2026-11-22', mall)).toBe(true);
    // National Day is still a rest day for a site on the national arrangement.
    expect(isWorkingDate('2026-10-02', mall)).toBe(false);
  });

  it('a day with a lunch break (08:30–12:00, 13:00–17:30): Tuesday 11:30 + 1WH → 13:30; 12:30 + 1WH → 14:00', () => {
    // 2026-11-24 is a Tuesday.
    expect(due('1WH', '2026-11-24T11:30:00+08:00', lunch)).toBe(utc(at('2026-11-24T13:30:00+08:00')));
    expect(due('1WH', '2026-11-24T12:30:00+08:00', lunch)).toBe(utc(at('2026-11-24T14:00:00+08:00')));
    // A working day is the sum of the periods: 8 h; 1WD from 11:30 Tuesday is 11:30 Wednesday.
    expect(due('1WD', '2026-11-24T11:30:00+08:00', lunch)).toBe(utc(at('2026-11-25T11:30:00+08:00')));
  });

  it('a make-up working Saturday (2026-10-10) works; a National Day date (2026-10-05) does not — from the table a case carries and from the package', () => {
    for (const c of [office(), cal()]) {
      expect(isWorkingDate('2026-10-10', c)).toBe(true);
      expect(isWorkingDate('2026-10-05', c)).toBe(false);
    }
    // Friday 2026-10-09 17:00 + 1WD → the make-up Saturday 17:00.
    expect(due('1WD', '2026-10-09T17:00:00+08:00', office())).toBe(utc(at('2026-10-10T17:00:00+08:00')));
  });

  it('working minutes: 10WM counts only working time (Friday 17:55 + 10WM → Monday 09:05)', () => {
    expect(DeadlineSpecSchema.safeParse('10WM').success).toBe(true);
    // 2026-11-27 is a Friday.
    expect(due('10WM', '2026-11-27T17:55:00+08:00', office())).toBe(utc(at('2026-11-30T09:05:00+08:00')));
    // 11:55 + 10WM: 5 minutes before the break, 5 after it.
    expect(due('10WM', '2026-11-24T11:55:00+08:00', lunch)).toBe(utc(at('2026-11-24T13:05:00+08:00')));
  });

  it('"always": a round-the-clock site counts every minute, holidays and weekends included', () => {
    const estate = cal({ hours: 'always' });
    // National Day 2026-10-01 at 23:00 + 2WH → 10-02 01:00; 1WD = 24 h.
    expect(due('2WH', '2026-10-01T23:00:00+08:00', estate)).toBe(utc(at('2026-10-02T01:00:00+08:00')));
    expect(due('1WD', '2026-10-03T08:00:00+08:00', estate)).toBe(utc(at('2026-10-04T08:00:00+08:00')));
    expect(firstUncoveredDate(at('2027-06-01T00:00:00+08:00'), at('2027-06-02T00:00:00+08:00'), estate)).toBe(
      undefined,
    );
  });

  it('Mon–Fri 09:00–18:00, 2026-12-30 (Wednesday) 10:00 + 3WD: with a 2027 file → 2027-01-05 10:00, no warning', () => {
    const c = office(holidayDir({ '2027.yaml': NEW_YEAR_2027 }));
    const from = at('2026-12-30T10:00:00+08:00');
    const d = dueAt('3WD', from, c);
    expect(utc(d)).toBe(utc(at('2027-01-05T10:00:00+08:00')));
    expect(deadlineUncoveredFrom('3WD', from, d, c)).toBeUndefined();
  });

  it('the same without the file → a deadline and a warning naming 2027-01-01', () => {
    const c = office(holidayDir({}));
    const from = at('2026-12-30T10:00:00+08:00');
    const d = dueAt('3WD', from, c);
    // Beyond the data the weekday rule alone counts: 12-31, 01-01, 01-04.
    expect(utc(d)).toBe(utc(at('2027-01-04T10:00:00+08:00')));
    expect(deadlineUncoveredFrom('3WD', from, d, c)).toBe('2027-01-01');
    // An elapsed-time deadline does not depend on holidays: no warning.
    expect(deadlineUncoveredFrom('P7D', from, from + 7 * 86_400_000, c)).toBeUndefined();
    // A calendar without a table (the bundled package) warns the same way.
    expect(deadlineUncoveredFrom('3WD', from, dueAt('3WD', from, cal()), cal())).toBe('2027-01-01');
  });

  it('gives the same answers under TZ=America/Los_Angeles and TZ=UTC', () => {
    const dir = holidayDir({ '2027.yaml': NEW_YEAR_2027 });
    const script = `
      const c = require(${JSON.stringify(path.join(__dirname, 'index.ts'))});
      const { loadHolidayData } = require(${JSON.stringify(path.join(__dirname, '../../config/holidays.ts'))});
      const cal = (i) => c.CalendarConfigSchema.parse(i);
      const iso = (ms) => new Date(ms).toISOString();
      const mall = cal({ workdays: ['mon','tue','wed','thu','fri','sat','sun'], hours: [{ start: '10:00', end: '22:00' }] });
      const lunch = cal({ hours: [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }] });
      const withFile = cal({ holidayTable: c.holidayTableFor(loadHolidayData(${JSON.stringify(dir)}).years, 2026, 2027) });
      const without = cal({ holidayTable: c.holidayTableFor(c.packageHolidayYears(), 2026, 2027) });
      const from = Date.parse('2026-12-30T10:00:00+08:00');
      console.log(JSON.stringify([
        iso(c.dueAt('1WH', Date.parse('2026-11-21T21:30:00+08:00'), mall)),
        iso(c.dueAt('1WH', Date.parse('2026-11-24T11:30:00+08:00'), lunch)),
        iso(c.dueAt('1WH', Date.parse('2026-11-24T12:30:00+08:00'), lunch)),
        c.isWorkingDate('2026-10-10', without), c.isWorkingDate('2026-10-05', without),
        iso(c.dueAt('3WD', from, withFile)),
        iso(c.dueAt('3WD', from, without)), c.deadlineUncoveredFrom('3WD', from, c.dueAt('3WD', from, without), without),
      ]));`;
    const expected = [
      '2026-11-22T02:30:00.000Z', // Sunday 10:30 +08:00
      '2026-11-24T05:30:00.000Z', // 13:30 +08:00
      '2026-11-24T06:00:00.000Z', // 14:00 +08:00
      true,
      false,
      '2027-01-05T02:00:00.000Z', // 2027-01-05 10:00 +08:00
      '2027-01-04T02:00:00.000Z', // 2027-01-04 10:00 +08:00, with the warning:
      '2027-01-01',
    ];
    for (const tz of ['America/Los_Angeles', 'UTC']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect([tz, JSON.parse(out)]).toEqual([tz, expected]);
    }
  });
});

describe('holiday files (config/holidays/)', () => {
  it('extends the package with a year it lacks, and a country file replaces a year it has', () => {
    const data = loadHolidayData(
      holidayDir({
        '2027.yaml': NEW_YEAR_2027,
        '2026-fix.yaml': 'country: cn\nyear: 2026\nholidays: [2026-10-01]\nworkdays: [2026-10-10]\n',
      }),
    );
    const table = holidayTableFor(data.years, 2026, 2027);
    expect(table.years).toEqual([2026, 2027]);
    const c = cal({ holidayTable: table });
    expect(isWorkingDate('2027-01-01', c)).toBe(false);
    expect(isWorkingDate('2026-10-05', c)).toBe(true); // the replacement lists only 10-01 as a rest day
    expect(data.fromFiles.map((f) => f.year).sort()).toEqual([2026, 2027]);
  });

  it('names the file and line of a malformed date, a date twice, and a make-up working day on a holiday', () => {
    const problem = (text: string) => {
      const dir = holidayDir({ '2027.yaml': text });
      try {
        loadHolidayData(dir);
      } catch (err) {
        return (err as Error).message.replace(dir, '<dir>');
      }
      throw new Error('expected the file to be refused');
    };
    expect(problem('country: cn\nyear: 2027\nholidays:\n  - 2027-01-01\n  - 2027-02-30\n')).toBe(
      '<dir>/2027.yaml:5: "2027-02-30" is not a calendar date written YYYY-MM-DD (e.g. "2027-01-01")',
    );
    expect(problem('country: cn\nyear: 2027\nholidays:\n  - 2027-01-01\n  - 2027-01-01\n')).toBe(
      '<dir>/2027.yaml:5: 2027-01-01 is listed twice in holidays (first at line 4)',
    );
    expect(problem('country: cn\nyear: 2027\nholidays:\n  - 2027-01-01\nworkdays:\n  - 2027-01-01\n')).toBe(
      '<dir>/2027.yaml:6: 2027-01-01 is a make-up working day (workdays) and a rest day (holidays, line 4): keep it in one',
    );
    expect(problem('country: cn\nyear: 2027\nholidays:\n  - 2028-01-01\n')).toBe(
      '<dir>/2027.yaml:4: 2028-01-01 is not in 2027, the year this file is for',
    );
    expect(problem('country: cn\nyear: 2027\nholiday:\n  - 2027-01-01\n')).toMatch(/^<dir>\/2027\.yaml:3: holiday: /);
    expect(problem('holidays: [2027-01-01]\n')).toMatch(/^<dir>\/2027\.yaml:1: .*either country: cn or site: <id>/);
  });

  it('refuses two files for one year', () => {
    const dir = holidayDir({ 'a.yaml': NEW_YEAR_2027, 'b.yaml': NEW_YEAR_2027 });
    expect(() => loadHolidayData(dir)).toThrow(/b\.yaml:2: year 2027 is already given by .*a\.yaml/);
  });
});
