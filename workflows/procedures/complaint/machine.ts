import { assign, setup } from 'xstate';
import type { z } from 'zod';
import { dueAt } from '../../calendar';
import {
  dataGuard,
  deadline,
  done,
  engineActions,
  eventOf,
  eventTime,
  isProbe,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type Done,
  type StepEventsOf,
} from '../../engine';
import {
  ownerRungs,
  repeatReasons,
  type ComplaintIntake,
  type ComplaintRegisteredSchema,
  type CaseClosedSchema,
  type CustomerContactedSchema,
  type Department,
  type FollowUpCalledSchema,
  type InjuryAssessedSchema,
  type InsurerNotifiedSchema,
  type MediaEnquiryReceivedSchema,
  type OnSiteVisitedSchema,
  type OwnerRole,
  type RecordConfirmedSchema,
  type RectificationIssuedSchema,
  type RemedyProposal,
  type RemedyReviewedSchema,
  type RepairKind,
  type RepairVisitedSchema,
  type RepeatComplaintReceivedSchema,
  type RepeatReason,
  type ResultToldSchema,
  type Severity,
  type WitnessesRecordedSchema,
  type events,
} from './events';

type Data<S extends z.ZodType> = z.infer<S>;

export interface Proposal extends RemedyProposal, Done {
  n: number;
  review: (Data<typeof RemedyReviewedSchema> & Done) | null;
}

/** One line of the penalty ledger (rules 8–14): charged to a department for complaint number `complaint`. */
export interface Penalty {
  department: Department;
  rule: number;
  amount: number;
  complaint: number;
  reason: RepeatReason | 'first_complaint';
  at: number;
}

export interface FollowUpCall extends Data<typeof FollowUpCalledSchema>, Done {
  round: number;
}

export interface ComplaintContext {
  policy: CasePolicy;
  intake: ComplaintIntake;
  registeredAt: number;
  /** The manager who owns the case now; the steps that need "department manager or above" wait for this rung or higher. */
  owner: OwnerRole;
  ownerChanges: Array<
    { from: OwnerRole; to: OwnerRole; why: 'by_hand' | 'agreed_visit_missed'; reason: string } & Done
  >;
  record: (Data<typeof RecordConfirmedSchema> & Done) | null;
  contact: (Data<typeof CustomerContactedSchema> & Done) | null;
  severity: Severity | null;
  onSiteVisit: (Data<typeof OnSiteVisitedSchema> & Done) | null;
  rectification: (Data<typeof RectificationIssuedSchema> & Done) | null;
  /** Remedy deadlines count from here: the registration, or the moment the customer refused a result or complained again. */
  remedyClockFrom: number;
  proposals: Proposal[];
  temporaryMeasure: number | null;
  approvedRemedy: number | null;
  repair: {
    /** A repair visit that is due, and its kind; null when none is due. */
    due: RepairKind | null;
    dueFrom: number;
    visits: Array<Data<typeof RepairVisitedSchema> & Done>;
  };
  followUp: {
    round: number;
    /** When this day's round began: the registration, then each previous round's due time (no drift). */
    roundFrom: number;
    calledThisRound: boolean;
    calls: FollowUpCall[];
    appointment: { at: string; purpose: string; round: number } | null;
    /** Consecutive follow-up days on which the customer said nobody came for the agreed visit (规则 3). */
    missedVisitDays: number;
    lastMissRound: number | null;
  };
  result: (Data<typeof ResultToldSchema> & Done) | null;
  resultAccepted: boolean;
  repeats: Array<Data<typeof RepeatComplaintReceivedSchema> & Done & { complaint: number }>;
  penalties: Penalty[];
  large: { reason: 'claim_over_threshold' | 'open_over_three_days'; at: number } | null;
  injury: {
    decision: (Data<typeof InjuryAssessedSchema> & Done) | null;
    witnesses: (Data<typeof WitnessesRecordedSchema> & Done) | null;
    insurer: (Data<typeof InsurerNotifiedSchema> & Done) | null;
  } | null;
  media: Array<Data<typeof MediaEnquiryReceivedSchema> & Done>;
  closure: (Data<typeof CaseClosedSchema> & Done) | null;
}

type ComplaintEvent = StepEventsOf<typeof events>;

// ---------------------------------------------------------------------------------------------------------------
// Pure helpers the guards and actions share.

const rank = (role: string): number => ownerRungs.indexOf(role as OwnerRole);
const nextRung = (owner: OwnerRole): OwnerRole => ownerRungs[Math.min(rank(owner) + 1, ownerRungs.length - 1)]!;

/**
 * A guard on who sends the step (its actor, not its data). The engine lists allowed events with a probe that has no
 * role yet; that probe passes, so the inbox shows the step and the real step is judged on its sender.
 */
function actorGuard(check: (args: { context: ComplaintContext; event: ComplaintEvent }) => boolean) {
  return ({ context, event }: { context: ComplaintContext; event: ComplaintEvent }): boolean => {
    if (isProbe(event) && !event.actor?.role) return true;
    return check({ context, event });
  };
}

const byOwnerOrAbove = (context: ComplaintContext, event: ComplaintEvent) =>
  rank(event.actor.role) >= rank(context.owner);

const reviewOf = (event: ComplaintEvent) => eventOf(event, 'remedy_reviewed');

/** 规则 8: repairs at a completed site, the complaint registered within two months of signing the completion form. */
function underRule8(context: ComplaintContext): boolean {
  const { siteStage, handoverDate } = context.intake;
  if (siteStage !== 'completed' || !handoverDate) return false;
  return localDate(context.registeredAt, context.policy.calendar.zone) <= addMonths(handoverDate, 2);
}

function localDate(ms: number, zone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    ms,
  );
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

const injuryHandled = (context: ComplaintContext) =>
  context.injury === null ||
  (context.injury.decision !== null && context.injury.witnesses !== null && context.injury.insurer !== null);

/** The latest corrective action proposed (a temporary countermeasure may come after it). */
const latestCorrective = (context: ComplaintContext): Proposal | undefined =>
  [...context.proposals].reverse().find((p) => p.measure === 'corrective');

/** The corrective action waiting for quality inspection's review, if any. */
const pendingProposal = (context: ComplaintContext): Proposal | undefined => {
  const latest = latestCorrective(context);
  return latest?.review === null ? latest : undefined;
};

/** Policy threshold (¥) for each penalty rule; the seed's amounts are the defaults in policy.ts. */
const penaltyThreshold: Record<RepeatReason | 'first_designer' | 'first_material', string> = {
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
const amountFor = (context: ComplaintContext, key: keyof typeof penaltyThreshold) =>
  context.policy.thresholds[penaltyThreshold[key]] ?? 0;

/** Whether a repeat-complaint reason fits this case (rules 9, 11, 14 depend on the site and the notice). */
function repeatReasonFits(context: ComplaintContext, reason: RepeatReason | undefined): boolean {
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
function missedVisitDaysAfter(context: ComplaintContext, agreedVisit: 'came' | 'nobody_came' | undefined): number {
  const { round, lastMissRound, missedVisitDays } = context.followUp;
  if (agreedVisit === 'came') return 0;
  if (agreedVisit !== 'nobody_came') return missedVisitDays;
  if (lastMissRound === round) return missedVisitDays;
  return lastMissRound === round - 1 ? missedVisitDays + 1 : 1;
}

// ---------------------------------------------------------------------------------------------------------------

/** The proposal → review cycle of a corrective action (作业流程 5.3.3), used by normal and major complaints. */
const correctiveCycle = () =>
  ({
    awaitingProposal: {
      on: {
        remedy_proposed: { guard: 'proposesCorrectiveAction', target: 'awaitingReview', actions: 'recordProposal' },
      },
    },
    awaitingReview: {
      on: {
        remedy_reviewed: [
          {
            guard: 'approvedBySomeoneElse',
            target: 'approved',
            actions: ['recordReview', 'approveRemedy', 'chargeFirstComplaint'],
          },
          { guard: 'sentBackBySomeoneElse', target: 'awaitingProposal', actions: 'recordReview' },
        ],
      },
    },
    approved: { type: 'final' },
  }) as const;

const escalate = (timer: string) => ({ type: 'escalate', params: { timer } }) as const;
const inform = (role: string, about: string) => ({ type: 'inform', params: { role, about } }) as const;
// 规则 3: the day's call is made; the round's deadline is met though the calls go on in the same state.
const followUpMet = { type: 'deadlineMet', params: { timer: 'follow_up' } } as const;
const largeWatchMet = { type: 'deadlineMet', params: { timer: 'large_complaint' } } as const;

const complaintSetup = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as CaseMachineInput<z.infer<typeof ComplaintRegisteredSchema>>,
  },
  actions: {
    ...engineActions,
    confirmRecord: assign({
      record: ({ event }) => {
        const e = eventOf(event, 'record_confirmed');
        return recorded(e);
      },
    }),
    recordContact: assign(({ event }) => {
      const e = eventOf(event, 'customer_contacted');
      return { contact: recorded(e), severity: e.data.severity };
    }),
    recordOnSiteVisit: assign({
      onSiteVisit: ({ event }) => {
        const e = eventOf(event, 'on_site_visited');
        return recorded(e);
      },
    }),
    // 规则 1: the next rung owns the case.
    moveOwnerUp: assign(({ context, event }) => {
      const e = eventOf(event, 'escalated_by_hand');
      const to = nextRung(context.owner);
      return {
        owner: to,
        ownerChanges: [
          ...context.ownerChanges,
          { from: context.owner, to, why: 'by_hand' as const, reason: e.data.reason, ...done(e) },
        ],
      };
    }),
    recordRectification: assign({
      rectification: ({ event }) => {
        const e = eventOf(event, 'rectification_issued');
        return recorded(e);
      },
    }),
    recordProposal: assign(({ context, event }) => {
      const e = eventOf(event, 'remedy_proposed');
      const proposal: Proposal = { ...recorded(e), n: context.proposals.length + 1, review: null };
      return {
        proposals: [...context.proposals, proposal],
        temporaryMeasure: e.data.measure === 'temporary' ? proposal.n : context.temporaryMeasure,
      };
    }),
    recordReview: assign({
      proposals: ({ context, event }) => {
        const e = eventOf(event, 'remedy_reviewed');
        const pending = pendingProposal(context);
        return context.proposals.map((p) => (p === pending ? { ...p, review: recorded(e) } : p));
      },
    }),
    // The approved remedy may need a repair visit; the repair region picks it up (one already due covers it).
    approveRemedy: assign(({ context, event }) => {
      const approved = latestCorrective(context)!;
      const newVisit = approved.repairVisit !== undefined && context.repair.due === null;
      return {
        approvedRemedy: approved.n,
        repair: newVisit
          ? { ...context.repair, due: approved.repairVisit ?? null, dueFrom: eventOf(event, 'remedy_reviewed').at }
          : context.repair,
      };
    }),
    // 规则 10 and 12 charge every complaint, the first one included; rule 8: never quality inspection for the first.
    chargeFirstComplaint: assign({
      penalties: ({ context, event }) => {
        const approved = latestCorrective(context)!;
        const charge =
          approved.cause === 'designer_service'
            ? { department: 'design' as const, rule: 10, amount: amountFor(context, 'first_designer') }
            : approved.cause === 'material_supply_late'
              ? { department: 'material' as const, rule: 12, amount: amountFor(context, 'first_material') }
              : null;
        if (!charge || context.penalties.some((p) => p.complaint === 1 && p.rule === charge.rule)) {
          return context.penalties;
        }
        return [
          ...context.penalties,
          { ...charge, complaint: 1, reason: 'first_complaint' as const, at: eventOf(event, 'remedy_reviewed').at },
        ];
      },
    }),
    recordRepairVisit: assign({
      repair: ({ context, event }) => {
        const e = eventOf(event, 'repair_visited');
        // Not fixed: another visit is due, counted from now.
        return {
          due: e.data.fixed ? null : context.repair.due,
          dueFrom: e.at,
          visits: [...context.repair.visits, recorded(e)],
        };
      },
    }),
    startNextFollowUpRound: assign({
      followUp: ({ context }) => {
        const { policy, followUp } = context;
        const roundFrom = dueAt(policy.deadlines.follow_up!, followUp.roundFrom, policy.calendar);
        return { ...followUp, round: followUp.round + 1, roundFrom, calledThisRound: false };
      },
    }),
    recordFollowUpCall: assign({
      followUp: ({ context, event }) => {
        const e = eventOf(event, 'follow_up_called');
        const f = context.followUp;
        const missedVisitDays = missedVisitDaysAfter(context, e.data.agreedVisit);
        return {
          ...f,
          calledThisRound: true,
          calls: [...f.calls, { ...recorded(e), round: f.round }],
          appointment: e.data.appointment
            ? { ...e.data.appointment, round: f.round }
            : e.data.agreedVisit === 'came'
              ? null
              : f.appointment,
          missedVisitDays,
          lastMissRound:
            e.data.agreedVisit === 'nobody_came' ? f.round : missedVisitDays === 0 ? null : f.lastMissRound,
        };
      },
    }),
    // 规则 3: an agreed visit missed two days running goes to the general manager at once.
    handToGm: assign(({ context, event }) => {
      const e = eventOf(event, 'follow_up_called');
      if (context.owner === 'gm') return {};
      return {
        owner: 'gm' as const,
        ownerChanges: [
          ...context.ownerChanges,
          {
            from: context.owner,
            to: 'gm' as const,
            why: 'agreed_visit_missed' as const,
            reason: 'agreed visit missed two days running',
            ...done(e),
          },
        ],
      };
    }),
    recordRepeat: assign(({ context, event }) => {
      const e = eventOf(event, 'repeat_complaint_received');
      const complaint = context.repeats.length + 2;
      const rule = repeatReasons[e.data.reason];
      return {
        repeats: [...context.repeats, { ...recorded(e), complaint }],
        penalties: [
          ...context.penalties,
          {
            department: e.data.department,
            rule,
            amount: amountFor(context, e.data.reason),
            complaint,
            reason: e.data.reason,
            at: e.at,
          },
        ],
      };
    }),
    recordResult: assign(({ event }) => {
      const e = eventOf(event, 'result_told');
      return { result: recorded(e), resultAccepted: e.data.accepted };
    }),
    // The customer refused the result or complained again: a new remedy is due, its clock starts now.
    reopenRemedy: assign(({ event }) => ({
      resultAccepted: false,
      remedyClockFrom: eventOf(event, ['result_told', 'repeat_complaint_received']).at,
    })),
    markLargeByClaim: assign({
      large: ({ context }) => ({ reason: 'claim_over_threshold' as const, at: context.registeredAt }),
    }),
    markLargeByAge: assign({
      large: ({ context, event }) =>
        // The large-complaint timer's event: the engine gives it the time it fired.
        context.large ?? { reason: 'open_over_three_days' as const, at: eventTime(event) },
    }),
    recordInjuryDecision: assign({
      injury: ({ context, event }) => {
        const e = eventOf(event, 'injury_assessed');
        return { ...context.injury!, decision: recorded(e) };
      },
    }),
    recordWitnesses: assign({
      injury: ({ context, event }) => {
        const e = eventOf(event, 'witnesses_recorded');
        return { ...context.injury!, witnesses: recorded(e) };
      },
    }),
    recordInsurer: assign({
      injury: ({ context, event }) => {
        const e = eventOf(event, 'insurer_notified');
        return { ...context.injury!, insurer: recorded(e) };
      },
    }),
    recordMediaEnquiry: assign({
      media: ({ context, event }) => {
        const e = eventOf(event, 'media_enquiry_received');
        return [...context.media, recorded(e)];
      },
    }),
    recordClosure: assign({
      closure: ({ event }) => {
        const e = eventOf(event, 'case_closed');
        return recorded(e);
      },
    }),
  },
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

/** Notices whose addressee or need depends on the case: they enqueue the `inform` activity. */
const withNotices = complaintSetup.extend({
  actions: {
    informOwnerOfEscalation: complaintSetup.enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'inform', params: { role: context.owner, about: 'escalated_by_hand' } });
    }),
    informOwnerOfRepeat: complaintSetup.enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'inform', params: { role: context.owner, about: 'repeat_complaint' } });
    }),
    // 三.3: accompanying the customer or advancing costs is reported to management at once.
    informIfCostsAdvanced: complaintSetup.enqueueActions(({ event, enqueue }) => {
      const e = eventOf(event, 'injury_assessed');
      if (e.data.accompanyToHospital || e.data.advanceMedicalCosts) {
        enqueue({ type: 'inform', params: { role: 'gm', about: 'injury_support_decided' } });
      }
    }),
  },
});

/** Complaint handling (客户投诉处理), procedures.md §1; rule numbers are the seed's (处理客诉原则及流程 unless named). */
export const complaintMachine = withNotices.createMachine({
  id: 'complaint',
  context: ({ input }) => ({
    policy: input.policy,
    intake: input.data,
    registeredAt: input.startedAt,
    owner: 'dept_manager',
    ownerChanges: [],
    record: null,
    contact: null,
    severity: null,
    onSiteVisit: null,
    rectification: null,
    remedyClockFrom: input.startedAt,
    proposals: [],
    temporaryMeasure: null,
    approvedRemedy: null,
    repair: { due: input.data.repairKind ?? null, dueFrom: input.startedAt, visits: [] },
    followUp: {
      round: 0,
      roundFrom: input.startedAt,
      calledThisRound: false,
      calls: [],
      appointment: null,
      missedVisitDays: 0,
      lastMissRound: null,
    },
    result: null,
    resultAccepted: false,
    repeats: [],
    penalties: [],
    large: null,
    injury: input.data.injury ? { decision: null, witnesses: null, insurer: null } : null,
    media: [],
    closure: null,
  }),
  initial: 'open',
  states: {
    // Obligations that run side by side while the complaint is open, one region each.
    open: {
      type: 'parallel',
      on: {
        escalated_by_hand: {
          guard: 'ownerEscalatesBelowTop',
          actions: ['moveOwnerUp', 'informOwnerOfEscalation'],
        },
        // 三.6: journalists are received by management only.
        media_enquiry_received: { actions: ['recordMediaEnquiry', inform('executive', 'media_enquiry')] },
        // Closing ends the large-complaint watch (二.3): it is the step that watch waits for.
        case_closed: [
          { guard: 'closesOnAcceptance', target: 'closedResolved', actions: ['recordClosure', largeWatchMet] },
          { guard: 'managerClosesWithReason', target: 'closedByManager', actions: ['recordClosure', largeWatchMet] },
        ],
      },
      states: {
        // The main line: contact, on-site visit, remedy, result.
        handling: {
          initial: 'awaitingContact',
          states: {
            awaitingContact: {
              after: { contact: { actions: escalate('contact') } },
              on: { customer_contacted: { guard: 'byOwnerOrAbove', target: 'contacted', actions: 'recordContact' } },
            },
            contacted: {
              always: [{ guard: 'onSiteVisitNeeded', target: 'visitingOnSite' }, { target: 'remedying' }],
            },
            // 规则 2: "must go immediately".
            visitingOnSite: {
              after: { on_site_visit: { actions: escalate('on_site_visit') } },
              on: { on_site_visited: { guard: 'byOwnerOrAbove', target: 'remedying', actions: 'recordOnSiteVisit' } },
            },
            // 作业流程 5.3: investigation and remedy by the responsible department, reviewed by quality inspection.
            remedying: {
              initial: 'routing',
              onDone: 'awaitingResult',
              states: {
                routing: { always: [{ guard: 'isMajorComplaint', target: 'major' }, { target: 'normal' }] },
                // 5.3.1: a normal complaint is answered with the remedy within 3 working days.
                normal: {
                  after: { remedy: { actions: escalate('remedy') } },
                  initial: 'awaitingProposal',
                  onDone: 'settled',
                  states: correctiveCycle(),
                },
                // 5.3.1: a major one gets a temporary countermeasure within 8 working hours, the permanent within 2.
                major: {
                  type: 'parallel',
                  onDone: 'settled',
                  states: {
                    temporary: {
                      initial: 'routing',
                      states: {
                        routing: {
                          always: [{ guard: 'temporaryMeasureInPlace', target: 'inPlace' }, { target: 'awaiting' }],
                        },
                        awaiting: {
                          after: { temporary_countermeasure: { actions: escalate('temporary_countermeasure') } },
                          on: {
                            remedy_proposed: {
                              guard: 'proposesTemporaryMeasure',
                              target: 'inPlace',
                              actions: 'recordProposal',
                            },
                          },
                        },
                        inPlace: { type: 'final' },
                      },
                    },
                    corrective: {
                      after: { permanent_countermeasure: { actions: escalate('permanent_countermeasure') } },
                      initial: 'awaitingProposal',
                      states: correctiveCycle(),
                    },
                  },
                },
                settled: { type: 'final' },
              },
            },
            // 五: the customer is told the result and asked how satisfied they are.
            awaitingResult: {
              on: {
                result_told: [
                  { guard: 'acceptedAfterRepairs', target: 'awaitingClosure', actions: 'recordResult' },
                  { guard: 'refusedAfterRepairs', target: 'remedying', actions: ['recordResult', 'reopenRemedy'] },
                ],
              },
            },
            awaitingClosure: {
              on: {
                // 二次投诉 after acceptance: the matter is not resolved after all.
                repeat_complaint_received: {
                  guard: 'repeatReasonApplies',
                  target: 'remedying',
                  actions: 'reopenRemedy',
                },
              },
            },
          },
        },
        // 程序 5.2.3: the record read back and confirmed by the customer.
        record: {
          initial: 'awaitingConfirmation',
          states: {
            awaitingConfirmation: { on: { record_confirmed: { target: 'confirmed', actions: 'confirmRecord' } } },
            confirmed: {},
          },
        },
        // 规则 4–5: the rectification notice, within one working day, to customer service.
        rectification: {
          initial: 'awaitingNotice',
          states: {
            awaitingNotice: {
              after: { rectification: { actions: escalate('rectification') } },
              on: {
                rectification_issued: { guard: 'recordConfirmed', target: 'issued', actions: 'recordRectification' },
              },
            },
            issued: {},
          },
        },
        // 规则 8: repair visits, asked for at intake or by the approved remedy.
        repair: {
          initial: 'noVisitDue',
          states: {
            noVisitDue: { always: { guard: 'repairVisitDue', target: 'awaitingVisit' } },
            awaitingVisit: {
              initial: 'routing',
              on: { repair_visited: { target: 'noVisitDue', actions: 'recordRepairVisit' } },
              states: {
                routing: {
                  always: [
                    { guard: 'plumbingElectricalUnderRule8', target: 'plumbingElectrical' },
                    { guard: 'otherRepairUnderRule8', target: 'otherRepair' },
                    { target: 'noSeedDeadline' },
                  ],
                },
                plumbingElectrical: {
                  after: { repair_visit_utilities: { actions: escalate('repair_visit_utilities') } },
                },
                otherRepair: { after: { repair_visit_other: { actions: escalate('repair_visit_other') } } },
                // Under construction, not a construction site, or more than two months after handover.
                noSeedDeadline: {},
              },
            },
          },
        },
        // 规则 3 and 6: customer service calls every day until the case closes, unless the customer said no.
        followUp: {
          initial: 'routing',
          states: {
            routing: { always: [{ guard: 'declinedFollowUp', target: 'notWanted' }, { target: 'calling' }] },
            notWanted: {},
            calling: {
              after: {
                follow_up: [
                  {
                    guard: 'noCallThisRound',
                    target: 'calling',
                    reenter: true,
                    actions: [escalate('follow_up'), 'startNextFollowUpRound'],
                  },
                  { target: 'calling', reenter: true, actions: 'startNextFollowUpRound' },
                ],
              },
              on: {
                follow_up_called: [
                  {
                    guard: 'secondDayNobodyCame',
                    actions: ['recordFollowUpCall', followUpMet, 'handToGm', inform('gm', 'agreed_visit_missed')],
                  },
                  { guard: 'visitCheckHasAppointment', actions: ['recordFollowUpCall', followUpMet] },
                ],
              },
            },
          },
        },
        // 二次投诉: repeats are attached here and charged per rules 8–14.
        repeats: {
          initial: 'counting',
          states: {
            counting: {
              on: {
                repeat_complaint_received: {
                  guard: 'repeatReasonApplies',
                  actions: ['recordRepeat', 'informOwnerOfRepeat'],
                },
              },
            },
          },
        },
        // 顾客投诉处理流程 二.3: a large complaint goes to the company's leadership.
        size: {
          initial: 'routing',
          states: {
            routing: {
              always: [
                {
                  guard: 'claimOverThreshold',
                  target: 'largeByClaim',
                  actions: ['markLargeByClaim', inform('executive', 'large_claim')],
                },
                { target: 'watching' },
              ],
            },
            watching: {
              after: { large_complaint: { actions: ['markLargeByAge', escalate('large_complaint')] } },
            },
            largeByClaim: {},
          },
        },
        // 顾客投诉处理流程 三: injury — duty manager's decision, witnesses, insurer.
        injury: {
          initial: 'routing',
          states: {
            routing: {
              always: [
                {
                  guard: 'injuryReported',
                  target: 'inProgress',
                  actions: inform('dept_manager', 'injury_reported'),
                },
                { target: 'none' },
              ],
            },
            none: {},
            inProgress: {
              type: 'parallel',
              onDone: 'handled',
              states: {
                dutyManager: {
                  initial: 'awaitingDecision',
                  states: {
                    awaitingDecision: {
                      after: { injury_decision: { actions: escalate('injury_decision') } },
                      on: {
                        injury_assessed: {
                          target: 'decided',
                          actions: ['recordInjuryDecision', 'informIfCostsAdvanced'],
                        },
                      },
                    },
                    decided: { type: 'final' },
                  },
                },
                witnesses: {
                  initial: 'awaiting',
                  states: {
                    awaiting: { on: { witnesses_recorded: { target: 'recorded', actions: 'recordWitnesses' } } },
                    recorded: { type: 'final' },
                  },
                },
                insurer: {
                  initial: 'awaiting',
                  states: {
                    awaiting: { on: { insurer_notified: { target: 'notified', actions: 'recordInsurer' } } },
                    notified: { type: 'final' },
                  },
                },
              },
            },
            handled: {},
          },
        },
      },
    },
    closedResolved: { type: 'final' },
    closedByManager: { type: 'final' },
  },
});
