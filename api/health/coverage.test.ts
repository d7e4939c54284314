import { CalendarConfigSchema, holidayTableFor, packageHolidayYears } from '../../workflows/calendar';
import type { SitePolicy } from '../../workflows/engine/policy';
import type { CaseView } from '../../workflows/engine/contract';
import { HolidayCoverage } from './coverage';

// The health check and the log line of issue 15: data that runs out is never silent.
const site = (id: string, calendar: Record<string, unknown>): SitePolicy =>
  ({ id, name: id, kind: 'mall', calendar: CalendarConfigSchema.parse(calendar), procedures: {} }) as SitePolicy;
const table = (to: number) => holidayTableFor(packageHolidayYears(), 2004, to);
const at = (iso: string) => Date.parse(iso);

describe('HolidayCoverage', () => {
  it('is degraded on 2026-12-01 when the data ends on 2026-12-31, naming 2027-01-01 and the sites', () => {
    const sites = new Map([
      ['office', site('office', { holidayTable: table(2026) })],
      ['estate', site('estate', { hours: 'always', holidayTable: table(2026) })],
      ['plain', site('plain', { holidays: 'none' })],
    ]);
    const check = new HolidayCoverage({ sites }).check(at('2026-12-01T09:00:00+08:00'));
    expect(check).toMatchObject({ status: 'degraded', firstUncoveredDate: '2027-01-01', sites: ['office'] });
    expect(check.detail).toContain('config/holidays/');
    // In June the data reaches past the look-ahead: ok.
    expect(new HolidayCoverage({ sites }).check(at('2026-06-01T09:00:00+08:00')).status).toBe('ok');
  });

  it('logs a deadline past the data once per site and year, and the check reports it', () => {
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    const sites = new Map([['office', site('office', { holidayTable: table(2026) })]]);
    const coverage = new HolidayCoverage({ sites }, logger);
    const view = {
      caseId: 'c1',
      site: 'office',
      timers: [{ id: 'remedy', kind: 'deadline', state: 's', dueAt: 'x', holidaysUnknownFrom: '2027-01-01' }],
      deadlines: [],
    } as unknown as CaseView;
    coverage.note(view);
    coverage.note({ ...view, caseId: 'c2' });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('2027-01-01');
    // Even in June (before the look-ahead) a deadline already seen past the data keeps the check degraded.
    expect(coverage.check(at('2026-06-01T09:00:00+08:00'))).toMatchObject({
      status: 'degraded',
      firstUncoveredDate: '2027-01-01',
    });
  });
});
