import { Router } from 'express';
import type { SessionUser } from '../auth/tokens';
import type { AppConfig } from '../../config';
import { knownSiteIn } from '../ids';
import { validate } from '../validate';
import { canSee } from './access';
import type { CaseIndex } from './case-index';
import { InboxSchema, ListCasesQuerySchema, type ListCasesQuery } from './list-schemas';
import type { CaseSummary } from './visibility';

/** GET /cases (filters, search, paging) and GET /inbox, from the case index createApp chose. */
export function listRouter(index: CaseIndex, config: Pick<AppConfig, 'sites'>): Router {
  const router = Router();

  router.get(
    '/cases',
    validate({ query: ListCasesQuerySchema.superRefine(knownSiteIn(config)) }),
    async (_req, res) => {
      const f = res.locals.input.query as ListCasesQuery;
      res.json(await index.list(res.locals.user as SessionUser, f, Date.now()));
    },
  );

  router.get('/inbox', async (_req, res) => {
    const user = res.locals.user as SessionUser;
    const found = await index.inbox(user, Date.now());
    const items = found
      .filter((c) => canSee(user, c))
      .map((c) => ({
        ...c,
        reason:
          c.escalatedToUsers.includes(user.id) || c.escalatedTo.some((r) => user.roles[c.site]?.includes(r))
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
