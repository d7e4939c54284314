import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import {
  PASSED_DUE_OUTCOMES,
  STEP_CAME_OUTCOMES,
  type CaseView,
  type InAppNotice,
  type OverdueReportRow,
} from '../workflows/engine';
import type { RecordsDatabase } from './schema';

/**
 * Longer than 300 lines on purpose: every query of what people read, beside the one access rule (`inScope`) and the
 * one row shape they all use, so a change to either is seen against every read.
 *
 * What lists, inbox, search, reports and the change feed read from the records (issue 16): one query each, over the
 * `cases` table's columns, so none of them asks a workflow. Who may see what is decided by the caller (the API's
 * access rule) and passed in as a {@link ReadScope}; these queries only narrow by it.
 */

/** The sites a reader may read and, per site, the procedures hidden from them there (confidential ones). */
export type ReadScope = ReadonlyArray<{ site: string; hide: readonly string[] }>;

/** Per site: the roles the reader holds there and the procedures hidden from them there (inbox and notices). */
export type InboxScope = ReadonlyArray<{ site: string; roles: readonly string[]; hide: readonly string[] }>;

/** One case as lists show it: the `cases` row's columns (times ISO). */
export interface RecordedSummary {
  caseId: string;
  number: string;
  procedure: string;
  site: string;
  state: string;
  status: 'open' | 'closed';
  drill: boolean;
  nextDueAt: string | null;
  escalationLevel: number;
  /** Roles told as a whole of an escalation nobody has acknowledged yet. */
  escalatedTo: string[];
  /** People the on-duty roster picked for an escalation nobody has acknowledged yet (user ids). */
  escalatedToUsers: string[];
  awaitingRoles: string[];
  startedAt: string;
  updatedAt: string;
}

/** A place in the list order (started_at desc, case_id desc): the last case of a page. */
export interface ListPlace {
  startedAt: string;
  caseId: string;
}

/** Filters of a case list; every one given must hold. */
export interface CaseListFilter {
  scope: ReadScope;
  procedure?: string;
  site?: string;
  status?: 'open' | 'closed';
  /** true: open and next deadline before `now`; false: no deadline, or not before `now`. */
  overdue?: boolean;
  /** The instant `overdue` is judged at. */
  now: Date;
  /**
   * Search: the case number exactly, or a fragment (any length, e.g. a two-character name or four digits of a phone
   * number) of any text the case recorded; matched case-insensitively (pg_trgm's index serves it).
   */
  text?: string;
  /** 1..1000 cases a page. */
  pageSize: number;
  /** Continue after this case (the previous page's `next`). */
  after?: ListPlace;
}

/** Which cases a report counts: never drills; started in [startedFrom, startedTo) when given. */
export interface ReportFilter {
  scope: ReadScope;
  site?: string;
  /** Only these procedures (any when absent). */
  procedures?: readonly string[];
  startedFrom?: string;
  startedTo?: string;
  /** At most this many cases, oldest first (default 100,000). */
  max?: number;
  /** Also read each case's procedure context (the ledger reads it; the other reports do not). */
  withContext?: boolean;
}

/**
 * Where a report places a case in time: each site's IANA zone (a case counts in the month its own site's zone puts its
 * start in; a site not listed is read in `fallbackZone`), and optionally only cases started in `months` (YYYY-MM).
 */
export interface ReportMonths {
  zones: ReadonlyArray<{ site: string; zone: string }>;
  fallbackZone: string;
  months?: readonly string[];
}

/** Per month (YYYY-MM): cases started, those with a deadline passed, and time-to-step sums (ms) per timer. */
export interface MonthCounts {
  month: string;
  cases: number;
  overdueCases: number;
  steps: Array<{ timer: string; steps: number; totalMs: number }>;
}

/**
 * A case as a report reads it: which case, where and when, and of its deadlines and escalations only what the reports
 * count (api/reports/build.ts); the procedure's context only when asked for (`withContext`, the ledger).
 */
export type ReportView = Pick<CaseView, 'caseId' | 'number' | 'procedure' | 'version' | 'site' | 'startedAt'> & {
  deadlines: Array<Pick<CaseView['deadlines'][number], 'timer' | 'outcome' | 'startedAt' | 'endedAt'>>;
  escalations: Array<Pick<CaseView['escalations'][number], 'timer' | 'ackedAt'>>;
  context?: CaseView['context'];
};

const summaryColumns = [
  'case_id',
  'number',
  'procedure',
  'site',
  'state',
  'status',
  'drill',
  'next_due_at',
  'escalation_level',
  'escalated_to',
  'escalated_to_users',
  'awaiting_roles',
  'started_at',
  'updated_at',
] as const;

type SummaryRow = {
  case_id: string;
  number: string;
  procedure: string;
  site: string;
  state: string;
  status: 'open' | 'closed';
  drill: boolean;
  next_due_at: Date | null;
  escalation_level: number;
  escalated_to: string[];
  escalated_to_users: string[];
  awaiting_roles: string[];
  started_at: Date;
  updated_at: Date;
};

const summaryOf = (r: SummaryRow): RecordedSummary => ({
  caseId: r.case_id,
  number: r.number,
  procedure: r.procedure,
  site: r.site,
  state: r.state,
  status: r.status,
  drill: r.drill,
  nextDueAt: r.next_due_at ? r.next_due_at.toISOString() : null,
  escalationLevel: r.escalation_level,
  escalatedTo: r.escalated_to,
  escalatedToUsers: r.escalated_to_users,
  awaitingRoles: r.awaiting_roles,
  startedAt: r.started_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

type Cases = ExpressionBuilder<RecordsDatabase, 'cases'>;

/** The cases a scope lets its reader see: at one of its sites, of a procedure not hidden there. */
function inScope(eb: Cases, scope: ReadScope): Expression<SqlBool> {
  if (scope.length === 0) return sql<SqlBool>`false`;
  return eb.or(
    scope.map(({ site, hide }) =>
      hide.length ? eb.and([eb('site', '=', site), eb('procedure', 'not in', [...hide])]) : eb('site', '=', site),
    ),
  );
}

/** `%text%` for LIKE, the text's own % _ and \ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Cases whose search text contains `text` (case-insensitively); with 2+ characters narrowed by the bigram index. */
const containingFragment =
  (text: string) =>
  (eb: Cases): Expression<SqlBool> => {
    const contains = eb('search_text', 'ilike', containing(text));
    if ([...text].length < 2) return contains;
    return eb.and([sql<SqlBool>`search_bigrams @> text_bigrams(${text})`, contains]);
  };

/** Queries of the records for what people read (see the module comment). */
export class RecordReads {
  constructor(private readonly db: Kysely<RecordsDatabase>) {}

  /**
   * One page of cases, newest started first (then by case id, descending).
   * @returns the page and the place to continue after, null on the last page
   * @throws when the database cannot be read
   */
  async listCases(f: CaseListFilter): Promise<{ cases: RecordedSummary[]; next: ListPlace | null }> {
    const now = f.now;
    let query = this.db
      .selectFrom('cases')
      .select(summaryColumns)
      .where((eb) => inScope(eb, f.scope));
    if (f.procedure) query = query.where('procedure', '=', f.procedure);
    if (f.site) query = query.where('site', '=', f.site);
    if (f.status) query = query.where('status', '=', f.status);
    if (f.overdue === true) query = query.where('status', '=', 'open').where('next_due_at', '<', now);
    if (f.overdue === false)
      query = query.where((eb) => eb.or([eb('next_due_at', 'is', null), eb('next_due_at', '>=', now)]));
    if (f.text) {
      const text = f.text;
      // The number by its btree; a fragment of 2+ characters first by its bigrams (GIN, migration 0004), then exactly.
      const fragment = containingFragment(text);
      query = query.where((eb) => eb.or([eb('number', '=', text), fragment(eb)]));
    }
    if (f.after) {
      const { caseId } = f.after;
      const startedAt = new Date(f.after.startedAt);
      query = query.where((eb) =>
        eb.or([
          eb('started_at', '<', startedAt),
          eb.and([eb('started_at', '=', startedAt), eb('case_id', '<', caseId)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('started_at', 'desc')
      .orderBy('case_id', 'desc')
      .limit(f.pageSize + 1)
      .execute();
    const cases = rows.slice(0, f.pageSize).map(summaryOf);
    const last = cases.at(-1);
    return {
      cases,
      next: rows.length > f.pageSize && last ? { startedAt: last.startedAt, caseId: last.caseId } : null,
    };
  }

  /**
   * Open cases awaiting one of the reader's roles at a site, or escalated there to one of them as a whole, or to the
   * reader in person (the on-duty roster picked them, issue 21 point 3), and not yet acknowledged; at most `max`,
   * earliest deadline first (cases without one last). A rung the roster gave to another person of the reader's role is
   * not the reader's.
   * @param scope per site: the roles held there and the procedures hidden there
   * @param user the reader's user id
   */
  async inbox(scope: InboxScope, max: number, user: string): Promise<RecordedSummary[]> {
    const sites = scope.filter((s) => s.roles.length > 0);
    if (sites.length === 0) return [];
    const me = sql<string[]>`${sql.val([user])}::text[]`;
    const rows = await this.db
      .selectFrom('cases')
      .select(summaryColumns)
      .where('status', '=', 'open')
      .where((eb) =>
        eb.or(
          sites.map(({ site, roles, hide }) => {
            const held = sql<string[]>`${sql.val([...roles])}::text[]`;
            const mine = eb.or([
              eb('awaiting_roles', '&&', held),
              eb('escalated_to', '&&', held),
              eb('escalated_to_users', '@>', me),
            ]);
            return eb.and([
              eb('site', '=', site),
              mine,
              ...(hide.length ? [eb('procedure', 'not in', [...hide])] : []),
            ]);
          }),
        ),
      )
      .orderBy(sql`next_due_at asc nulls last`)
      .orderBy('case_id')
      .limit(max)
      .execute();
    return rows.map(summaryOf);
  }

  /**
   * The in-app notices of the reader, newest first, at most `max`: at each site of `scope`, those to one of the roles
   * held there for everyone holding it, and those to the reader in person (a rung the on-duty roster gave them). A
   * notice the roster gave to another person of the reader's role is not the reader's.
   * @param user the reader's user id
   * @throws when the database cannot be read
   */
  async notices(scope: InboxScope, max: number, user: string): Promise<InAppNotice[]> {
    const sites = scope.filter((s) => s.roles.length > 0);
    if (sites.length === 0) return [];
    const rows = await this.db
      .selectFrom('notices')
      .select('body')
      .where((eb) =>
        eb.or(
          sites.map(({ site, roles, hide }) =>
            eb.and([
              eb('site', '=', site),
              eb.or([eb.and([eb('user_id', 'is', null), eb('role', 'in', [...roles])]), eb('user_id', '=', user)]),
              ...(hide.length ? [eb('procedure', 'not in', [...hide])] : []),
            ]),
          ),
        ),
      )
      .orderBy('at', 'desc')
      .orderBy('key', 'desc')
      .limit(max)
      .execute();
    return rows.map((r) => r.body as InAppNotice);
  }

  /**
   * The cases a report counts (never drills), oldest started first, as {@link ReportView}s (from the `report_facts`
   * column, not the whole view).
   * @throws when the database cannot be read
   */
  async reportViews(f: ReportFilter): Promise<ReportView[]> {
    let query = this.db
      .selectFrom('cases')
      .select(['case_id', 'number', 'procedure', 'version', 'site', 'started_at'])
      .select(sql<Pick<ReportView, 'deadlines' | 'escalations'>>`report_facts`.as('facts'))
      .select(sql<CaseView['context'] | null>`case when ${!!f.withContext} then view->'context' end`.as('context'))
      .where('drill', '=', false)
      .where((eb) => inScope(eb, f.scope));
    if (f.site) query = query.where('site', '=', f.site);
    if (f.procedures) {
      if (f.procedures.length === 0) return [];
      query = query.where('procedure', 'in', [...f.procedures]);
    }
    if (f.startedFrom) query = query.where('started_at', '>=', new Date(f.startedFrom));
    if (f.startedTo) query = query.where('started_at', '<', new Date(f.startedTo));
    const rows = await query
      .orderBy('started_at')
      .orderBy('case_id')
      .limit(f.max ?? 100_000)
      .execute();
    return rows.map((r) => ({
      caseId: r.case_id,
      number: r.number,
      procedure: r.procedure,
      version: r.version,
      site: r.site,
      startedAt: r.started_at.toISOString(),
      ...r.facts,
      ...(r.context ? { context: r.context } : {}),
    }));
  }

  /**
   * The overdue report's counts, computed in the database over each case's `report_facts` (a deadline passed: an
   * outcome in PASSED_DUE_OUTCOMES), for the cases `f` and `when` select. Rows in no particular order.
   * @throws when the database cannot be read
   */
  async overdueCounts(f: ReportFilter, when: ReportMonths): Promise<OverdueReportRow[]> {
    const base = this.reportBase(f, when);
    const { rows } = await sql<OverdueReportRow>`
      WITH c AS (${base}),
      d AS (
        SELECT c.site, c.procedure, t.*
        FROM c CROSS JOIN LATERAL (
          SELECT x->>'timer' AS timer,
            bool_or(x->>'outcome' = ANY(${[...PASSED_DUE_OUTCOMES]}::text[])) AS overdue,
            bool_or(x->>'outcome' = 'late') AS late,
            bool_or(x->>'outcome' = 'missed') AS missed
          FROM jsonb_array_elements(c.facts->'deadlines') AS x
          GROUP BY 1) AS t),
      dl AS (
        SELECT site, procedure, timer, count(*)::int AS cases, (count(*) FILTER (WHERE overdue))::int AS overdue,
          (count(*) FILTER (WHERE late))::int AS late, (count(*) FILTER (WHERE missed))::int AS missed
        FROM d GROUP BY 1, 2, 3),
      es AS (
        SELECT c.site, c.procedure, e->>'timer' AS timer, count(*)::int AS escalations,
          count(e->'ackedAt')::int AS acknowledged
        FROM c CROSS JOIN LATERAL jsonb_array_elements(c.facts->'escalations') AS e
        GROUP BY 1, 2, 3)
      SELECT site, procedure, timer,
        coalesce(dl.cases, 0) AS cases, coalesce(dl.overdue, 0) AS overdue, coalesce(dl.late, 0) AS late,
        coalesce(dl.missed, 0) AS missed, coalesce(es.escalations, 0) AS escalations,
        coalesce(es.acknowledged, 0) AS acknowledged
      FROM dl FULL JOIN es USING (site, procedure, timer)`.execute(this.db);
    return rows;
  }

  /**
   * The monthly report's counts per month of `when.months` that has cases, computed in the database: cases started,
   * cases with a deadline passed, and per timer the number and summed duration (ms, start to step) of the steps that
   * came (STEP_CAME_OUTCOMES with an end).
   * @throws when the database cannot be read
   */
  async monthCounts(f: ReportFilter, when: ReportMonths): Promise<MonthCounts[]> {
    const base = this.reportBase(f, when);
    const { rows } = await sql<{
      month: string;
      timer: string | null;
      cases: number | null;
      overdue: number | null;
      steps: number | null;
      total_ms: number | null;
    }>`
      WITH c AS (${base})
      SELECT month, NULL AS timer, count(*)::int AS cases,
        (count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM jsonb_array_elements(c.facts->'deadlines') AS x
          WHERE x->>'outcome' = ANY(${[...PASSED_DUE_OUTCOMES]}::text[]))))::int AS overdue,
        NULL::int AS steps, NULL::float8 AS total_ms
      FROM c GROUP BY month
      UNION ALL
      SELECT c.month, x->>'timer', NULL, NULL, count(*)::int,
        sum(extract(epoch FROM (x->>'endedAt')::timestamptz - (x->>'startedAt')::timestamptz) * 1000)::float8
      FROM c CROSS JOIN LATERAL jsonb_array_elements(c.facts->'deadlines') AS x
      WHERE x->>'outcome' = ANY(${[...STEP_CAME_OUTCOMES]}::text[]) AND x ? 'endedAt'
      GROUP BY 1, 2`.execute(this.db);
    const months = new Map<string, MonthCounts>();
    const monthOf = (month: string) => {
      if (!months.has(month)) months.set(month, { month, cases: 0, overdueCases: 0, steps: [] });
      return months.get(month)!;
    };
    for (const r of rows) {
      const m = monthOf(r.month);
      if (r.timer === null) {
        m.cases = r.cases ?? 0;
        m.overdueCases = r.overdue ?? 0;
      } else m.steps.push({ timer: r.timer, steps: r.steps ?? 0, totalMs: r.total_ms ?? 0 });
    }
    return [...months.values()];
  }

  /**
   * The cases a report counts, as `site, procedure, case_id, month, facts` (`month` in the site's zone): never drills,
   * the scope and filters of `f`, and the months of `when` when given.
   */
  private reportBase(f: ReportFilter, when: ReportMonths) {
    const zone = when.zones.length
      ? sql<string>`(CASE site ${sql.join(
          when.zones.map(({ site, zone }) => sql`WHEN ${site} THEN ${zone}`),
          sql` `,
        )} ELSE ${when.fallbackZone} END)`
      : sql<string>`${when.fallbackZone}`;
    const month = sql<string>`to_char(started_at AT TIME ZONE ${zone}, 'YYYY-MM')`;
    let query = this.db
      .selectFrom('cases')
      .select(['site', 'procedure', 'case_id'])
      .select(month.as('month'))
      .select(sql`report_facts`.as('facts'))
      .where('drill', '=', false)
      .where((eb) => inScope(eb, f.scope));
    if (f.site) query = query.where('site', '=', f.site);
    if (f.procedures) query = query.where('procedure', 'in', f.procedures.length ? [...f.procedures] : ['']);
    if (f.startedFrom) query = query.where('started_at', '>=', new Date(f.startedFrom));
    if (f.startedTo) query = query.where('started_at', '<', new Date(f.startedTo));
    if (when.months) query = query.where(month, 'in', when.months.length ? [...when.months] : ['']);
    return query;
  }

  /**
   * Every case whose newest recorded change is after `after` (its `updatedAt`), oldest change first: the event
   * stream's change feed. Each case once, as it is now.
   */
  async changedSince(after: Date): Promise<RecordedSummary[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select(summaryColumns)
      .where('updated_at', '>', after)
      .orderBy('updated_at')
      .orderBy('case_id')
      .execute();
    return rows.map(summaryOf);
  }

  /** How many open cases each procedure has (drills left out); procedures without one are absent. */
  async openCounts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['procedure', (eb) => eb.fn.countAll<string>().as('open')])
      .where('status', '=', 'open')
      .where('drill', '=', false)
      .groupBy('procedure')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.procedure, Number(r.open)]));
  }
}
