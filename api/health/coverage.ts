import type pino from 'pino';
import { firstUncoveredDate } from '../../workflows/calendar';
import type { CaseView } from '../../workflows/engine';
import type { AppConfig } from '../../config';

const DAY_MS = 86_400_000;

/** The holiday-data check of /api/healthz. */
export interface HolidayCheck {
  status: 'ok' | 'degraded';
  /** The earliest date some site's deadlines may reach without the official arrangement for it (YYYY-MM-DD). */
  firstUncoveredDate?: string;
  /** The sites concerned. */
  sites?: string[];
  detail: string;
}

/**
 * Watches that deadlines are never computed beyond the holiday data without a word (issue 15): logs each deadline of a
 * case view counted over an uncovered date (once per site and year), and answers the health check, degraded when a
 * site's calendar runs out of data within `lookaheadDays` of now or a deadline was already seen past it.
 */
export class HolidayCoverage {
  private readonly logged = new Set<string>();
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly config: Pick<AppConfig, 'sites'>,
    private readonly logger?: pino.Logger,
    private readonly lookaheadDays = 60,
  ) {}

  /** Notes the coverage warnings on a case view's open timers and deadlines. */
  note(view: CaseView): void {
    const dates = [...view.timers, ...view.deadlines].flatMap((t) =>
      t.holidaysUnknownFrom ? [t.holidaysUnknownFrom] : [],
    );
    for (const date of dates) {
      const before = this.seen.get(view.site);
      if (!before || date < before) this.seen.set(view.site, date);
      const key = `${view.site}:${date.slice(0, 4)}`;
      if (this.logged.has(key)) continue;
      this.logged.add(key);
      this.logger?.warn(
        { site: view.site, caseId: view.caseId, firstUncoveredDate: date },
        `holiday data for site ${view.site} ends before ${date}: deadlines in ${date.slice(0, 4)} count working days ` +
          'by weekday alone until the State Council notice is loaded into config/holidays/',
      );
    }
  }

  /** The check at `now` (epoch ms). */
  check(now = Date.now()): HolidayCheck {
    const found = new Map<string, string>(this.seen);
    for (const site of this.config.sites.values()) {
      const date = firstUncoveredDate(now, now + this.lookaheadDays * DAY_MS, site.calendar);
      const before = found.get(site.id);
      if (date && (!before || date < before)) found.set(site.id, date);
    }
    if (!found.size)
      return { status: 'ok', detail: `holiday data covers the next ${this.lookaheadDays} days at every site` };
    const first = [...found.values()].sort()[0]!;
    const sites = [...found.keys()].sort();
    return {
      status: 'degraded',
      firstUncoveredDate: first,
      sites,
      detail:
        `no official holiday arrangement from ${first} (sites ${sites.join(', ')}): deadlines past it count working ` +
        'days by weekday alone; load the State Council notice into config/holidays/ (docs/production.md)',
    };
  }
}
