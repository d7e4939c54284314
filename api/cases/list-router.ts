import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { procedures } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import type { AppConfig } from '../../config';
import { knownSiteIn } from '../ids';
import { validate } from '../validate';
import { canSee, rolesSeeProcedure } from './access';
import { InboxSchema, ListCasesQuerySchema, type ListCasesQuery } from './list-schemas';
import { CASES, collectCases, inList, listCases, q, type CaseSummary } from './visibility';

/** Sites a user works at, and for each the roles held there. */
const sitesOf = (user: SessionUser) => Object.keys(user.roles);

/** Visibility query for the cases a user may list; confidential procedures only at the sites where they may see them. */
function scopeOf(user: SessionUser): string {
  const perSite = sitesOf(user).map((site) => {
    const hidden = procedures.filter((p) => !rolesSeeProcedure(p, user.roles[site] ?? []));
    const notHidden = hidden.length ? ` AND CaseProcedure NOT IN ${inList(hidden.map((p) => p.id))}` : '';
    return `(CaseSite = ${q(site)}${notHidden})`;
  });
  return `${CASES} AND (${perSite.join(' OR ') || 'false'})`;
}

export function listRouter(client: Client, config: Pick<AppConfig, 'sites'>): Router {
  const router = Router();

  router.get(
    '/cases',
    validate({ query: ListCasesQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as ListCasesQuery;
      const user = res.locals.user as SessionUser;
      const now = Date.now();
      const clauses = [scopeOf(user)];
      if (f.procedure) clauses.push(`CaseProcedure = ${q(f.procedure)}`);
      if (f.site) clauses.push(`CaseSite = ${q(f.site)}`);
      if (f.status) clauses.push(`CaseStatus = ${q(f.status)}`);
      if (f.overdue === true) clauses.push(`CaseStatus = 'open' AND CaseNextDueAt < ${q(new Date(now).toISOString())}`);
      if (f.overdue === false)
        clauses.push(`(CaseNextDueAt IS NULL OR CaseNextDueAt >= ${q(new Date(now).toISOString())})`);
      if (f.q) clauses.push(`(CaseNumber = ${q(f.q)} OR CaseText = ${q(f.q)})`);
      res.json(await listCases(client, clauses.join(' AND '), f.pageSize, f.cursor, now));
    },
  );

  router.get('/inbox', async (_req, res) => {
    const user = res.locals.user as SessionUser;
    const now = Date.now();
    // Per site: cases awaiting one of my roles there, or escalated to one of them and not yet acknowledged.
    const perSite = sitesOf(user).map((site) => {
      const roles = inList(user.roles[site] ?? []);
      return `(CaseSite = ${q(site)} AND (CaseAwaitingRoles IN ${roles} OR CaseEscalatedTo IN ${roles}))`;
    });
    const query = `${CASES} AND CaseStatus = 'open' AND (${perSite.join(' OR ') || 'false'})`;
    // An inbox is bounded: at most 500 open cases, most urgent first.
    const found = await collectCases(client, query, { pageSize: 100, now: () => now, max: 500 });
    const items = found
      .filter((c) => canSee(user, c))
      .map((c) => ({
        ...c,
        reason: c.escalatedTo.some((r) => user.roles[c.site]?.includes(r))
          ? ('escalated_to_me' as const)
          : ('awaiting_my_step' as const),
      }))
      .sort((a, b) => urgency(a) - urgency(b));
    res.json(InboxSchema.parse({ items }));
  });

  return router;
}

// Escalated first, then by next deadline; cases without a deadline last.
function urgency(c: CaseSummary & { reason: string }): number {
  const due = c.nextDueAt ? Date.parse(c.nextDueAt) : Number.MAX_SAFE_INTEGER / 2;
  return c.reason === 'escalated_to_me' ? due - 1e13 : due;
}
