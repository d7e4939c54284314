import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { viewQuery } from '../../workflows/engine/messages';
import type { SessionUser } from '../auth/tokens';
import { canSee } from '../cases/list-router';
import { inList, listCases, q, type CaseSummary } from '../cases/visibility';
import { validate } from '../validate';
import {
  OverdueReportSchema,
  type OverdueReportQuery,
  type OverdueReportRow,
  OverdueReportQuerySchema,
} from './schemas';

// A report reads each case's own record; past this many cases it asks for a narrower filter.
const MAX_CASES = 2000;

/** GET /reports/overdue: deadlines run, missed and escalated per site, procedure and timer (drills excluded). */
export function reportsRouter(client: Client): Router {
  const router = Router();
  router.get('/reports/overdue', validate({ query: OverdueReportQuerySchema }), async (_req, res) => {
    const f = res.locals.input.query as OverdueReportQuery;
    const user = res.locals.user as SessionUser;
    const clauses = [
      `WorkflowType = 'runProcedure'`,
      `CaseDrill = false`,
      `CaseSite IN ${inList(Object.keys(user.roles))}`,
    ];
    if (f.site) clauses.push(`CaseSite = ${q(f.site)}`);
    if (f.procedure) clauses.push(`CaseProcedure = ${q(f.procedure)}`);
    if (f.month) {
      const [y, m] = f.month.split('-').map(Number) as [number, number];
      const from = new Date(Date.UTC(y, m - 1, 1)).toISOString();
      const to = new Date(Date.UTC(y, m, 1)).toISOString();
      clauses.push(`StartTime >= ${q(from)} AND StartTime < ${q(to)}`);
    }
    const summaries: CaseSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(client, clauses.join(' AND '), 200, cursor, Date.now());
      summaries.push(...page.cases.filter((c) => canSee(user, c)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && summaries.length < MAX_CASES);

    const rows = new Map<string, OverdueReportRow>();
    const rowOf = (site: string, procedure: string, timer: string) => {
      const key = `${site}\n${procedure}\n${timer}`;
      if (!rows.has(key))
        rows.set(key, { site, procedure, timer, cases: 0, overdue: 0, escalations: 0, acknowledged: 0 });
      return rows.get(key)!;
    };
    for (const summary of summaries) {
      const view = await client.workflow.getHandle(summary.caseId).query(viewQuery);
      for (const timer of new Set(view.deadlines.map((d) => d.timer))) {
        const row = rowOf(view.site, view.procedure, timer);
        row.cases += 1;
        if (view.deadlines.some((d) => d.timer === timer && d.outcome === 'missed')) row.overdue += 1;
      }
      for (const e of view.escalations) {
        const row = rowOf(view.site, view.procedure, e.timer);
        row.escalations += 1;
        if (e.ackedAt) row.acknowledged += 1;
      }
    }
    const report = OverdueReportSchema.parse({
      generatedAt: new Date().toISOString(),
      filters: { site: f.site ?? null, procedure: f.procedure ?? null, month: f.month ?? null },
      rows: [...rows.values()].sort((a, b) =>
        `${a.site}${a.procedure}${a.timer}`.localeCompare(`${b.site}${b.procedure}${b.timer}`),
      ),
    });
    if (f.format === 'csv') {
      const header = 'site,procedure,timer,cases,overdue,escalations,acknowledged';
      const lines = report.rows.map((r) =>
        [r.site, r.procedure, r.timer, r.cases, r.overdue, r.escalations, r.acknowledged].join(','),
      );
      res
        .type('text/csv')
        .attachment(`overdue-${f.month ?? 'all'}.csv`)
        .send([header, ...lines].join('\n') + '\n');
      return;
    }
    res.json(report);
  });
  return router;
}
