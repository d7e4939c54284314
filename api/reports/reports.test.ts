import { CaseCore } from '../../workflows/engine/case-core';
import type { CaseView } from '../../workflows/engine/contract';
import { getProcedure } from '../../workflows/procedures';
import { fireTimersUntil } from '../../tests/support/deadline-scenarios';
import { as, caseStart } from '../../tests/support/fixtures';
import { loadConfig } from '../../config/load';
import { ledgerCsv, monthlyStats, overdueCsv, overdueRows, reportMonths, startedInMonth } from './build';
import { csvWords, type CsvLang } from './csv';
import { OverdueReportSchema } from './schemas';
import { localIso, monthIn, utcWindowOfMonths, zoneOfSite } from './site-time';

// The reports' arithmetic on case views made by the engine itself (CaseCore with its own clock).
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

// 23:30 UTC on the last day of February: already 1 March 07:30 in Beijing.
const T0 = Date.parse('2026-02-28T23:30:00Z');
const config = loadConfig();
const shanghaiSite = 'chengshi-garden';
const londonSite = 'london-depot'; // a site of another zone, for reports over several sites
const zones = new Map([...config.sites].map(([id, site]) => [id, { calendar: { zone: site.calendar.zone } }]));
zones.set(londonSite, { calendar: { zone: 'Europe/London' } });
const zoneOf = (site: string) => zoneOfSite(zones, site);
const words = (lang: CsvLang) =>
  csvWords(
    lang,
    (id) => config.sites.get(id)?.name,
    (id) => getProcedure(id),
  );

/** A case driven by the engine: timers fire in due order as the clock moves, as the workflow fires them. */
function driven(procedure: string, data: Record<string, unknown>, site: string, startedAt = T0) {
  const def = getProcedure(procedure);
  let now = startedAt;
  const { core } = CaseCore.start(def, { ...caseStart(procedure, data), site, startedBy: as(def.example.by) }, now);
  const advance = (to: number) => {
    now = fireTimersUntil(core, now, to);
  };
  return {
    at(ms: number, type: string, stepData: Record<string, unknown>, role: string) {
      advance(startedAt + ms);
      core.applyStep({ type, data: stepData, actor: as(role) }, now);
      return this;
    },
    view(ms?: number): CaseView {
      if (ms !== undefined) advance(startedAt + ms);
      return core.view(now);
    },
  };
}

const perimeter = (site = shanghaiSite, startedAt = T0) =>
  driven('perimeter-alarm', { zone: 'north-wall-3', source: 'panel' }, site, startedAt);
const falseAlarm = { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true };

describe('deadline outcomes in the reports (issue 13 §3)', () => {
  it('a patrol one minute late is late at its arrival: six minutes to the step, not the five of the due time', () => {
    const view = perimeter()
      .at(40 * SECOND, 'patrol_dispatched', { patrol: ['Li'], squadLeaderInformed: true }, 'monitor_guard')
      .at(6 * MINUTE, 'patrol_arrived', {}, 'patrol_guard')
      .at(7 * MINUTE, 'verdict_given', falseAlarm, 'patrol_guard')
      .view();
    expect(view.status).toBe('closed');
    expect(view.deadlines.find((d) => d.timer === 'patrol_arrival')).toEqual({
      timer: 'patrol_arrival',
      state: 'responding',
      startedAt: iso(T0),
      dueAt: iso(T0 + 5 * MINUTE),
      outcome: 'late',
      endedAt: iso(T0 + 6 * MINUTE),
    });
    expect(view.deadlines.find((d) => d.timer === 'dispatch')).toMatchObject({
      outcome: 'met',
      endedAt: iso(T0 + 40 * SECOND),
    });
    const [march] = monthlyStats([view], ['2026-03'], zoneOf);
    expect(march!.overdueCases).toBe(1);
    expect(march!.timeToStep).toEqual([
      { timer: 'dispatch', steps: 1, averageMinutes: 0.67 },
      { timer: 'patrol_arrival', steps: 1, averageMinutes: 6 },
    ]);
    expect(overdueRows([view]).find((r) => r.timer === 'patrol_arrival')).toMatchObject({
      cases: 1,
      overdue: 1,
      late: 1,
      missed: 0,
    });
  });

  it('a patrol that never came is missed and adds no time-to-step sample', () => {
    const view = perimeter()
      .at(40 * SECOND, 'patrol_dispatched', { patrol: ['Li'], squadLeaderInformed: true }, 'monitor_guard')
      .view(30 * MINUTE);
    const record = view.deadlines.find((d) => d.timer === 'patrol_arrival')!;
    expect(record.outcome).toBe('missed');
    expect(record.endedAt).toBeUndefined();
    const [march] = monthlyStats([view], ['2026-03'], zoneOf);
    expect(march!.timeToStep.map((x) => x.timer)).toEqual(['dispatch']);
    expect(overdueRows([view]).find((r) => r.timer === 'patrol_arrival')).toMatchObject({ overdue: 1, missed: 1 });
  });

  it('reads a record persisted before late existed (missed, ended when its timer fired) without a step time', () => {
    const def = getProcedure('perimeter-alarm');
    const start = { ...caseStart(def.id, { zone: 'north-wall-3', source: 'panel' }), site: shanghaiSite };
    const { core } = CaseCore.start(def, start, T0);
    const timers = core.openTimerEffects().filter((t) => t.kind === 'startTimer');
    const arrival = timers.find((t) => t.key.includes('patrol_arrival'))!;
    for (const t of timers.filter((x) => x.dueAt <= arrival.dueAt).sort((a, b) => a.dueAt - b.dueAt)) {
      core.fireTimer(t.key, t.dueAt);
    }
    const saved = core.persist();
    // What the old engine persisted: the miss closed with the firing time as its end.
    saved.deadlines = saved.deadlines!.map((d) => (d.outcome === 'missed' ? { ...d, endedAt: d.dueAt } : d));
    const resumed = CaseCore.resume(def, saved);
    const before = resumed.view(T0 + 5 * MINUTE + SECOND).deadlines.find((d) => d.timer === 'patrol_arrival')!;
    expect(before).toMatchObject({ outcome: 'missed' });
    expect(before.endedAt).toBeUndefined();
    resumed.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, T0 + 6 * MINUTE);
    expect(resumed.view(T0 + 6 * MINUTE).deadlines.find((d) => d.timer === 'patrol_arrival')).toMatchObject({
      outcome: 'late',
      endedAt: iso(T0 + 6 * MINUTE),
    });
  });

  it('a complaint called every day has every follow-up round met at its call, none overdue, no escalation', () => {
    const intake = {
      customer: { name: '张女士', phone: '138 0013 8000' },
      channel: 'phone',
      location: '星河湾 3 栋 1201',
      category: 'workmanship',
      description: '卫生间漏水',
      request: '尽快维修',
    };
    const c = driven('complaint', intake, 'jiayi-decoration');
    const call = { reached: true, outcome: '客户确认已安排维修' };
    for (let day = 0; day < 3; day++) c.at(day * DAY + 2 * 60 * MINUTE, 'follow_up_called', call, 'cs_agent');
    const view = c.view(3 * DAY + MINUTE);
    const rounds = view.deadlines.filter((d) => d.timer === 'follow_up');
    expect(rounds.slice(0, 3).map((d) => [d.outcome, d.endedAt])).toEqual(
      [0, 1, 2].map((day) => ['met', iso(T0 + day * DAY + 2 * 60 * MINUTE)]),
    );
    expect(view.escalations.filter((e) => e.timer === 'follow_up')).toEqual([]);
    expect(overdueRows([view]).find((r) => r.timer === 'follow_up')).toMatchObject({
      overdue: 0,
      late: 0,
      missed: 0,
      escalations: 0,
    });
  });
});

describe('days and months are the site’s (issue 13 §4)', () => {
  // Opened 2026-03-01 07:30 Beijing time; the same instant is still February in London.
  const shanghai = perimeter().view(MINUTE);
  const london = perimeter(londonSite).view(MINUTE);

  it('puts a case opened at 23:30 UTC on the last day of a month in its site’s month', () => {
    expect(monthIn(T0, 'Asia/Shanghai')).toBe('2026-03');
    expect(startedInMonth(shanghai, '2026-03', zoneOf)).toBe(true);
    expect(startedInMonth(shanghai, '2026-02', zoneOf)).toBe(false);
    // A report over several sites places each case by its own site's month.
    expect(startedInMonth(london, '2026-02', zoneOf)).toBe(true);
    expect(startedInMonth(london, '2026-03', zoneOf)).toBe(false);
    // The visibility query of a month holds the case, wherever its site is.
    const { from, to } = utcWindowOfMonths('2026-03');
    expect(from <= iso(T0) && iso(T0) < to).toBe(true);
  });

  it('counts it in the site’s month in the overdue report and its CSV', () => {
    const march = [shanghai, london].filter((v) => startedInMonth(v, '2026-03', zoneOf));
    const report = OverdueReportSchema.parse({
      generatedAt: iso(T0),
      filters: { site: null, procedure: null, month: '2026-03' },
      rows: overdueRows(march),
    });
    expect(new Set(report.rows.map((r) => r.site))).toEqual(new Set([shanghaiSite]));
    expect(report.rows.find((r) => r.timer === 'dispatch')).toMatchObject({ cases: 1, overdue: 1, missed: 1 });
    const csv = overdueCsv(report, words('zh-CN')).split('\n');
    // Excel reads the BOM as UTF-8; the columns are headed and filled in words, as the reports page shows them.
    expect(csv[0]).toBe('\uFEFF场所,流程,时限,案件数,超时,升级次数,已确认,超时完成,未完成');
    expect(csv).toContain('城市花园,周界报警应急处理,派岗时限,1,1,1,0,0,1');
    expect(overdueCsv(report, words('en')).split('\n')[0]).toBe(
      '\uFEFFSite,Procedure,Deadline,Cases,Overdue,Escalations,Acknowledged,Done late,Never done',
    );
  });

  it('counts it in the site’s month in the monthly report, whose months end with the site’s month', () => {
    const months = reportMonths(T0, [zoneOf(shanghaiSite)], 6);
    expect(months).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    // Over sites of several zones the list runs to the latest current month; each case goes by its own site.
    expect(reportMonths(T0, [zoneOf(londonSite), zoneOf(shanghaiSite)], 2)).toEqual(['2026-02', '2026-03']);
    expect(reportMonths(T0, [zoneOf(londonSite)], 1)).toEqual(['2026-02']);
    const stats = monthlyStats([shanghai, london], ['2026-02', '2026-03'], zoneOf);
    expect(stats.map((m) => [m.month, m.cases])).toEqual([
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
  });

  it('writes CSV times in the site’s local time, so their day is the site’s', () => {
    expect(localIso(T0, 'Asia/Shanghai')).toBe('2026-03-01T07:30:00+08:00');
    expect(localIso(T0, 'Europe/London')).toBe('2026-02-28T23:30:00+00:00');
    expect(localIso('2026-07-01T12:00:00Z', 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    const csv = ledgerCsv(
      [
        {
          site: 'jiayi-decoration', // the contractor runs the complaint with the penalty ledger (issue 19)
          procedure: 'complaint',
          number: 'KS-20260301-0001',
          account: 'design',
          amount: 200,
          reason: 'first_complaint',
          at: iso(T0),
        },
      ],
      zoneOf,
      words('zh-CN'),
    );
    expect(csv.split('\n')[0]).toBe('\uFEFF场所,流程,案件编号,责任部门,金额（元）,原因,时间');
    expect(csv.split('\n')[1]).toBe(
      '家逸装饰,客户投诉处理,KS-20260301-0001,设计部,200,首次投诉,2026-03-01T07:30:00+08:00',
    );
  });
});
