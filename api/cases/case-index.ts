import type { Client } from '@temporalio/client';
import { viewQuery, type CaseView } from '../../workflows/engine';
import { procedures } from '../../workflows/procedures';
import type { ReadScope, RecordedSummary, RecordsAccess, ReportMonths, ReportView } from '../../records';
import {
  monthlyStats,
  monthStatsOf,
  overdueRows,
  sortOverdueRows,
  startedInMonth,
  type MonthStats,
  type ZoneOf,
} from '../reports/build';
import type { OverdueReportRow } from '../reports/schemas';
import type { SessionUser } from '../auth/tokens';
import { HttpError } from '../errors';
import { canSee, rolesSeeProcedure } from './access';
import type { ListCasesQuery } from './list-schemas';
import { CASES, collectCases, inList, listCases, openCursor, q, sealCursor, type CaseSummary } from './visibility';

/** A case as a report reads it (records/reads.ts): deadlines and escalations, and the context when asked for. */
export type { ReportView };

/** Which non-drill cases a report counts, beyond the caller's sites (every filter given must hold). */
export interface ReportCases {
  site?: string;
  /** Only these procedures (any when absent). */
  procedures?: readonly string[];
  /** Started at or after this instant (ISO). */
  startedFrom?: string;
  /** Started before this instant (ISO). */
  startedTo?: string;
  /** Also read each case's procedure context (the ledger does). */
  withContext?: boolean;
}

/**
 * Where lists, the inbox, search, reports and the event stream read cases: Temporal visibility (and each case's
 * workflow for reports) without a records database, the records database when DATABASE_URL is set. Chosen once, in
 * createApp; the routes do not know which. Both answer the same for the same cases; who may see a case is decided by
 * api/cases/access.ts either way.
 */
export interface CaseIndex {
  /**
   * One page of the cases `user` may see matching the list's filters; `now` (epoch ms) judges `overdue`.
   * @throws HttpError 404 no-such-page for a cursor this list never handed out
   */
  list(user: SessionUser, f: ListCasesQuery, now: number): Promise<{ cases: CaseSummary[]; nextCursor: string | null }>;
  /**
   * Open cases awaiting one of `user`'s roles at a site, or escalated unacknowledged to one of them as a whole or to
   * `user` in person (the on-duty roster picked them; records database only); at most 500.
   */
  inbox(user: SessionUser, now: number): Promise<CaseSummary[]>;
  /** The views of the non-drill cases `user` may see that a report counts (see {@link ReportCases}). */
  reportViews(user: SessionUser, f: ReportCases): Promise<ReportView[]>;
  /**
   * The overdue report's rows over the cases `user` may see that `f` selects, only those started in `month` (YYYY-MM,
   * each case in its own site's zone, `zoneOf`) when given; in the report's order.
   */
  overdueRows(
    user: SessionUser,
    f: ReportCases,
    month: string | undefined,
    zoneOf: ZoneOf,
  ): Promise<OverdueReportRow[]>;
  /** The monthly report's `months` (YYYY-MM, oldest first) over the cases `user` may see that `f` selects. */
  monthlyStats(user: SessionUser, f: ReportCases, months: readonly string[], zoneOf: ZoneOf): Promise<MonthStats[]>;
  /** Every case whose latest change (updatedAt) is after `after` (epoch ms), as it is now: the stream's source. */
  changedSince(after: number, now: number): Promise<CaseSummary[]>;
  /**
   * How many open cases each procedure has now, drills left out (the `procwf_open_cases` gauge, read on each scrape):
   * every procedure id, 0 when it has none. @throws when the index cannot be read
   */
  openCounts(): Promise<Record<string, number>>;
}

/** Every procedure's id once (its versions share it), each with `count`'s answer. */
async function perProcedure(count: (procedure: string) => Promise<number>): Promise<Record<string, number>> {
  const ids = [...new Set(procedures.map((p) => p.id))];
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await count(id)] as const)));
}

// Temporal: a report reads each case's own record; past this many cases it leaves the rest out.
const MAX_REPORT_CASES = 2000;
// An inbox is bounded: at most 500 open cases.
const MAX_INBOX = 500;

/** Each of the user's sites with its zone, for the records database to place cases in months as `zoneOf` does. */
function reportMonthsOf(user: SessionUser, zoneOf: ZoneOf, months?: readonly string[]): ReportMonths {
  return {
    zones: Object.keys(user.roles).map((site) => ({ site, zone: zoneOf(site) })),
    fallbackZone: zoneOf(''),
    ...(months ? { months } : {}),
  };
}

/** The sites of a user and, per site, the procedures the access rule hides from them there. */
export function readScopeOf(user: SessionUser): ReadScope {
  return Object.keys(user.roles).map((site) => ({
    site,
    hide: procedures.filter((p) => !rolesSeeProcedure(p, user.roles[site] ?? [])).map((p) => p.id),
  }));
}

/** Visibility query for the cases a user may list; confidential procedures only at the sites where they may see them. */
function visibilityScope(user: SessionUser): string {
  const perSite = readScopeOf(user).map(({ site, hide }) => {
    const notHidden = hide.length ? ` AND CaseProcedure NOT IN ${inList([...hide])}` : '';
    return `(CaseSite = ${q(site)}${notHidden})`;
  });
  return `${CASES} AND (${perSite.join(' OR ') || 'false'})`;
}

/** Cases from Temporal visibility, reports from each case's workflow query (no records database). */
export function temporalCaseIndex(client: Client): CaseIndex {
  return {
    async list(user, f, now) {
      const clauses = [visibilityScope(user)];
      if (f.procedure) clauses.push(`CaseProcedure = ${q(f.procedure)}`);
      if (f.site) clauses.push(`CaseSite = ${q(f.site)}`);
      if (f.status) clauses.push(`CaseStatus = ${q(f.status)}`);
      const at = q(new Date(now).toISOString());
      if (f.overdue === true) clauses.push(`CaseStatus = 'open' AND CaseNextDueAt < ${at}`);
      if (f.overdue === false) clauses.push(`(CaseNextDueAt IS NULL OR CaseNextDueAt >= ${at})`);
      if (f.q) clauses.push(`(CaseNumber = ${q(f.q)} OR CaseText = ${q(f.q)})`);
      return listCases(client, clauses.join(' AND '), f.pageSize, f.cursor, now);
    },

    async inbox(user, now) {
      // Per site: cases awaiting one of my roles there, or escalated to one of them and not yet acknowledged.
      const perSite = Object.keys(user.roles).map((site) => {
        const roles = inList(user.roles[site] ?? []);
        return `(CaseSite = ${q(site)} AND (CaseAwaitingRoles IN ${roles} OR CaseEscalatedTo IN ${roles}))`;
      });
      const query = `${CASES} AND CaseStatus = 'open' AND (${perSite.join(' OR ') || 'false'})`;
      return collectCases(client, query, { pageSize: 100, now: () => now, max: MAX_INBOX });
    },

    async reportViews(user, f) {
      const clauses = [CASES, `CaseDrill = false`, `CaseSite IN ${inList(Object.keys(user.roles))}`];
      if (f.site) clauses.push(`CaseSite = ${q(f.site)}`);
      if (f.procedures?.length === 0) return [];
      if (f.procedures) clauses.push(`CaseProcedure IN ${inList([...f.procedures])}`);
      if (f.startedFrom) clauses.push(`StartTime >= ${q(f.startedFrom)}`);
      if (f.startedTo) clauses.push(`StartTime < ${q(f.startedTo)}`);
      const summaries = await collectCases(client, clauses.join(' AND '), {
        pageSize: 200,
        now: Date.now,
        keep: (c) => canSee(user, c),
        max: MAX_REPORT_CASES,
      });
      const views: CaseView[] = [];
      for (const summary of summaries) views.push(await client.workflow.getHandle(summary.caseId).query(viewQuery));
      return views;
    },

    async overdueRows(user, f, month, zoneOf) {
      return overdueRows((await this.reportViews(user, f)).filter((v) => startedInMonth(v, month, zoneOf)));
    },

    async monthlyStats(user, f, months, zoneOf) {
      return monthlyStats(await this.reportViews(user, f), months, zoneOf);
    },

    async changedSince(after, now) {
      // The query only narrows the read (a second early, whatever precision visibility compares at); the caller's
      // places decide. (No upper bound: the dev server's SQLite visibility found nothing with `CaseUpdatedAt <= …`.)
      const query = `${CASES} AND CaseUpdatedAt > '${new Date(after - 1000).toISOString()}'`;
      return collectCases(client, query, { pageSize: 500, now: () => now });
    },

    openCounts: () =>
      perProcedure(async (id) => {
        const query = `${CASES} AND CaseStatus = 'open' AND CaseDrill = false AND CaseProcedure = ${q(id)}`;
        return (await client.workflow.count(query)).count;
      }),
  };
}

/** Cases from the records database (DATABASE_URL): one query each, the same answers as visibility gives. */
export function recordsCaseIndex(records: Pick<RecordsAccess, 'reads'>): CaseIndex {
  const summary = (r: RecordedSummary, now: number): CaseSummary => ({
    caseId: r.caseId,
    number: r.number,
    procedure: r.procedure,
    site: r.site,
    state: r.state,
    status: r.status,
    drill: r.drill,
    nextDueAt: r.nextDueAt,
    overdue: r.status === 'open' && r.nextDueAt !== null && Date.parse(r.nextDueAt) < now,
    escalationLevel: r.escalationLevel,
    escalatedTo: r.escalatedTo,
    escalatedToUsers: r.escalatedToUsers,
    awaitingRoles: r.awaitingRoles,
    updatedAt: r.updatedAt,
  });
  return {
    async list(user, f, now) {
      const after = f.cursor ? placeOf(openCursor(f.cursor)) : undefined;
      const page = await (
        await records.reads()
      ).listCases({
        scope: readScopeOf(user),
        procedure: f.procedure,
        site: f.site,
        status: f.status,
        overdue: f.overdue,
        now: new Date(now),
        text: f.q,
        pageSize: f.pageSize,
        after,
      });
      return {
        cases: page.cases.map((c) => summary(c, now)),
        nextCursor: page.next ? sealCursor(Buffer.from(JSON.stringify(page.next))) : null,
      };
    },

    async inbox(user, now) {
      const scope = readScopeOf(user).map((s) => ({ ...s, roles: user.roles[s.site] ?? [] }));
      return (await (await records.reads()).inbox(scope, MAX_INBOX, user.id)).map((c) => summary(c, now));
    },

    async reportViews(user, f) {
      const views = await (await records.reads()).reportViews({ scope: readScopeOf(user), ...f });
      return views.filter((v) => canSee(user, v));
    },

    // The reports count in the database (records/reads.ts), over each case's slim report facts, not in this process.
    async overdueRows(user, f, month, zoneOf) {
      const when = reportMonthsOf(user, zoneOf, month ? [month] : undefined);
      return sortOverdueRows(await (await records.reads()).overdueCounts({ scope: readScopeOf(user), ...f }, when));
    },

    async monthlyStats(user, f, months, zoneOf) {
      const when = reportMonthsOf(user, zoneOf, months);
      return monthStatsOf(months, await (await records.reads()).monthCounts({ scope: readScopeOf(user), ...f }, when));
    },

    async changedSince(after, now) {
      return (await (await records.reads()).changedSince(new Date(after))).map((c) => summary(c, now));
    },

    async openCounts() {
      const counts = await (await records.reads()).openCounts();
      return perProcedure(async (id) => counts[id] ?? 0);
    },
  };
}

/** The list place a records cursor holds; a 404 for anything else (e.g. a cursor of the visibility-backed list). */
function placeOf(payload: Buffer): { startedAt: string; caseId: string } {
  try {
    const place = JSON.parse(payload.toString('utf8')) as { startedAt?: unknown; caseId?: unknown };
    if (
      typeof place.startedAt === 'string' &&
      !Number.isNaN(Date.parse(place.startedAt)) &&
      typeof place.caseId === 'string'
    )
      return { startedAt: place.startedAt, caseId: place.caseId };
  } catch {
    // not JSON: falls through to the 404
  }
  throw new HttpError(404, 'no-such-page', 'cursor: not a cursor this list handed out');
}
