import { Router } from 'express';
import { z } from 'zod';
import { knownSiteIn, ProcedureIdSchema, SiteIdSchema } from '../ids';
import type { SessionUser } from '../auth/tokens';
import type { AppConfig } from '../../config';
import type { CaseIndex } from '../cases/case-index';
import { validate } from '../validate';
import { reportMonths, type ZoneOf } from './build';
import { utcWindowOfMonths, zoneOfSite } from './site-time';

export const MonthlyReportQuerySchema = z.object({
  months: z.coerce.number().int().min(1).max(24).default(6).describe('How many calendar months, ending this one'),
  site: SiteIdSchema.optional(),
  procedure: ProcedureIdSchema.optional(),
});
type MonthlyReportQuery = z.infer<typeof MonthlyReportQuerySchema>;

export const MonthlyReportSchema = z.object({
  generatedAt: z.string(),
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM; each case counts in the month of its own site’s time zone'),
      cases: z.number().int().describe('Cases started that month (drills excluded)'),
      overdueCases: z
        .number()
        .int()
        .describe('Of those, cases with at least one deadline passed (its step came late, or never)'),
      overdueRate: z.number().describe('overdueCases / cases, 0 when there were none'),
      timeToStep: z
        .array(z.object({ timer: z.string(), steps: z.number().int(), averageMinutes: z.number() }))
        .describe(
          'Per deadline: how long its step took on average, from the deadline’s start to the step (met or late); a ' +
            'deadline whose step never came adds no sample',
        ),
    }),
  ),
});
type MonthlyReport = z.infer<typeof MonthlyReportSchema>;

/** GET /reports/monthly: overdue rate and time-to-step per month, for the manager dashboard's charts. */
export function monthlyReportRouter(index: CaseIndex, config: AppConfig): Router {
  const router = Router();
  router.get(
    '/reports/monthly',
    validate({ query: MonthlyReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as MonthlyReportQuery;
      const user = res.locals.user as SessionUser;
      const now = new Date();
      const zoneOf: ZoneOf = (site) => zoneOfSite(config.sites, site);
      // The months end with this month where it is latest among the sites asked about (each case then goes by its own).
      const months = reportMonths(now.getTime(), (f.site ? [f.site] : Object.keys(user.roles)).map(zoneOf), f.months);
      const { from } = utcWindowOfMonths(months[0]!, months.at(-1));
      const stats = await index.monthlyStats(
        user,
        { site: f.site, procedures: f.procedure ? [f.procedure] : undefined, startedFrom: from },
        months,
        zoneOf,
      );
      const report: MonthlyReport = { generatedAt: now.toISOString(), months: stats };
      res.json(MonthlyReportSchema.parse(report));
    },
  );
  return router;
}
