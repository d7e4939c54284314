import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { viewQuery, type CaseView } from '../../workflows/engine';
import { getProcedure, procedures } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import type { AppConfig } from '../../config';
import { canSee } from '../cases/access';
import { CASES, collectCases, inList, q } from '../cases/visibility';
import { knownSiteIn } from '../ids';
import { validate } from '../validate';
import {
  LedgerReportQuerySchema,
  LedgerReportSchema,
  OverdueReportQuerySchema,
  OverdueReportSchema,
  type OverdueReportQuery,
} from './schemas';
import { ledgerCsv, overdueCsv, overdueRows, startedInMonth, type ZoneOf } from './build';
import { utcWindowOfMonths, zoneOfSite } from './site-time';

// A report reads each case's own record; past this many cases it asks for a narrower filter.
const MAX_CASES = 2000;

/**
 * The views of the non-drill cases a report counts: the caller's sites and the filters, a month being the one of each
 * case's own site (visibility is asked for a UTC window wide enough for every zone, then each case is placed).
 */
async function viewsFor(
  client: Client,
  user: SessionUser,
  f: OverdueReportQuery,
  zoneOf: ZoneOf,
  procedureIds?: string[],
): Promise<CaseView[]> {
  const clauses = [CASES, `CaseDrill = false`, `CaseSite IN ${inList(Object.keys(user.roles))}`];
  if (f.site) clauses.push(`CaseSite = ${q(f.site)}`);
  if (f.procedure) clauses.push(`CaseProcedure = ${q(f.procedure)}`);
  if (f.month) {
    const { from, to } = utcWindowOfMonths(f.month);
    clauses.push(`StartTime >= ${q(from)} AND StartTime < ${q(to)}`);
  }
  const summaries = await collectCases(client, clauses.join(' AND '), {
    pageSize: 200,
    now: Date.now,
    keep: (c) => canSee(user, c),
    max: MAX_CASES,
  });
  const views: CaseView[] = [];
  for (const summary of summaries) {
    if (procedureIds && !procedureIds.includes(summary.procedure)) continue;
    const view = await client.workflow.getHandle(summary.caseId).query(viewQuery);
    if (startedInMonth(view, f.month, zoneOf)) views.push(view);
  }
  return views;
}

/** Reports: overdue statistics and the ledgers procedures keep; JSON, or CSV with format=csv. Drills never count. */
export function reportsRouter(client: Client, config: Pick<AppConfig, 'sites'>): Router {
  const router = Router();
  const zoneOf: ZoneOf = (site) => zoneOfSite(config.sites, site);

  // Deadlines run, passed (late or never done) and escalated per site, procedure and timer.
  router.get(
    '/reports/overdue',
    validate({ query: OverdueReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as OverdueReportQuery;
      const views = await viewsFor(client, res.locals.user as SessionUser, f, zoneOf);
      const report = OverdueReportSchema.parse({
        generatedAt: new Date().toISOString(),
        filters: { site: f.site ?? null, procedure: f.procedure ?? null, month: f.month ?? null },
        rows: overdueRows(views),
      });
      if (f.format === 'csv') {
        res
          .type('text/csv')
          .attachment(`overdue-${f.month ?? 'all'}.csv`)
          .send(overdueCsv(report));
        return;
      }
      res.json(report);
    },
  );

  // Every charge of the procedures that keep a ledger (the complaint penalty ledger), with totals per department.
  router.get(
    '/reports/ledger',
    validate({ query: LedgerReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as OverdueReportQuery;
      const keeping = procedures.filter((p) => p.ledger && (!f.procedure || p.id === f.procedure)).map((p) => p.id);
      const views = await viewsFor(client, res.locals.user as SessionUser, f, zoneOf, keeping);
      const lines = [];
      for (const view of views) {
        const entries = getProcedure(view.procedure, view.version).ledger?.(view.context) ?? [];
        for (const entry of entries) {
          const { site, procedure, caseId, number } = view;
          lines.push({ site, procedure, caseId, number, ...entry, at: new Date(entry.at).toISOString() });
        }
      }
      const totals = new Map<string, { site: string; account: string; amount: number; charges: number }>();
      for (const line of lines) {
        const key = `${line.site}\n${line.account}`;
        const total = totals.get(key) ?? { site: line.site, account: line.account, amount: 0, charges: 0 };
        total.amount += line.amount;
        total.charges += 1;
        totals.set(key, total);
      }
      const report = LedgerReportSchema.parse({
        generatedAt: new Date().toISOString(),
        filters: { site: f.site ?? null, procedure: f.procedure ?? null, month: f.month ?? null },
        totals: [...totals.values()].sort((a, b) => `${a.site}${a.account}`.localeCompare(`${b.site}${b.account}`)),
        lines: lines.sort((a, b) => a.at.localeCompare(b.at)),
      });
      if (f.format === 'csv') {
        res
          .type('text/csv')
          .attachment(`ledger-${f.month ?? 'all'}.csv`)
          .send(ledgerCsv(report.lines, zoneOf));
        return;
      }
      res.json(report);
    },
  );

  return router;
}
