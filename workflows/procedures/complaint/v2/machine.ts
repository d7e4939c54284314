/**
 * Version 2 of the complaint: the home-decoration contractor's 处理客诉原则及流程 (客诉规则 1–14), issue 19. Longer than
 * 300 lines on purpose: guards, actions and the state chart of one procedure, kept together so a rule reads in one
 * place. Rules: 规则 n = 流程 n, 原则 n = 三大原则 n of the seed's 处理客诉原则及流程.
 */
import { assign, setup } from 'xstate';
import { dueAt } from '../../../calendar';
import {
  dataGuard,
  deadline,
  engineActions,
  eventOf,
  eventTime,
  recorded,
  type CaseMachineInput,
} from '../../../engine';
import {
  appealPenalty,
  appealable,
  awaitingConfirmation,
  awaitingDecision,
  confirmPenalty,
  confirmable,
  decidable,
  decideAppeal,
  penaltiesSettled,
  proposePenalty,
} from '../../shared/penalties';
import { repeatReasons } from '../events';
import {
  escalate,
  followUpMet,
  followUpRounds,
  followUpRouting,
  inform,
  repairRegion,
  repeatsRegion,
} from '../regions';
import type { DecorationIntake } from './events';
import {
  actorGuard,
  amountFor,
  appealWindow,
  byOwnerOrAbove,
  nextRung,
  rank,
  readBackDue,
  repeatReasonFits,
  underRule8,
  type DecorationContext,
  type DecorationEvent,
} from './rules';

export type { DecorationContext } from './rules';

const oldest = (times: number[], fallback: number) => (times.length ? Math.min(...times) : fallback);

const base = setup({
  types: {
    context: {} as DecorationContext,
    events: {} as DecorationEvent,
    input: {} as CaseMachineInput<DecorationIntake>,
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
    // 规则 5: the notice waits for the read-back only until the read-back's own deadline, or its "could not reach"
    // end; 规则 14: a complaint engineering took over gets its notice addressed to engineering.
    noticeMayBeIssued: ({ context, event }) => {
      const e = event as { at?: number; data?: { responsibleDept?: string } };
      const readBackSettled =
        context.record !== null ||
        context.unreachable !== null ||
        (typeof e.at === 'number' && e.at >= readBackDue(context));
      const deptFits =
        context.handler !== 'engineering' || e.data === undefined || e.data.responsibleDept === 'engineering';
      return readBackSettled && deptFits;
    },
    noticeIssued: ({ context }) => context.rectification !== null,
    // 规则 14: before completion, while nothing is issued yet, quality inspection hands over to 工程部.
    handOverAllowed: ({ context }) =>
      context.intake.siteStage === 'under_construction' && context.rectification === null,
    repairVisitDue: ({ context }) => context.repair.due !== null,
    plumbingElectricalUnderRule8: ({ context }) => context.repair.due === 'plumbing_electrical' && underRule8(context),
    otherRepairUnderRule8: ({ context }) => context.repair.due === 'other' && underRule8(context),
    acceptedAfterRepairs: dataGuard(
      ({ context, event }) => eventOf(event, 'result_told').data.accepted === true && context.repair.due === null,
    ),
    refusedAfterRepairs: dataGuard(
      ({ context, event }) => eventOf(event, 'result_told').data.accepted === false && context.repair.due === null,
    ),
    declinedFollowUp: ({ context }) => context.intake.declinesFollowUp,
    noCallThisRound: ({ context }) => !context.followUp.calledThisRound,
    visitAgreed: ({ context }) => context.agreedVisit !== null,
    agreesNewVisit: dataGuard(({ event }) => eventOf(event, 'follow_up_called').data.appointment !== undefined),
    repeatReasonApplies: dataGuard(({ context, event }) =>
      repeatReasonFits(context, eventOf(event, 'repeat_complaint_received').data.reason),
    ),
    penaltyToConfirm: ({ context }) => awaitingConfirmation(context.penalties).length > 0,
    appealToDecide: ({ context }) => awaitingDecision(context.penalties).length > 0,
    // The responsible manager (the owner's rung or above) confirms, never the one who proposed it.
    confirmableByManager: dataGuard(({ context, event }) => {
      const e = eventOf(event, 'penalty_confirmed');
      return byOwnerOrAbove(context, e) && confirmable(context.penalties, e.data.penalty, e.actor);
    }),
    // The department appeals a confirmed penalty within the appeal window (working days from the confirmation).
    appealableInTime: dataGuard(({ context, event }) => {
      const e = eventOf(event, 'penalty_appealed');
      return appealable(context.penalties, e.data.penalty, e.at, appealWindow(context), context.policy);
    }),
    // A manager above the confirmer decides, not the confirmer nor the appellant.
    decidableAbove: dataGuard(({ context, event }) => {
      const e = eventOf(event, 'penalty_appeal_decided');
      const line = context.penalties.find((l) => l.n === e.data.penalty);
      return (
        decidable(context.penalties, e.data.penalty, e.actor) && rank(e.actor.role) > rank(line?.confirmation?.role)
      );
    }),
    // 规则 4: closing needs the rectification notice — the customer's acceptance or a manager's decision alike.
    closesOnAcceptanceWithNotice: dataGuard(
      ({ context, event }) =>
        eventOf(event, 'case_closed').data.basis === 'customer_accepted' &&
        context.resultAccepted &&
        context.rectification !== null &&
        penaltiesSettled(context.penalties),
    ),
    managerClosesWithNotice: dataGuard(
      ({ context, event }) =>
        eventOf(event, 'case_closed').data.basis === 'manager_decision' &&
        byOwnerOrAbove(context, event) &&
        context.rectification !== null &&
        penaltiesSettled(context.penalties),
    ),
  },
  delays: {
    // 规则 2: within 10 minutes of registration.
    contact: deadline<DecorationContext>('contact', (c) => c.registeredAt),
    on_site_visit: deadline<DecorationContext>('on_site_visit'),
    read_back: deadline<DecorationContext>('read_back', (c) => c.registeredAt),
    // 规则 5: within one working day of registration.
    rectification: deadline<DecorationContext>('rectification', (c) => c.registeredAt),
    // 规则 8: from the request for the repair (the complaint, or the notice that needs it).
    repair_visit_utilities: deadline<DecorationContext>('repair_visit_utilities', (c) => c.repair.dueFrom),
    repair_visit_other: deadline<DecorationContext>('repair_visit_other', (c) => c.repair.dueFrom),
    // 规则 3: every day until the case closes.
    follow_up: deadline<DecorationContext>('follow_up', (c) => c.followUp.roundFrom),
    // 规则 3: two days from the agreed visit time, whether or not anyone called in between.
    agreed_visit: deadline<DecorationContext>('agreed_visit', (c) => c.agreedVisit?.at ?? c.registeredAt),
    penalty_confirmation: deadline<DecorationContext>('penalty_confirmation', (c) =>
      oldest(
        awaitingConfirmation(c.penalties).map((l) => l.proposed.at),
        c.registeredAt,
      ),
    ),
    penalty_appeal: deadline<DecorationContext>('penalty_appeal', (c) =>
      oldest(
        awaitingDecision(c.penalties).map((l) => l.appeal!.at),
        c.registeredAt,
      ),
    ),
  },
});

const recording = base.extend({
  actions: {
    confirmRecord: assign({ record: ({ event }) => recorded(eventOf(event, 'record_confirmed')) }),
    recordUnreachable: assign({ unreachable: ({ event }) => recorded(eventOf(event, 'customer_unreachable')) }),
    recordContact: assign({ contact: ({ event }) => recorded(eventOf(event, 'customer_contacted')) }),
    recordOnSiteVisit: assign({ onSiteVisit: ({ event }) => recorded(eventOf(event, 'on_site_visited')) }),
    // 规则 1: the next rung owns the case.
    moveOwnerUp: assign(({ context, event }) => {
      const e = eventOf(event, 'escalated_by_hand');
      const to = nextRung(context.owner);
      const change = {
        from: context.owner,
        to,
        why: 'by_hand' as const,
        reason: e.data.reason,
        at: e.at,
        by: e.actor.id,
      };
      return { owner: to, ownerChanges: [...context.ownerChanges, change] };
    }),
    recordHandOver: assign(({ event }) => ({
      handler: 'engineering' as const,
      handOver: recorded(eventOf(event, 'handed_to_engineering')),
    })),
    // 规则 4–5; 规则 10 and 12 charge every complaint, the first included: proposed here by the notice's issuer.
    recordRectification: assign(({ context, event }) => {
      const e = eventOf(event, 'rectification_issued');
      const first =
        e.data.cause === 'designer_service'
          ? { department: 'design', rule: 10, amount: amountFor(context, 'first_designer') }
          : e.data.cause === 'material_supply_late'
            ? { department: 'material', rule: 12, amount: amountFor(context, 'first_material') }
            : null;
      const repairNeeded = e.data.repairVisit !== undefined && context.repair.due === null;
      return {
        rectification: recorded(e),
        repair: repairNeeded ? { ...context.repair, due: e.data.repairVisit ?? null, dueFrom: e.at } : context.repair,
        penalties: first
          ? proposePenalty(context.penalties, { ...first, complaint: 1, reason: 'first_complaint' }, e.actor, e.at)
          : context.penalties,
      };
    }),
    recordRectified: assign({
      rectified: ({ context, event }) => [...context.rectified, recorded(eventOf(event, 'rectification_done'))],
    }),
    recordRepairVisit: assign({
      repair: ({ context, event }) => {
        const e = eventOf(event, 'repair_visited');
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
    // 规则 3: a visit time agreed on the call is watched from then on (a later agreement replaces it).
    recordFollowUpCall: assign(({ context, event }) => {
      const e = eventOf(event, 'follow_up_called');
      const f = context.followUp;
      const appointment = e.data.appointment;
      return {
        followUp: { ...f, calledThisRound: true, calls: [...f.calls, { ...recorded(e), round: f.round }] },
        agreedVisit: appointment
          ? { at: Date.parse(appointment.at), purpose: appointment.purpose, agreedAt: e.at }
          : context.agreedVisit,
      };
    }),
    recordAgreedVisitMade: assign(({ context, event }) => ({
      agreedVisit: null,
      agreedVisitsMade: [...context.agreedVisitsMade, recorded(eventOf(event, 'agreed_visit_made'))],
    })),
    // 规则 3: nobody came two days running after the agreed time: the general manager owns the case at once.
    handToGm: assign(({ context, event }) => {
      if (context.owner === 'gm') return {};
      const at = eventTime(event);
      const change = {
        from: context.owner,
        to: 'gm' as const,
        why: 'agreed_visit_missed' as const,
        reason: 'agreed visit missed two days running',
        at,
      };
      return { owner: 'gm' as const, ownerChanges: [...context.ownerChanges, change] };
    }),
    // 二次投诉: the recorder proposes the charge of 规则 8–14; it reaches the ledger only once a manager confirms it.
    recordRepeat: assign(({ context, event }) => {
      const e = eventOf(event, 'repeat_complaint_received');
      const complaint = context.repeats.length + 2;
      const charge = {
        department: e.data.department,
        rule: repeatReasons[e.data.reason],
        amount: amountFor(context, e.data.reason),
        complaint,
        reason: e.data.reason,
      };
      return {
        repeats: [...context.repeats, { ...recorded(e), complaint }],
        penalties: proposePenalty(context.penalties, charge, e.actor, e.at),
      };
    }),
    recordPenaltyConfirmation: assign({
      penalties: ({ context, event }) => {
        const e = eventOf(event, 'penalty_confirmed');
        return confirmPenalty(context.penalties, e.data, e.actor, e.at);
      },
    }),
    recordAppeal: assign({
      penalties: ({ context, event }) => {
        const e = eventOf(event, 'penalty_appealed');
        return appealPenalty(context.penalties, e.data, e.actor, e.at);
      },
    }),
    recordAppealDecision: assign({
      penalties: ({ context, event }) => {
        const e = eventOf(event, 'penalty_appeal_decided');
        return decideAppeal(context.penalties, e.data, e.actor, e.at);
      },
    }),
    recordResult: assign(({ event }) => {
      const e = eventOf(event, 'result_told');
      return { result: recorded(e), resultAccepted: e.data.accepted };
    }),
    reopen: assign({ resultAccepted: false }),
    recordClosure: assign({ closure: ({ event }) => recorded(eventOf(event, 'case_closed')) }),
  },
});

const withNotices = recording.extend({
  actions: {
    informOwnerOfEscalation: recording.enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'inform', params: { role: context.owner, about: 'escalated_by_hand' } });
    }),
    informOwnerOfRepeat: recording.enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'inform', params: { role: context.owner, about: 'repeat_complaint' } });
    }),
  },
});

/** Complaint handling of a home-decoration contractor (处理客诉原则及流程), version 2. */
export const complaintMachineV2 = withNotices.createMachine({
  id: 'complaint',
  context: ({ input }) => ({
    policy: input.policy,
    intake: input.data,
    registeredAt: input.startedAt,
    owner: 'dept_manager',
    ownerChanges: [],
    record: null,
    unreachable: null,
    contact: null,
    onSiteVisit: null,
    handler: 'quality_inspection',
    handOver: null,
    rectification: null,
    rectified: [],
    repair: { due: input.data.repairKind ?? null, dueFrom: input.startedAt, visits: [] },
    followUp: { round: 0, roundFrom: input.startedAt, calledThisRound: false, calls: [] },
    agreedVisit: null,
    agreedVisitsMade: [],
    result: null,
    resultAccepted: false,
    repeats: [],
    penalties: [],
    closure: null,
  }),
  initial: 'open',
  states: {
    open: {
      type: 'parallel',
      on: {
        escalated_by_hand: { guard: 'ownerEscalatesBelowTop', actions: ['moveOwnerUp', 'informOwnerOfEscalation'] },
        case_closed: [
          { guard: 'closesOnAcceptanceWithNotice', target: 'closedResolved', actions: 'recordClosure' },
          { guard: 'managerClosesWithNotice', target: 'closedByManager', actions: 'recordClosure' },
        ],
      },
      states: {
        // The main line: contact, on-site visit, rectification, result.
        handling: {
          initial: 'awaitingContact',
          states: {
            // 规则 1–2: a department manager or above contacts the customer within 10 minutes.
            awaitingContact: {
              after: { contact: { actions: escalate('contact') } },
              on: { customer_contacted: { guard: 'byOwnerOrAbove', target: 'contacted', actions: 'recordContact' } },
            },
            contacted: { always: [{ guard: 'onSiteVisitNeeded', target: 'visitingOnSite' }, { target: 'rectifying' }] },
            // 规则 2: "如需上门协商解决的,必须立即上门处理".
            visitingOnSite: {
              after: { on_site_visit: { actions: escalate('on_site_visit') } },
              on: { on_site_visited: { guard: 'byOwnerOrAbove', target: 'rectifying', actions: 'recordOnSiteVisit' } },
            },
            // 原则 2–3: what the notice requires is carried out (redone, replaced).
            rectifying: {
              on: {
                rectification_done: { guard: 'noticeIssued', target: 'awaitingResult', actions: 'recordRectified' },
              },
            },
            awaitingResult: {
              on: {
                result_told: [
                  { guard: 'acceptedAfterRepairs', target: 'awaitingClosure', actions: 'recordResult' },
                  { guard: 'refusedAfterRepairs', target: 'rectifying', actions: ['recordResult', 'reopen'] },
                ],
              },
            },
            awaitingClosure: {
              on: {
                // 二次投诉 after acceptance (规则 11): the matter is not resolved after all.
                repeat_complaint_received: { guard: 'repeatReasonApplies', target: 'rectifying', actions: 'reopen' },
              },
            },
          },
        },
        // 程序 5.2.3 read-back, with its own deadline and a "could not reach" end (规则 5 must not wait on it).
        record: {
          initial: 'awaitingConfirmation',
          states: {
            awaitingConfirmation: {
              after: { read_back: { actions: escalate('read_back') } },
              on: {
                record_confirmed: { target: 'confirmed', actions: 'confirmRecord' },
                customer_unreachable: { target: 'unreachable', actions: 'recordUnreachable' },
              },
            },
            confirmed: {},
            unreachable: {},
          },
        },
        // 规则 4–5: every complaint gets a rectification notice within one working day, to customer service.
        rectification: {
          initial: 'awaitingNotice',
          states: {
            awaitingNotice: {
              after: { rectification: { actions: escalate('rectification') } },
              on: {
                rectification_issued: {
                  guard: 'noticeMayBeIssued',
                  target: 'issued',
                  actions: ['recordRectification', inform('cs_agent', 'rectification_issued')],
                },
              },
            },
            issued: {},
          },
        },
        // 规则 14: before completion, quality inspection busy or away: 工程部 takes the complaint.
        handler: {
          initial: 'qualityInspection',
          states: {
            qualityInspection: {
              on: {
                handed_to_engineering: {
                  guard: 'handOverAllowed',
                  target: 'engineering',
                  actions: ['recordHandOver', inform('engineering_dept', 'handed_to_engineering')],
                },
              },
            },
            engineering: {},
          },
        },
        // 规则 8: repair visits of a completed site, asked for at intake or by the notice.
        repair: repairRegion,
        // 规则 3 and 6: customer service calls every day until the case closes, unless the customer said no.
        followUp: {
          initial: 'routing',
          states: {
            ...followUpRouting,
            calling: {
              after: followUpRounds,
              on: { follow_up_called: { actions: ['recordFollowUpCall', followUpMet] } },
            },
          },
        },
        // 规则 3: "回访预约解决时间后连续两天没有人员上门处理的,第一时间上报总经理" — a timer from the agreed time,
        // not a count of calls: a day without a call changes nothing.
        agreedVisit: {
          initial: 'none',
          states: {
            none: {
              always: { guard: 'visitAgreed', target: 'awaiting' },
            },
            awaiting: {
              after: {
                agreed_visit: {
                  actions: ['handToGm', inform('gm', 'agreed_visit_missed'), escalate('agreed_visit')],
                },
              },
              on: {
                agreed_visit_made: { target: 'none', actions: 'recordAgreedVisitMade' },
                // A new time agreed with the customer starts a new watch from that time.
                follow_up_called: { guard: 'agreesNewVisit', target: 'awaiting', reenter: true },
              },
            },
          },
        },
        // 二次投诉: each repeat proposes its department's charge (规则 8–14).
        repeats: repeatsRegion,
        // Proposed charges wait for the responsible manager; confirmed ones may be appealed (shared/penalties.ts).
        penalties: {
          initial: 'settled',
          on: {
            penalty_appealed: {
              guard: 'appealableInTime',
              actions: ['recordAppeal', inform('gm', 'penalty_appealed')],
            },
          },
          states: {
            settled: {
              always: [
                { guard: 'penaltyToConfirm', target: 'awaitingConfirmation' },
                { guard: 'appealToDecide', target: 'awaitingAppealDecision' },
              ],
            },
            awaitingConfirmation: {
              after: { penalty_confirmation: { actions: escalate('penalty_confirmation') } },
              on: {
                penalty_confirmed: {
                  guard: 'confirmableByManager',
                  target: 'settled',
                  actions: 'recordPenaltyConfirmation',
                },
              },
            },
            awaitingAppealDecision: {
              after: { penalty_appeal: { actions: escalate('penalty_appeal') } },
              on: {
                penalty_appeal_decided: { guard: 'decidableAbove', target: 'settled', actions: 'recordAppealDecision' },
              },
            },
          },
        },
      },
    },
    closedResolved: { type: 'final' },
    closedByManager: { type: 'final' },
  },
});
