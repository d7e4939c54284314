import { Router, type Request } from 'express';
import { getProcedure, newestProcedures, procedures } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import type { AppConfig } from '../../config';
import type { CaseIndex, ReportView } from '../cases/case-index';
import { languageOf } from '../errors';
import { knownSiteIn } from '../ids';
import { validate } from '../validate';
import {
  LedgerReportQuerySchema,
  LedgerReportSchema,
  OverdueReportQuerySchema,
  OverdueReportSchema,
  type OverdueReportQuery,
} from './schemas';
import { ledgerCsv, overdueCsv, startedInMonth, type ZoneOf } from './build';
import { csvWords, type CsvLang } from './csv';
import { utcWindowOfMonths, zoneOfSite } from './site-time';

/**
 * The views of the non-drill cases a report counts: the caller's sites and the filters, a month being the one of each
 * case's own site (the index is asked for a UTC window wide enough for every zone, then each case is placed).
 */
async function ledgerViews(
  index: CaseIndex,
  user: SessionUser,
  f: OverdueReportQuery,
  zoneOf: ZoneOf,
  procedureIds: string[],
): Promise<ReportView[]> {
  const window = f.month ? utcWindowOfMonths(f.month) : undefined;
  const views = await index.reportViews(user, {
    site: f.site,
    procedures: procedureIds,
    startedFrom: window?.from,
    startedTo: window?.to,
    withContext: true, // the ledger reads each case's context
  });
  return views.filter((view) => startedInMonth(view, f.month, zoneOf));
}

/** Reports: overdue statistics and the ledgers procedures keep; JSON, or CSV with format=csv. Drills never count. */
export function reportsRouter(index: CaseIndex, config: Pick<AppConfig, 'sites'>): Router {
  const router = Router();
  const zoneOf: ZoneOf = (site) => zoneOfSite(config.sites, site);
  // The CSV's words in the language asked (lang=), else the caller's (Accept-Language).
  const wordsFor = (req: Request, asked: CsvLang | undefined) =>
    csvWords(
      asked ?? languageOf(req),
      (id) => config.sites.get(id)?.name,
      (id) => newestProcedures().find((p) => p.id === id),
    );

  // Deadlines run, passed (late or never done) and escalated per site, procedure and timer.
  router.get(
    '/reports/overdue',
    validate({ query: OverdueReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (req, res) => {
      const f = res.locals.input.query as OverdueReportQuery;
      const window = f.month ? utcWindowOfMonths(f.month) : undefined;
      const rows = await index.overdueRows(
        res.locals.user as SessionUser,
        {
          site: f.site,
          procedures: f.procedure ? [f.procedure] : undefined,
          startedFrom: window?.from,
          startedTo: window?.to,
        },
        f.month,
        zoneOf,
      );
      const report = OverdueReportSchema.parse({
        generatedAt: new Date().toISOString(),
        filters: { site: f.site ?? null, procedure: f.procedure ?? null, month: f.month ?? null },
        rows,
      });
      if (f.format === 'csv') {
        res
          .type('text/csv')
          .attachment(`overdue-${f.month ?? 'all'}.csv`)
          .send(overdueCsv(report, wordsFor(req, f.lang)));
        return;
      }
      res.json(report);
    },
  );

  // Every charge of the procedures that keep a ledger (the complaint penalty ledger), with totals per department.
  router.get(
    '/reports/ledger',
    validate({ query: LedgerReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (req, res) => {
      const f = res.locals.input.query as OverdueReportQuery;
      const keeping = procedures.filter((p) => p.ledger && (!f.procedure || p.id === f.procedure)).map((p) => p.id);
      const views = await ledgerViews(index, res.locals.user as SessionUser, f, zoneOf, keeping);
      const lines = [];
      for (const view of views) {
        const entries = (view.context && getProcedure(view.procedure, view.version).ledger?.(view.context)) || [];
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
          .send(ledgerCsv(report.lines, zoneOf, wordsFor(req, f.lang)));
        return;
      }
      res.json(report);
    },
  );

  return router;
}
