import type { CaseView, ProcedureDefinition } from '../../workflows/engine';
import { getProcedure, procedures } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import { HttpError } from '../errors';
import { blockedEventsFor, type BlockedEvent } from './blocked';
import { explainEscalation } from './explain';

/**
 * Who may see a case, in one place for every route (cases, lists, inbox, reports, documents, the live stream).
 *
 * A user sees a case at a site where they hold a role, unless its procedure is confidential (`visibleTo`) and they
 * hold none of its roles there.
 */

/** Whether roles `held` at a site let their holder see a procedure's cases there (any role: not confidential). */
export function rolesSeeProcedure(def: Pick<ProcedureDefinition, 'visibleTo'> | undefined, held: readonly string[]) {
  return !def?.visibleTo || held.some((r) => def.visibleTo!.includes(r));
}

/** Whether `user` may see a case of `def` at `site` (see above). */
export function maySeeCase(
  user: SessionUser,
  site: string,
  def: Pick<ProcedureDefinition, 'visibleTo'> | undefined,
): boolean {
  const held = user.roles[site] ?? [];
  return held.length > 0 && rolesSeeProcedure(def, held);
}

/** Whether `user` may see the case a list entry summarises (its procedure looked up by id). */
export function canSee(user: SessionUser, summary: { procedure: string; site: string }): boolean {
  return maySeeCase(
    user,
    summary.site,
    procedures.find((p) => p.id === summary.procedure),
  );
}

/**
 * What a user may see of a case: only at their sites, only where the procedure lets their roles see it. `nameOf`
 * gives a user's display name by id, for acknowledgements recorded before the engine kept the name.
 */
export function visibleTo(
  user: SessionUser,
  view: CaseView,
  lang: 'zh-CN' | 'en',
  zone: string,
  nameOf: (userId: string) => string | undefined = () => undefined,
): CaseView & {
  allowedEventsForMe: string[];
  blockedEventsForMe: BlockedEvent[];
  lateFactsForMe: string[];
  documents: string[];
  owner: string | null;
} {
  const held = user.roles[view.site] ?? [];
  const def = getProcedure(view.procedure, view.version);
  if (!maySeeCase(user, view.site, def)) {
    throw new HttpError(404, 'no-such-case', `no case ${view.caseId}`);
  }
  return {
    ...view,
    // Each escalation explained in words, in the caller's language and the site's time zone.
    escalations: view.escalations
      .map((e) => (e.ackedBy && !e.ackedByName ? { ...e, ackedByName: nameOf(e.ackedBy) ?? e.ackedBy } : e))
      .map((e) => ({ ...e, why: explainEscalation(def, lang, e, zone) })),
    allowedEventsForMe: view.allowedEvents.filter((e) => e.roles.some((r) => held.includes(r))).map((e) => e.type),
    blockedEventsForMe: blockedEventsFor(def, view, held, lang),
    lateFactsForMe: (view.lateFacts ?? []).filter((f) => f.roles.some((r) => held.includes(r))).map((f) => f.type),
    documents: Object.keys(def.documents ?? {}),
    owner: def.owner?.(view.context) ?? null,
  };
}
