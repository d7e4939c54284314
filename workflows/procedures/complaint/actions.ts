import { assign } from 'xstate';
import { dueAt } from '../../calendar';
import { done, eventOf, eventTime, recorded } from '../../engine';
import { repeatReasons } from './events';
import type { Proposal } from './context';
import { complaintBase } from './guards';
import { amountFor, latestCorrective, missedVisitDaysAfter, nextRung, pendingProposal } from './rules';

/** What the complaint machine records on each step (assign actions), on top of its guards and deadlines. */
const complaintSetup = complaintBase.extend({
  actions: {
    confirmRecord: assign({
      record: ({ event }) => recorded(eventOf(event, 'record_confirmed')),
    }),
    recordContact: assign(({ event }) => {
      const e = eventOf(event, 'customer_contacted');
      return { contact: recorded(e), severity: e.data.severity };
    }),
    recordOnSiteVisit: assign({
      onSiteVisit: ({ event }) => recorded(eventOf(event, 'on_site_visited')),
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
      rectification: ({ event }) => recorded(eventOf(event, 'rectification_issued')),
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
      closure: ({ event }) => recorded(eventOf(event, 'case_closed')),
    }),
  },
});

/** Notices whose addressee or need depends on the case: they enqueue the `inform` activity. */
export const withNotices = complaintSetup.extend({
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
