import type { CaseView } from '../../workflows/engine';
import type { MonthCounts } from '../../records';
import type { ReportView } from '../cases/case-index';
import { CSV_HEADINGS, toCsv, type CsvWords } from './csv';
import { passedDue, stepDurations } from './deadline-stats';
import type { OverdueReport, OverdueReportRow } from './schemas';
import { localIso, monthIn, monthsEnding } from './site-time';

/**
 * The reports' arithmetic over case views, apart from fetching them, so each rule (site months, outcomes) is one
 * function. `zoneOf(site)` gives a site's IANA zone.
 */
export type ZoneOf = (site: string) => string;

/** Whether a case started in `month` (YYYY-MM) of its own site's zone; every case when `month` is undefined. */
export function startedInMonth(view: Pick<CaseView, 'site' | 'startedAt'>, month: string | undefined, zoneOf: ZoneOf) {
  return month === undefined || monthIn(view.startedAt, zoneOf(view.site)) === month;
}

/** Rows of the overdue report: per site, procedure and timer, the cases it ran in, passed, came late or never, escalated. */
export function overdueRows(views: readonly ReportView[]): OverdueReportRow[] {
  const rows = new Map<string, OverdueReportRow>();
  const rowOf = (site: string, procedure: string, timer: string) => {
    const key = `${site}\n${procedure}\n${timer}`;
    if (!rows.has(key))
      rows.set(key, {
        site,
        procedure,
        timer,
        cases: 0,
        overdue: 0,
        escalations: 0,
        acknowledged: 0,
        late: 0,
        missed: 0,
      });
    return rows.get(key)!;
  };
  for (const view of views) {
    for (const timer of new Set(view.deadlines.map((d) => d.timer))) {
      const records = view.deadlines.filter((d) => d.timer === timer);
      const row = rowOf(view.site, view.procedure, timer);
      row.cases += 1;
      if (records.some(passedDue)) row.overdue += 1;
      if (records.some((d) => d.outcome === 'late')) row.late += 1;
      if (records.some((d) => d.outcome === 'missed')) row.missed += 1;
    }
    for (const e of view.escalations) {
      const row = rowOf(view.site, view.procedure, e.timer);
      row.escalations += 1;
      if (e.ackedAt) row.acknowledged += 1;
    }
  }
  return sortOverdueRows([...rows.values()]);
}

/** The overdue report's order: by site, procedure and timer (also for rows the records database counted). */
export function sortOverdueRows(rows: OverdueReportRow[]): OverdueReportRow[] {
  return rows.sort((a, b) => `${a.site}${a.procedure}${a.timer}`.localeCompare(`${b.site}${b.procedure}${b.timer}`));
}

/**
 * The overdue report as CSV (see {@link toCsv}: BOM, formula-safe), in `words`' language: site, procedure and timer by
 * name, as the reports page shows them, then the counts.
 */
export function overdueCsv(report: OverdueReport, words: CsvWords): string {
  const h = CSV_HEADINGS[words.lang];
  return toCsv(
    [h.site, h.procedure, h.timer, h.cases, h.overdue, h.escalations, h.acknowledged, h.late, h.missed],
    report.rows.map((r) => [
      words.site(r.site),
      words.procedure(r.procedure),
      words.timer(r.procedure, r.timer),
      r.cases,
      r.overdue,
      r.escalations,
      r.acknowledged,
      r.late,
      r.missed,
    ]),
  );
}

/**
 * The ledger's lines as CSV (see {@link toCsv}), in `words`' language: site, procedure, department and reason by name;
 * each charge's time in its site's local time with the offset (its day is the site's).
 */
export function ledgerCsv(
  lines: ReadonlyArray<{
    site: string;
    procedure: string;
    number: string;
    account: string;
    amount: number;
    reason: string;
    at: string;
  }>,
  zoneOf: ZoneOf,
  words: CsvWords,
): string {
  const h = CSV_HEADINGS[words.lang];
  return toCsv(
    [h.site, h.procedure, h.number, h.account, h.amount, h.reason, h.at],
    lines.map((l) => [
      words.site(l.site),
      words.procedure(l.procedure),
      l.number,
      words.value(l.procedure, l.account),
      l.amount,
      words.reason(l.procedure, l.reason),
      localIso(l.at, zoneOf(l.site)),
    ]),
  );
}

/** One month of the monthly report. */
export interface MonthStats {
  month: string;
  cases: number;
  overdueCases: number;
  overdueRate: number;
  timeToStep: Array<{ timer: string; steps: number; averageMinutes: number }>;
}

/**
 * The monthly report's months (`months`, YYYY-MM, oldest first): each case counted in the month its own site's zone
 * puts its start in; overdue when any deadline passed; time-to-step from the steps that came (met or late) only.
 */
export function monthlyStats(views: readonly ReportView[], months: readonly string[], zoneOf: ZoneOf): MonthStats[] {
  const counts = new Map<string, MonthCounts>();
  for (const view of views) {
    const month = monthIn(view.startedAt, zoneOf(view.site));
    if (!months.includes(month)) continue;
    if (!counts.has(month)) counts.set(month, { month, cases: 0, overdueCases: 0, steps: [] });
    const bucket = counts.get(month)!;
    bucket.cases += 1;
    if (view.deadlines.some(passedDue)) bucket.overdueCases += 1;
    for (const { timer, ms } of stepDurations(view.deadlines)) {
      const sum = bucket.steps.find((s) => s.timer === timer);
      if (sum) {
        sum.steps += 1;
        sum.totalMs += ms;
      } else bucket.steps.push({ timer, steps: 1, totalMs: ms });
    }
  }
  return monthStatsOf(months, [...counts.values()]);
}

/**
 * The monthly report's months from per-month counts (the API's own, or the records database's): every month of
 * `months` in order, a month without cases as zeros, average time-to-step in minutes to two decimals.
 */
export function monthStatsOf(months: readonly string[], counts: readonly MonthCounts[]): MonthStats[] {
  const byMonth = new Map(counts.map((c) => [c.month, c]));
  return months.map((month) => {
    const c = byMonth.get(month) ?? { month, cases: 0, overdueCases: 0, steps: [] };
    return {
      month,
      cases: c.cases,
      overdueCases: c.overdueCases,
      overdueRate: c.cases ? c.overdueCases / c.cases : 0,
      timeToStep: [...c.steps]
        .sort((a, b) => a.timer.localeCompare(b.timer))
        .map(({ timer, steps, totalMs }) => ({
          timer,
          steps,
          averageMinutes: Math.round((totalMs / steps / 60_000) * 100) / 100,
        })),
    };
  });
}

/**
 * The `count` months (YYYY-MM, oldest first) a monthly report shows at `now` (epoch ms) for sites in `zones`: ending
 * with the current month where it is latest (a site in Shanghai is in March from 1 March 00:00 Beijing time, 16:00 UTC
 * the day before), so a site's new month shows from its first hour.
 */
export function reportMonths(now: number, zones: readonly string[], count: number): string[] {
  const current = (zones.length ? zones : ['UTC']).map((zone) => monthIn(now, zone)).sort();
  return monthsEnding(current.at(-1)!, count);
}
