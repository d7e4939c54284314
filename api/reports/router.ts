import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { viewQuery } from '../../workflows/engine/messages';
import { getProcedure, procedures } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import { canSee } from '../cases/list-router';
import { inList, listCases, q, type CaseSummary } from '../cases/visibility';
import type { AppConfig } from '../config/load';
import { knownSiteIn } from '../ids';
import { validate } from '../validate';
import {
  LedgerReportQuerySchema,
  LedgerReportSchema,
  OverdueReportQuerySchema,
  OverdueReportSchema,
  type OverdueReportQuery,
  type OverdueReportRow,
} from './schemas';

// A report reads each case's own record; past this many cases it asks for a narrower filter.
const MAX_CASES = 2000;

/** The non-drill cases a report counts: the caller's sites and the filters. */
async function casesFor(client: Client, user: SessionUser, f: OverdueReportQuery): Promise<CaseSummary[]> {
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
  return summaries;
}

const csvCell = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replaceAll('"', '""')}"`);

/** Reports: overdue statistics and the ledgers procedures keep; JSON, or CSV with format=csv. Drills never count. */
export function reportsRouter(client: Client, config: Pick<AppConfig, 'sites'>): Router {
  const router = Router();

  // Deadlines run, missed and escalated per site, procedure and timer.
  router.get(
    '/reports/overdue',
    validate({ query: OverdueReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as OverdueReportQuery;
      const summaries = await casesFor(client, res.locals.user as SessionUser, f);
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
    },
  );

  // Every charge of the procedures that keep a ledger (the complaint penalty ledger), with totals per department.
  router.get(
    '/reports/ledger',
    validate({ query: LedgerReportQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as OverdueReportQuery;
      const keeping = procedures.filter((p) => p.ledger && (!f.procedure || p.id === f.procedure)).map((p) => p.id);
      const summaries = (await casesFor(client, res.locals.user as SessionUser, f)).filter((c) =>
        keeping.includes(c.procedure),
      );
      const lines = [];
      for (const summary of summaries) {
        const view = await client.workflow.getHandle(summary.caseId).query(viewQuery);
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
        const header = 'site,procedure,number,account,amount,reason,at';
        const rows = report.lines.map((l) =>
          [l.site, l.procedure, l.number, l.account, l.amount, l.reason, l.at].map(csvCell).join(','),
        );
        res
          .type('text/csv')
          .attachment(`ledger-${f.month ?? 'all'}.csv`)
          .send([header, ...rows].join('\n') + '\n');
        return;
      }
      res.json(report);
    },
  );

  return router;
}
