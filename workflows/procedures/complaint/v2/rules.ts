import type { z } from 'zod';
import { dueAt } from '../../../calendar';
import { type CasePolicy, type Done, type StepEventsOf } from '../../../engine';
import type { PenaltyLine } from '../../shared/penalties';
import { actorGuard as sharedActorGuard } from '../rules';
import {
  ownerRungs,
  repeatReasons,
  type CustomerContactedSchema,
  type OnSiteVisitedSchema,
  type OwnerRole,
  type RecordConfirmedSchema,
  type RepairKind,
  type RepairVisitedSchema,
  type ResultToldSchema,
  type CaseClosedSchema,
} from '../events';
import type {
  AgreedVisitMadeSchema,
  CustomerUnreachableSchema,
  DecorationFollowUpCalledSchema,
  DecorationIntake,
  DecorationRectificationIssuedSchema,
  DecorationRepeatComplaintSchema,
  HandedToEngineeringSchema,
  RectificationDoneSchema,
  eventsV2,
} from './events';

type Data<S extends z.ZodType> = z.infer<S>;
type Step<S extends z.ZodType> = Data<S> & Done;

/** What a version-2 complaint case keeps (the home-decoration contractor's, 客诉规则 1–14). */
export interface DecorationContext {
  policy: CasePolicy;
  intake: DecorationIntake;
  registeredAt: number;
  /** 规则 1: the manager who owns the case now (dept_manager → branch_gm → gm). */
  owner: OwnerRole;
  ownerChanges: Array<{
    from: OwnerRole;
    to: OwnerRole;
    why: 'by_hand' | 'agreed_visit_missed';
    reason: string;
    at: number;
    by?: string;
  }>;
  record: Step<typeof RecordConfirmedSchema> | null;
  /** The read-back ended without the customer (a letter or online complaint nobody could reach). */
  unreachable: Step<typeof CustomerUnreachableSchema> | null;
  contact: Step<typeof CustomerContactedSchema> | null;
  onSiteVisit: Step<typeof OnSiteVisitedSchema> | null;
  /** 规则 14: who handles the complaint — quality inspection, or engineering when handed over. */
  handler: 'quality_inspection' | 'engineering';
  handOver: Step<typeof HandedToEngineeringSchema> | null;
  rectification: Step<typeof DecorationRectificationIssuedSchema> | null;
  rectified: Array<Step<typeof RectificationDoneSchema>>;
  repair: { due: RepairKind | null; dueFrom: number; visits: Array<Step<typeof RepairVisitedSchema>> };
  followUp: {
    round: number;
    /** When this day's round began: the registration, then each previous round's due time (no drift). */
    roundFrom: number;
    calledThisRound: boolean;
    calls: Array<Step<typeof DecorationFollowUpCalledSchema> & { round: number }>;
  };
  /** 规则 3: the visit agreed with the customer (`at` epoch ms), watched for two days; null when none is pending. */
  agreedVisit: { at: number; purpose: string; agreedAt: number } | null;
  agreedVisitsMade: Array<Step<typeof AgreedVisitMadeSchema>>;
  result: Step<typeof ResultToldSchema> | null;
  resultAccepted: boolean;
  repeats: Array<Step<typeof DecorationRepeatComplaintSchema> & { complaint: number }>;
  /** 规则 8–14: proposed, confirmed and appealed charges (shared/penalties.ts). */
  penalties: PenaltyLine[];
  closure: Step<typeof CaseClosedSchema> | null;
}

export type DecorationEvent = StepEventsOf<typeof eventsV2>;

export const rank = (role: string | undefined): number => ownerRungs.indexOf(role as OwnerRole);
export const nextRung = (owner: OwnerRole): OwnerRole => ownerRungs[Math.min(rank(owner) + 1, ownerRungs.length - 1)]!;

/** A guard on the sender (v1's, shared): the engine's role-less probe passes, the real step is judged on its sender. */
export const actorGuard = (check: (args: { context: DecorationContext; event: DecorationEvent }) => boolean) =>
  sharedActorGuard<DecorationContext, DecorationEvent>(check);

/** 规则 1–2: a department manager or above, at least at the rung that owns the case. */
export const byOwnerOrAbove = (context: DecorationContext, event: { actor?: { role: string } }) =>
  rank(event.actor?.role) >= rank(context.owner);

/** 规则 5 with 程序 5.2.3: the time (epoch ms) the read-back may take at most; after it the notice does not wait. */
export const readBackDue = (context: DecorationContext) =>
  dueAt(context.policy.deadlines.read_back!, context.registeredAt, context.policy.calendar);

export { amountFor, underRule8 } from '../rules';

/** Whether a repeat-complaint reason fits this case (规则 8–9 completed sites, 11 the notice, 14 engineering). */
export function repeatReasonFits(context: DecorationContext, reason: keyof typeof repeatReasons | undefined): boolean {
  switch (reason) {
    case undefined:
      return false;
    case 'repair_not_in_time':
    case 'qc_follow_up_lacking':
      return context.intake.siteStage === 'completed'; // 规则 8–9: completed-site repairs
    case 'engineering_unresolved':
      return context.handler === 'engineering'; // 规则 14: only a complaint engineering took over
    case 'project_not_rectified':
      return context.rectification !== null; // 规则 11: QC issued the notice, the project did not act on it
    default:
      return true;
  }
}

/** The appeal window of a confirmed penalty, in working days (policy threshold), as a deadline spec (`3WD`). */
export const appealWindow = (context: DecorationContext) =>
  `${context.policy.thresholds.penaltyAppealWorkingDays ?? 3}WD`;
