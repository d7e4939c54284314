import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { knownSiteIn, ProcedureIdSchema, SiteIdSchema } from '../ids';
import { viewQuery } from '../../workflows/engine/messages';
import type { SessionUser } from '../auth/tokens';
import type { AppConfig } from '../config/load';
import { canSee } from '../cases/list-router';
import { inList, listCases, q, type CaseSummary } from '../cases/visibility';
import { validate } from '../validate';

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
      month: z.string().describe('YYYY-MM in the site’s time zone'),
      cases: z.number().int().describe('Cases started that month (drills excluded)'),
      overdueCases: z.number().int().describe('Of those, cases with at least one missed deadline'),
      overdueRate: z.number().describe('overdueCases / cases, 0 when there were none'),
      timeToStep: z
        .array(z.object({ timer: z.string(), steps: z.number().int(), averageMinutes: z.number() }))
        .describe('Per deadline: how long its step took on average, from the deadline’s start to the step'),
    }),
  ),
});
type MonthlyReport = z.infer<typeof MonthlyReportSchema>;

// Like the other reports, each case's own record is read; past this many cases the oldest are left out.
const MAX_CASES = 2000;

/** GET /reports/monthly: overdue rate and time-to-step per month, for the manager dashboard's charts. */
export function monthlyReportRouter(client: Client, config: AppConfig): Router {
  const router = Router();
  router.get(
    '/reports/monthly',
    validate({ query: MonthlyReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as MonthlyReportQuery;
      const user = res.locals.user as SessionUser;
      const now = new Date();
      const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (f.months - 1), 1));
      // One day early: a site east of UTC starts its month before UTC does.
      const from = new Date(firstMonth.getTime() - 86_400_000).toISOString();
      const clauses = [
        `WorkflowType = 'runProcedure'`,
        `CaseDrill = false`,
        `CaseSite IN ${inList(Object.keys(user.roles))}`,
        `StartTime >= ${q(from)}`,
      ];
      if (f.site) clauses.push(`CaseSite = ${q(f.site)}`);
      if (f.procedure) clauses.push(`CaseProcedure = ${q(f.procedure)}`);
      const summaries: CaseSummary[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCases(client, clauses.join(' AND '), 200, cursor, Date.now());
        summaries.push(...page.cases.filter((c) => canSee(user, c)));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && summaries.length < MAX_CASES);

      const months = new Map<string, { cases: number; overdue: number; steps: Map<string, number[]> }>();
      for (let i = 0; i < f.months; i++) {
        const d = new Date(Date.UTC(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + i, 1));
        months.set(d.toISOString().slice(0, 7), { cases: 0, overdue: 0, steps: new Map() });
      }
      for (const summary of summaries) {
        const view = await client.workflow.getHandle(summary.caseId).query(viewQuery);
        const zone = config.sites.get(view.site)?.calendar.zone ?? 'Asia/Shanghai';
        const bucket = months.get(monthIn(view.startedAt, zone));
        if (!bucket) continue;
        bucket.cases += 1;
        if (view.deadlines.some((d) => d.outcome === 'missed')) bucket.overdue += 1;
        for (const d of view.deadlines) {
          if (!d.endedAt) continue;
          const list = bucket.steps.get(d.timer) ?? [];
          list.push(Date.parse(d.endedAt) - Date.parse(d.startedAt));
          bucket.steps.set(d.timer, list);
        }
      }
      const report: MonthlyReport = {
        generatedAt: now.toISOString(),
        months: [...months].map(([month, b]) => ({
          month,
          cases: b.cases,
          overdueCases: b.overdue,
          overdueRate: b.cases ? b.overdue / b.cases : 0,
          timeToStep: [...b.steps]
            .sort(([a], [c]) => a.localeCompare(c))
            .map(([timer, ms]) => ({
              timer,
              steps: ms.length,
              averageMinutes: Math.round((ms.reduce((s, x) => s + x, 0) / ms.length / 60_000) * 100) / 100,
            })),
        })),
      };
      res.json(MonthlyReportSchema.parse(report));
    },
  );
  return router;
}

/** YYYY-MM of an instant in a time zone. */
function monthIn(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(
    new Date(iso),
  );
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}
