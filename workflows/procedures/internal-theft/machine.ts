/**
 * Longer than 300 lines on purpose: this is the internal-theft investigation's state chart with the context it keeps,
 * the guards and the actions each step records, kept in one place so the flow reads top to bottom as the seed's
 * procedure does (as the complaint machine does; it grows beyond ~400 lines, split it the same way into context.ts,
 * guards.ts and actions.ts). The events' schemas live in events.ts, the deadlines in policy.ts.
 */
import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  done,
  engineActions,
  eventOf,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type Done,
  type StepEventsOf,
} from '../../engine';
import {
  COMPENSATION_MULTIPLE_MAX,
  COMPENSATION_MULTIPLE_MIN,
  lossPreventionRoles,
  lossPreventionRolesV2,
  type LeadershipDecidedSchema,
  type Outcome,
  type OutcomeProposedSchema,
  type Attachment,
  type CaseClosedSchema,
  type DecisionMadeSchema,
  type EmployeeAccountRecordedSchema,
  type EvidenceAddedSchema,
  type GoodsRecoveredSchema,
  type ReferralDecidedSchema,
  type ReportedToSupervisorSchema,
  type ResidenceNotifiedSchema,
  type ReviewDoneSchema,
  type RewardRecordedSchema,
  type TheftReportedSchema,
  type events,
  type eventsV2,
} from './events';

type Person = { name: string; id?: string; role?: string; employeeNo?: string };

export interface InternalTheftContext {
  policy: CasePolicy;
  reportedAt: number;
  /** Who reported: kept here, and the whole case is visible to loss prevention and leadership only. */
  reporter: Person;
  /** The reward goes to an employee's tip (一.6); a case loss prevention opens on its own finding earns none. */
  rewardDue: boolean;
  suspect: z.infer<typeof TheftReportedSchema>['suspect'];
  account: string;
  goods: string | null;
  caughtInAct: boolean;
  goodsRecovered: (z.infer<typeof GoodsRecoveredSchema> & Done & { totalValue: number }) | null;
  evidence: Array<z.infer<typeof EvidenceAddedSchema> & Done & { n: number }>;
  /** How many evidence items the last review saw; more must come before the case goes back to review. */
  evidenceAtLastReview: number;
  statements: Array<{ summary: string; attachments: Attachment[] } & Done>;
  /** Since when the employee has been kept apart from other staff, waiting for a supervisor (二.2(2)–(3)). */
  keptApartSince: number | null;
  supervisorArrivals: Done[];
  reportsToSupervisor: Array<z.infer<typeof ReportedToSupervisorSchema> & Done>;
  reviews: Array<z.infer<typeof ReviewDoneSchema> & Done>;
  goodsValue: number | null;
  /** Computed from the established goods value: what 1–10 times it comes to (一.8). */
  compensationRange: { minMultiple: number; maxMultiple: number; minAmount: number; maxAmount: number } | null;
  decision: (z.infer<typeof DecisionMadeSchema> & Done & { compensationAmount: number }) | null;
  referral: (z.infer<typeof ReferralDecidedSchema> & Done) | null;
  residenceNotice: (z.infer<typeof ResidenceNotifiedSchema> & Done) | null;
  reward: (z.infer<typeof RewardRecordedSchema> & Done & { recipient: Person }) | null;
  summary: (z.infer<typeof CaseClosedSchema> & Done) | null;
  // Version 2 only (absent from version 1 cases):
  /** What the site's policy lets loss prevention propose (thresholds of policyV2, seed values by default). */
  outcomePolicy?: OutcomePolicy;
  /** The employee's own account, or that they declined to give one (二.2(2)). */
  employeeAccount?: (z.infer<typeof EmployeeAccountRecordedSchema> & Done) | null;
  /** Every proposal of the loss-prevention supervisor, oldest first; a refused one is followed by a new one. */
  proposals?: Array<z.infer<typeof OutcomeProposedSchema> & Done & Compensation>;
  /** Every answer of company leadership to a proposal, oldest first (二.2(5)). */
  leadershipDecisions?: Array<z.infer<typeof LeadershipDecidedSchema> & Done>;
  /** The outcome leadership approved or decided: what is carried out (null until then). */
  outcome?: (Outcome & Compensation & { decidedBy: Done }) | null;
}

/**
 * What a site lets loss prevention propose (version 2), read from the case policy's thresholds: `dismissal` and
 * `residenceNotice` 1 = allowed, 0 = ruled out; the compensation multiple between `compensationMultipleMin` and
 * `compensationMultipleMax` times the goods value (max 0 = no compensation), the amount capped at `compensationCapYuan`
 * yuan (0 or absent = no cap). Chinese labour law limits what an employer may deduct, so a site sets its own.
 */
export interface OutcomePolicy {
  dismissal: boolean;
  compensationMultipleMin: number;
  compensationMultipleMax: number;
  /** Yuan; null = no cap. */
  compensationCapYuan: number | null;
  residenceNotice: boolean;
}

/** The compensation an outcome comes to, in yuan (null: none proposed), and whether the site's cap cut it. */
type Compensation = { compensationAmount: number | null; compensationCapped: boolean };

// Version 2's events include version 1's names (some with other roles) and add its own: one union serves both.
type InternalTheftEvent = StepEventsOf<typeof events> | StepEventsOf<typeof eventsV2>;

// Money is kept in yuan with two decimals; products are computed in fen so they come out exact.
const fen = (yuan: number) => Math.round(yuan * 100);
const times = (yuan: number, multiple: number) => Math.round(fen(yuan) * multiple) / 100;

/** The site's outcome policy from a case policy's thresholds; the seed's values (一.7, 一.8) where a threshold is absent. */
export function outcomePolicyOf(policy: CasePolicy): OutcomePolicy {
  const t = policy.thresholds;
  const cap = t.compensationCapYuan ?? 0;
  return {
    dismissal: (t.dismissal ?? 1) > 0, // 一.8 一律辞退
    compensationMultipleMin: t.compensationMultipleMin ?? COMPENSATION_MULTIPLE_MIN, // 一.8
    compensationMultipleMax: t.compensationMultipleMax ?? COMPENSATION_MULTIPLE_MAX, // 一.8
    compensationCapYuan: cap > 0 ? cap : null,
    residenceNotice: (t.residenceNotice ?? 1) > 0, // 一.7
  };
}

/** Whether an outcome stays within what the site allows. */
function withinPolicy(p: OutcomePolicy | undefined, o: Outcome): boolean {
  if (!p) return false;
  const multiple = o.compensationMultiple;
  const compensationOk =
    multiple === undefined ||
    (p.compensationMultipleMax > 0 && multiple >= p.compensationMultipleMin && multiple <= p.compensationMultipleMax);
  return (!o.dismissal || p.dismissal) && (!o.residenceNotice || p.residenceNotice) && compensationOk;
}

/** What an outcome's compensation comes to on the established goods value, capped by the site's policy. */
function compensationOf(context: InternalTheftContext, o: Outcome): Compensation {
  if (o.compensationMultiple === undefined) return { compensationAmount: null, compensationCapped: false };
  const amount = times(context.goodsValue ?? 0, o.compensationMultiple);
  const cap = context.outcomePolicy?.compensationCapYuan ?? null;
  return cap !== null && amount > cap
    ? { compensationAmount: cap, compensationCapped: true }
    : { compensationAmount: amount, compensationCapped: false };
}

/** Only the outcome's own fields of a proposal or amendment. */
const outcomeFields = ({ dismissal, compensationMultiple, residenceNotice, referral }: Outcome): Outcome => ({
  dismissal,
  residenceNotice,
  ...(compensationMultiple !== undefined ? { compensationMultiple } : {}),
  ...(referral ? { referral } : {}),
});

/** The outcome a leadership decision leaves in force: the last proposal's if approved, leadership's own if amended. */
function decidedOutcome(context: InternalTheftContext, event: InternalTheftEvent) {
  const e = eventOf(event, 'leadership_decided');
  const base = outcomeFields(e.data.decision === 'amended' ? e.data.outcome : context.proposals!.at(-1)!);
  return { ...base, ...compensationOf(context, base), decidedBy: done(e) };
}

const decisionOf = (event: InternalTheftEvent) => eventOf(event, 'leadership_decided').data;

const verdictOf = (event: InternalTheftEvent) => eventOf(event, 'review_done').data.verdict;
const referralAsked = (event: InternalTheftEvent) => eventOf(event, 'decision_made').data.referToAuthorities;

/**
 * Evidence gathering (一.2, 二.1): evidence is added, a statement may be taken once evidence is on file, and the case is
 * reported to the supervisor when `reportGuard` allows (first time: evidence on file; after a send-back: new evidence).
 * 二.2(2)–(3): the employee who admitted is kept from other staff until a supervisor arrives.
 */
function gatheringEvidence(reportGuard: 'evidenceOnFile' | 'newEvidenceSinceReview') {
  return {
    on: { evidence_added: { actions: 'recordEvidence' } },
    initial: 'collecting',
    states: {
      collecting: {
        on: {
          statement_taken: {
            guard: 'evidenceOnFile',
            target: 'employeeKeptApart',
            actions: [
              'recordStatement',
              { type: 'inform', params: { role: 'lp_supervisor', about: 'statement_taken' } },
            ],
          },
          reported_to_supervisor: {
            guard: reportGuard,
            target: '#internal-theft.underReview',
            actions: 'recordReportToSupervisor',
          },
        },
      },
      employeeKeptApart: {
        on: { supervisor_arrived: { target: 'collecting', actions: 'recordSupervisorArrival' } },
      },
    },
  } as const;
}

// Guards, actions and delays of both versions; each version's chart uses its own (internalTheftMachineOf).
const internalTheftSetup = setup({
  types: {
    context: {} as InternalTheftContext,
    events: {} as InternalTheftEvent,
    input: {} as CaseMachineInput<z.infer<typeof TheftReportedSchema>>,
  },
  actions: {
    ...engineActions,
    recordGoodsRecovered: assign({
      goodsRecovered: ({ event }) => {
        const e = eventOf(event, 'goods_recovered');
        const totalValue = e.data.items.reduce((sum, item) => sum + fen(item.value), 0) / 100;
        return { ...recorded(e), totalValue };
      },
    }),
    recordEvidence: assign({
      evidence: ({ context, event }) => {
        const e = eventOf(event, 'evidence_added');
        return [...context.evidence, { ...recorded(e), n: context.evidence.length + 1 }];
      },
    }),
    recordStatement: assign({
      statements: ({ context, event }) => {
        const e = eventOf(event, 'statement_taken');
        return [...context.statements, { summary: e.data.summary, attachments: e.data.attachments, ...done(e) }];
      },
      keptApartSince: ({ event }) => eventOf(event, 'statement_taken').at,
    }),
    recordSupervisorArrival: assign({
      supervisorArrivals: ({ context, event }) => [
        ...context.supervisorArrivals,
        done(eventOf(event, 'supervisor_arrived')),
      ],
      keptApartSince: null,
    }),
    recordReportToSupervisor: assign({
      reportsToSupervisor: ({ context, event }) => {
        const e = eventOf(event, 'reported_to_supervisor');
        return [...context.reportsToSupervisor, recorded(e)];
      },
    }),
    recordReview: assign({
      reviews: ({ context, event }) => {
        const e = eventOf(event, 'review_done');
        return [...context.reviews, recorded(e)];
      },
      evidenceAtLastReview: ({ context }) => context.evidence.length,
    }),
    // 一.8: compensation is 1–10 times the value of the goods; the review establishes the value, the machine the range.
    recordGoodsValue: assign(({ context, event }) => {
      const data = eventOf(event, 'review_done').data;
      // Wired after the saysFactsEstablished guard only: another verdict here is a bug in the machine.
      if (data.verdict !== 'facts_established') throw new Error(`recordGoodsValue: review verdict ${data.verdict}`);
      // Version 2: the site's range (outcomePolicy); version 1: the seed's 1–10.
      const minMultiple = context.outcomePolicy?.compensationMultipleMin ?? COMPENSATION_MULTIPLE_MIN;
      const maxMultiple = context.outcomePolicy?.compensationMultipleMax ?? COMPENSATION_MULTIPLE_MAX;
      return {
        goodsValue: data.goodsValue,
        compensationRange: {
          minMultiple,
          maxMultiple,
          minAmount: times(data.goodsValue, minMultiple),
          maxAmount: times(data.goodsValue, maxMultiple),
        },
      };
    }),
    recordDecision: assign({
      decision: ({ context, event }) => {
        const e = eventOf(event, 'decision_made');
        const compensationAmount = times(context.goodsValue ?? 0, e.data.compensationMultiple);
        return { ...recorded(e), compensationAmount };
      },
    }),
    recordReferral: assign({
      referral: ({ event }) => {
        const e = eventOf(event, 'referral_decided');
        return recorded(e);
      },
    }),
    recordResidenceNotice: assign({
      residenceNotice: ({ event }) => {
        const e = eventOf(event, 'residence_notified');
        return recorded(e);
      },
    }),
    recordReward: assign({
      reward: ({ context, event }) => {
        const e = eventOf(event, 'reward_recorded');
        return { ...recorded(e), recipient: context.reporter };
      },
    }),
    recordSummary: assign({
      summary: ({ event }) => {
        const e = eventOf(event, 'case_closed');
        return recorded(e);
      },
    }),
    // Version 2:
    recordEmployeeAccount: assign({
      employeeAccount: ({ event }) => recorded(eventOf(event, 'employee_account_recorded')),
    }),
    recordProposal: assign({
      proposals: ({ context, event }) => {
        const e = eventOf(event, 'outcome_proposed');
        return [...(context.proposals ?? []), { ...recorded(e), ...compensationOf(context, e.data) }];
      },
    }),
    recordLeadershipDecision: assign({
      leadershipDecisions: ({ context, event }) => [
        ...(context.leadershipDecisions ?? []),
        recorded(eventOf(event, 'leadership_decided')),
      ],
    }),
    recordOutcome: assign({ outcome: ({ context, event }) => decidedOutcome(context, event) }),
  },
  guards: {
    caughtInAct: ({ context }) => context.caughtInAct,
    // 二.1(3), 二.2(2): do not talk to the employee first — facts and evidence come before any statement.
    evidenceOnFile: ({ context }) => context.evidence.length > 0 || context.goodsRecovered !== null,
    // Back to evidence gathering means new evidence before the file goes back to the supervisor.
    newEvidenceSinceReview: ({ context }) => context.evidence.length > context.evidenceAtLastReview,
    saysFactsEstablished: dataGuard(({ event }) => verdictOf(event) === 'facts_established'),
    saysMoreEvidenceNeeded: dataGuard(({ event }) => verdictOf(event) === 'more_evidence_needed'),
    saysUnfounded: dataGuard(({ event }) => verdictOf(event) === 'unfounded'),
    referralRequested: dataGuard(({ event }) => referralAsked(event) === true),
    noReferral: dataGuard(({ event }) => referralAsked(event) === false),
    residenceNotYetNotified: ({ context }) => context.residenceNotice === null,
    rewardNotYetRecorded: ({ context }) => context.reward === null,
    // 一.7 and 一.6: the residence notice sent and, for a reported case, the informant's reward recorded.
    noticeSentAndRewardSettled: ({ context }) =>
      context.residenceNotice !== null && (!context.rewardDue || context.reward !== null),
    // Version 2:
    // 一.4–8 as proposals: each measure only as far as the site's policy allows (labour law limits deductions).
    proposalWithinSitePolicy: dataGuard(({ context, event }) =>
      withinPolicy(context.outcomePolicy, eventOf(event, 'outcome_proposed').data),
    ),
    saysApproved: dataGuard(({ event }) => decisionOf(event).decision === 'approved'),
    amendmentWithinSitePolicy: dataGuard(({ context, event }) => {
      const d = decisionOf(event);
      return d.decision === 'amended' && withinPolicy(context.outcomePolicy, d.outcome);
    }),
    saysRefused: dataGuard(({ event }) => decisionOf(event).decision === 'refused'),
    // 一.7 only when the outcome in force includes the notice, and once.
    residenceNoticeDecided: ({ context }) =>
      context.outcome?.residenceNotice === true && context.residenceNotice === null,
    // Closing: the decided notice sent, and the informant's reward (一.6) recorded when due.
    decidedNoticeSentAndRewardSettled: ({ context }) =>
      (context.outcome?.residenceNotice !== true || context.residenceNotice !== null) &&
      (!context.rewardDue || context.reward !== null),
  },
  delays: {
    // (policy) the investigator reports to the loss-prevention supervisor within 1 working day of the report.
    supervisor_report: deadline<InternalTheftContext>('supervisor_report', (context) => context.reportedAt),
    // (policy) the supervisor reviews within 3 working days of the report to the supervisor (the step entering review).
    review: deadline<InternalTheftContext>('review'),
    // (policy, version 2) company leadership answers the supervisor's proposal within 2 working days of it.
    leadership_decision: deadline<InternalTheftContext>('leadership_decision'),
  },
});

/** The context a new case starts with; `lpRoles` are the roles whose own finding earns no reward (一.6). */
function initialContext(input: CaseMachineInput<z.infer<typeof TheftReportedSchema>>, lpRoles: readonly string[]) {
  const { informant } = input.data;
  const byLossPrevention = lpRoles.includes(input.startedBy.role);
  return {
    policy: input.policy,
    reportedAt: input.startedAt,
    reporter: informant
      ? { ...informant }
      : { id: input.startedBy.id, name: input.startedBy.name, role: input.startedBy.role },
    rewardDue: informant !== undefined || !byLossPrevention,
    suspect: input.data.suspect,
    account: input.data.account,
    goods: input.data.goods ?? null,
    caughtInAct: input.data.caughtInAct,
    goodsRecovered: null,
    evidence: [],
    evidenceAtLastReview: 0,
    statements: [],
    keptApartSince: null,
    supervisorArrivals: [],
    reportsToSupervisor: [],
    reviews: [],
    goodsValue: null,
    compensationRange: null,
    decision: null,
    referral: null,
    residenceNotice: null,
    reward: null,
    summary: null,
  } satisfies InternalTheftContext;
}

/**
 * The states both versions share, in version 1's order; `afterFacts` is where a review that establishes the facts
 * leads (version 1: the supervisor's decision; version 2: the employee's own account).
 */
function sharedStates(afterFacts: 'deciding' | 'hearingEmployee') {
  return {
    // 一.1–3, 二.1: the report reached loss prevention; the investigator gathers facts and evidence, then reports to
    // the supervisor within the deadline.
    awaitingSupervisorReport: {
      entry: { type: 'inform', params: { role: 'lp_officer', about: 'theft_reported' } },
      after: { supervisor_report: { actions: { type: 'escalate', params: { timer: 'supervisor_report' } } } },
      initial: 'opened',
      states: {
        opened: {
          always: [
            {
              guard: 'caughtInAct',
              target: 'recoveringGoods',
              actions: { type: 'inform', params: { role: 'lp_supervisor', about: 'caught_in_act' } },
            },
            { target: 'gatheringEvidence' },
          ],
        },
        // 二.2(1): caught in the act — the goods are recovered first.
        recoveringGoods: {
          on: {
            goods_recovered: {
              target: 'gatheringEvidence',
              actions: 'recordGoodsRecovered',
            },
          },
        },
        gatheringEvidence: gatheringEvidence('evidenceOnFile'),
      },
    },
    // 一.3–4, 二.2(3)–(5): the supervisor judges whether the facts are clear and the evidence conclusive.
    underReview: {
      entry: { type: 'inform', params: { role: 'lp_supervisor', about: 'reported_to_supervisor' } },
      after: { review: { actions: { type: 'escalate', params: { timer: 'review' } } } },
      on: {
        review_done: [
          { guard: 'saysFactsEstablished', target: afterFacts, actions: ['recordReview', 'recordGoodsValue'] },
          { guard: 'saysMoreEvidenceNeeded', target: 'gatheringMoreEvidence', actions: 'recordReview' },
          { guard: 'saysUnfounded', target: 'closingUnfounded', actions: 'recordReview' },
        ],
      },
    },
    // 二.2(4): sent back — the investigator gathers more, then reports again.
    gatheringMoreEvidence: gatheringEvidence('newEvidenceSinceReview'),
  } as const;
}

/** Version 1's decision and conclusion: the supervisor decides; leadership consents to a referral only. */
const v1Decision = {
  // 一.4, 一.8: dismissal and 1–10 times the goods value; 二.2(5): the handling is reported to leadership.
  deciding: {
    on: {
      decision_made: [
        {
          guard: 'referralRequested',
          target: 'awaitingLeadershipApproval',
          actions: ['recordDecision', { type: 'inform', params: { role: 'executive', about: 'referral_requested' } }],
        },
        {
          guard: 'noReferral',
          target: 'concluding',
          actions: ['recordDecision', { type: 'inform', params: { role: 'executive', about: 'decision_made' } }],
        },
      ],
    },
  },
  // 一.5, 二.2(6): to the authorities only with the approval of company leadership.
  awaitingLeadershipApproval: {
    on: {
      referral_decided: {
        target: 'concluding',
        actions: 'recordReferral',
      },
    },
  },
  // 一.6–7 and 五.4: the residence notice, the informant's reward, and the written summary that closes the case.
  concluding: {
    on: {
      residence_notified: {
        guard: 'residenceNotYetNotified',
        actions: 'recordResidenceNotice',
      },
      reward_recorded: {
        guard: 'rewardNotYetRecorded',
        actions: 'recordReward',
      },
      case_closed: {
        guard: 'noticeSentAndRewardSettled',
        target: 'closedDecided',
        actions: ['recordSummary', { type: 'inform', params: { role: 'executive', about: 'case_closed' } }],
      },
    },
  },
} as const;

/** The two ends, shared: a decided case and an unfounded suspicion (the latter still with a written summary). */
const ends = {
  // The suspicion did not hold: the case still closes with a written summary.
  closingUnfounded: {
    on: {
      case_closed: {
        target: 'closedUnfounded',
        actions: 'recordSummary',
      },
    },
  },
  closedDecided: { type: 'final' },
  closedUnfounded: { type: 'final' },
} as const;

/**
 * Version 2's decision: the employee's account, the supervisor's proposal, leadership's answer within a deadline, then
 * only what leadership decided is carried out.
 */
const v2Decision = {
  // 二.2(2): the employee's own account (事实陈述书) is heard before anything is proposed; declining is an answer.
  hearingEmployee: {
    on: { employee_account_recorded: { target: 'proposing', actions: 'recordEmployeeAccount' } },
  },
  // 一.4–8 as a proposal of the loss-prevention supervisor, within the site's policy; 二.2(5) 上报公司领导处理.
  proposing: {
    on: {
      outcome_proposed: {
        guard: 'proposalWithinSitePolicy',
        target: 'awaitingLeadershipDecision',
        actions: ['recordProposal', { type: 'inform', params: { role: 'executive', about: 'outcome_proposed' } }],
      },
    },
  },
  // 二.2(5)–(6), 一.5: leadership approves, changes or refuses; a referral to the authorities needs this consent.
  awaitingLeadershipDecision: {
    after: { leadership_decision: { actions: { type: 'escalate', params: { timer: 'leadership_decision' } } } },
    on: {
      leadership_decided: [
        {
          guard: 'saysApproved',
          target: 'concluding',
          actions: [
            'recordLeadershipDecision',
            'recordOutcome',
            { type: 'inform', params: { role: 'lp_supervisor', about: 'leadership_decided' } },
          ],
        },
        {
          guard: 'amendmentWithinSitePolicy',
          target: 'concluding',
          actions: [
            'recordLeadershipDecision',
            'recordOutcome',
            { type: 'inform', params: { role: 'lp_supervisor', about: 'leadership_decided' } },
          ],
        },
        {
          guard: 'saysRefused',
          target: 'proposing',
          actions: [
            'recordLeadershipDecision',
            { type: 'inform', params: { role: 'lp_supervisor', about: 'proposal_refused' } },
          ],
        },
      ],
    },
  },
  // 一.6–7 and 五.4: only the notice leadership decided, the informant's reward, and the written summary.
  concluding: {
    on: {
      residence_notified: { guard: 'residenceNoticeDecided', actions: 'recordResidenceNotice' },
      reward_recorded: { guard: 'rewardNotYetRecorded', actions: 'recordReward' },
      case_closed: {
        guard: 'decidedNoticeSentAndRewardSettled',
        target: 'closedDecided',
        actions: ['recordSummary', { type: 'inform', params: { role: 'executive', about: 'case_closed' } }],
      },
    },
  },
} as const;

// The machine of each version. Version 1 is what open v1 cases run: it must never change (its generated page,
// docs/procedures/internal-theft-v1.md, and its recorded histories fail the tests if it does).

/** Internal theft investigation (内盗调查), version 1: procedures.md §4; numbers in comments are the seed's. */
export const internalTheftMachine = internalTheftSetup.createMachine({
  id: 'internal-theft',
  context: ({ input }) => initialContext(input, lossPreventionRoles),
  initial: 'awaitingSupervisorReport',
  states: { ...sharedStates('deciding'), ...v1Decision, ...ends },
});

/** Version 2 (issue 18): the outcome proposed by loss prevention and decided by company leadership. */
export const internalTheftMachineV2 = internalTheftSetup.createMachine({
  id: 'internal-theft',
  context: ({ input }) => ({
    ...initialContext(input, lossPreventionRolesV2),
    outcomePolicy: outcomePolicyOf(input.policy),
    employeeAccount: null,
    proposals: [],
    leadershipDecisions: [],
    outcome: null,
  }),
  initial: 'awaitingSupervisorReport',
  states: { ...sharedStates('hearingEmployee'), ...v2Decision, ...ends },
});
