import { setup } from 'xstate';
import type { z } from 'zod';
import { dataGuard, deadline, engineActions, eventOf, type CaseMachineInput } from '../../engine';
import { type ComplaintRegisteredSchema } from './events';
import type { ComplaintContext, ComplaintEvent } from './context';
import {
  actorGuard,
  byOwnerOrAbove,
  injuryHandled,
  missedVisitDaysAfter,
  pendingProposal,
  repeatReasonFits,
  reviewOf,
  underRule8,
} from './rules';

/**
 * The complaint machine's types, guards (the rules a step must meet) and deadlines (named delays read from the case's
 * policy), with the engine's actions; actions.ts adds the complaint's own actions to it.
 */
export const complaintBase = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as CaseMachineInput<z.infer<typeof ComplaintRegisteredSchema>>,
  },
  actions: { ...engineActions },
  guards: {
    // 规则 1–2: a department manager or above — at least the rung that owns the case — deals with the customer.
    byOwnerOrAbove: actorGuard(({ context, event }) => byOwnerOrAbove(context, event)),
    // 规则 1: the owner hands over to the next rung; the general manager is the top.
    ownerEscalatesBelowTop: actorGuard(
      ({ context, event }) => event.actor.role === context.owner && context.owner !== 'gm',
    ),
    onSiteVisitNeeded: ({ context }) => context.contact?.onSiteVisitNeeded === true,
    isMajorComplaint: ({ context }) => context.severity === 'major',
    // 程序 5.2.3 with 规则 4–5: the notice is written from the record the customer confirmed.
    recordConfirmed: ({ context }) => context.record !== null,
    proposesTemporaryMeasure: dataGuard(({ event }) => eventOf(event, 'remedy_proposed').data.measure === 'temporary'),
    proposesCorrectiveAction: dataGuard(({ event }) => eventOf(event, 'remedy_proposed').data.measure === 'corrective'),
    temporaryMeasureInPlace: ({ context }) => context.temporaryMeasure !== null,
    // 作业流程 5.3.3: quality inspection reviews what the responsible department proposed — not its own proposal.
    approvedBySomeoneElse: dataGuard(
      ({ context, event }) =>
        reviewOf(event).data.approved === true && pendingProposal(context)?.by !== reviewOf(event).actor?.id,
    ),
    sentBackBySomeoneElse: dataGuard(
      ({ context, event }) =>
        reviewOf(event).data.approved === false && pendingProposal(context)?.by !== reviewOf(event).actor?.id,
    ),
    repairVisitDue: ({ context }) => context.repair.due !== null,
    plumbingElectricalUnderRule8: ({ context }) => context.repair.due === 'plumbing_electrical' && underRule8(context),
    otherRepairUnderRule8: ({ context }) => context.repair.due === 'other' && underRule8(context),
    // The result is told once the remedy is carried out, repair visit included.
    acceptedAfterRepairs: dataGuard(
      ({ context, event }) => eventOf(event, 'result_told').data.accepted === true && context.repair.due === null,
    ),
    refusedAfterRepairs: dataGuard(
      ({ context, event }) => eventOf(event, 'result_told').data.accepted === false && context.repair.due === null,
    ),
    declinedFollowUp: ({ context }) => context.intake.declinesFollowUp,
    noCallThisRound: ({ context }) => !context.followUp.calledThisRound,
    // 规则 3: "nobody came" can only be said of a visit agreed earlier.
    visitCheckHasAppointment: dataGuard(
      ({ context, event }) =>
        eventOf(event, 'follow_up_called').data.agreedVisit === undefined || context.followUp.appointment !== null,
    ),
    secondDayNobodyCame: dataGuard(({ context, event }) => {
      const agreedVisit = eventOf(event, 'follow_up_called').data.agreedVisit;
      return (
        agreedVisit === 'nobody_came' &&
        context.followUp.appointment !== null &&
        context.followUp.missedVisitDays < 2 &&
        missedVisitDaysAfter(context, agreedVisit) === 2
      );
    }),
    repeatReasonApplies: dataGuard(({ context, event }) =>
      repeatReasonFits(context, eventOf(event, 'repeat_complaint_received').data.reason),
    ),
    claimOverThreshold: ({ context }) =>
      (context.intake.amountClaimed ?? 0) > (context.policy.thresholds.largeClaim ?? Number.POSITIVE_INFINITY),
    injuryReported: ({ context }) => context.intake.injury,
    // Closing: the customer accepted the told result, the rectification notice exists (规则 4), injury steps are done.
    closesOnAcceptance: dataGuard(
      ({ context, event }) =>
        eventOf(event, 'case_closed').data.basis === 'customer_accepted' &&
        context.resultAccepted &&
        context.rectification !== null &&
        injuryHandled(context),
    ),
    // Or a manager at least at the owner's rung closes it with a reason (injury steps still done first).
    managerClosesWithReason: dataGuard(
      ({ context, event }) =>
        eventOf(event, 'case_closed').data.basis === 'manager_decision' &&
        byOwnerOrAbove(context, event) &&
        injuryHandled(context),
    ),
  },
  delays: {
    // 规则 2: within 10 minutes of registration.
    contact: deadline<ComplaintContext>('contact', (context) => context.registeredAt),
    on_site_visit: deadline<ComplaintContext>('on_site_visit'),
    // 规则 5: within one working day of registration.
    rectification: deadline<ComplaintContext>('rectification', (context) => context.registeredAt),
    // 作业流程 5.3.1, counted from registration (or from the customer's refusal / repeat complaint).
    remedy: deadline<ComplaintContext>('remedy', (context) => context.remedyClockFrom),
    temporary_countermeasure: deadline<ComplaintContext>(
      'temporary_countermeasure',
      (context) => context.remedyClockFrom,
    ),
    permanent_countermeasure: deadline<ComplaintContext>(
      'permanent_countermeasure',
      (context) => context.remedyClockFrom,
    ),
    // 规则 8: from the request for the repair (the complaint, or the approved remedy that needs it).
    repair_visit_utilities: deadline<ComplaintContext>('repair_visit_utilities', (context) => context.repair.dueFrom),
    repair_visit_other: deadline<ComplaintContext>('repair_visit_other', (context) => context.repair.dueFrom),
    // 规则 3: every day until the case closes.
    follow_up: deadline<ComplaintContext>('follow_up', (context) => context.followUp.roundFrom),
    // 顾客投诉处理流程 二.3: still open three days after registration.
    large_complaint: deadline<ComplaintContext>('large_complaint', (context) => context.registeredAt),
    injury_decision: deadline<ComplaintContext>('injury_decision', (context) => context.registeredAt),
  },
});
