import { eventOf, isProbe } from '../../engine';
import { ownerRungs, type OwnerRole, type RepeatReason } from './events';
import type { ComplaintContext, ComplaintEvent, Proposal } from './context';
import { addMonths, localDate } from './dates';

// Pure helpers the complaint's guards and actions share: the owner ladder, rule 8, proposals, penalties, follow-up.

export const rank = (role: string): number => ownerRungs.indexOf(role as OwnerRole);
export const nextRung = (owner: OwnerRole): OwnerRole => ownerRungs[Math.min(rank(owner) + 1, ownerRungs.length - 1)]!;

/**
 * A guard on who sends the step (its actor, not its data). The engine lists allowed events with a probe that has no
 * role yet; that probe passes, so the inbox shows the step and the real step is judged on its sender.
 */
export function actorGuard<C = ComplaintContext, E extends { actor?: { role?: string } } = ComplaintEvent>(
  check: (args: { context: C; event: E }) => boolean,
) {
  return ({ context, event }: { context: C; event: E }): boolean => {
    if (isProbe(event) && !event.actor?.role) return true;
    return check({ context, event });
  };
}

export const byOwnerOrAbove = (context: ComplaintContext, event: ComplaintEvent) =>
  rank(event.actor.role) >= rank(context.owner);

export const reviewOf = (event: ComplaintEvent) => eventOf(event, 'remedy_reviewed');

/** 规则 8: repairs at a completed site, the complaint registered within two months of signing the completion form. */
export function underRule8(
  context: Pick<ComplaintContext, 'registeredAt' | 'policy'> & {
    intake: { siteStage?: string; handoverDate?: string | undefined };
  },
): boolean {
  const { siteStage, handoverDate } = context.intake;
  if (siteStage !== 'completed' || !handoverDate) return false;
  return localDate(context.registeredAt, context.policy.calendar.zone) <= addMonths(handoverDate, 2);
}

export const injuryHandled = (context: ComplaintContext) =>
  context.injury === null ||
  (context.injury.decision !== null && context.injury.witnesses !== null && context.injury.insurer !== null);

/** The latest corrective action proposed (a temporary countermeasure may come after it). */
export const latestCorrective = (context: ComplaintContext): Proposal | undefined =>
  [...context.proposals].reverse().find((p) => p.measure === 'corrective');

/** The corrective action waiting for quality inspection's review, if any. */
export const pendingProposal = (context: ComplaintContext): Proposal | undefined => {
  const latest = latestCorrective(context);
  return latest?.review === null ? latest : undefined;
};

/** Policy threshold (¥) for each penalty rule; the seed's amounts are the defaults in policy.ts. */
export const penaltyThreshold: Record<RepeatReason | 'first_designer' | 'first_material', string> = {
  qc_follow_up_lacking: 'penaltyQcFollowUp',
  repair_not_in_time: 'penaltyRepairNotInTime',
  designer_service: 'penaltyDesignerService',
  unresolved: 'penaltyUnresolved',
  project_not_rectified: 'penaltyUnresolved',
  material_supply_late: 'penaltyMaterialSupplyLate',
  material_quality_unresolved: 'penaltyMaterialQuality',
  engineering_unresolved: 'penaltyEngineering',
  first_designer: 'penaltyDesignerService',
  first_material: 'penaltyMaterialSupplyLate',
};
export const amountFor = (context: Pick<ComplaintContext, 'policy'>, key: keyof typeof penaltyThreshold) =>
  context.policy.thresholds[penaltyThreshold[key]] ?? 0;

/** Whether a repeat-complaint reason fits this case (rules 9, 11, 14 depend on the site and the notice). */
export function repeatReasonFits(context: ComplaintContext, reason: RepeatReason | undefined): boolean {
  switch (reason) {
    case undefined:
      return false;
    case 'repair_not_in_time':
    case 'qc_follow_up_lacking':
      return context.intake.siteStage === 'completed'; // 规则 8–9: completed-site repairs
    case 'engineering_unresolved':
      return context.intake.siteStage === 'under_construction'; // 规则 14: before completion
    case 'project_not_rectified':
      return context.rectification !== null; // 规则 11: the notice was issued, the project did not act on it
    default:
      return true;
  }
}

/** Follow-up call: the consecutive-day count of "nobody came for the agreed visit" after this call. */
export function missedVisitDaysAfter(
  context: ComplaintContext,
  agreedVisit: 'came' | 'nobody_came' | undefined,
): number {
  const { round, lastMissRound, missedVisitDays } = context.followUp;
  if (agreedVisit === 'came') return 0;
  if (agreedVisit !== 'nobody_came') return missedVisitDays;
  if (lastMissRound === round) return missedVisitDays;
  return lastMissRound === round - 1 ? missedVisitDays + 1 : 1;
}
