import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  engineActions,
  recorded,
  type Actor,
  type CaseMachineInput,
  type CasePolicy,
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import {
  managerRoles,
  type AccidentReportFiledSchema,
  type CaseClosedSchema,
  type ComplaintReceivedSchema,
  type CustomerAnsweredSchema,
  type CustomerUnreachableSchema,
  type events,
  type InjuryDecidedSchema,
  type InsurerNotifiedSchema,
  type MajorDeclaredSchema,
  type MediaEnquiryReceivedSchema,
  type RegulatorSignatureDecidedSchema,
  type RegulatorSignatureRequestedSchema,
  type ReportedToOpsSchema,
  type SolutionCarriedOutSchema,
  type SolutionOfferedSchema,
  type WitnessesRecordedSchema,
} from './events';

type Intake = z.output<typeof ComplaintReceivedSchema>;

/** What a retail / mall complaint case knows: the intake, who owns it, then each step as recorded (by, role, at). */
export interface ComplaintRetailContext {
  policy: CasePolicy;
  complaint: Intake;
  /** 门店规定 (二)1 首问负责制: the first person asked, who recorded the complaint and stays responsible for it. */
  owner: Actor;
  /** When the complaint was recorded (epoch ms): 艺博 二.3's three days count from it. */
  receivedAt: number;
  /** Every solution offered and every answer, oldest first: a refused solution is negotiated again (艺博 二.2). */
  solutions: Recorded<typeof SolutionOfferedSchema>[];
  answers: Recorded<typeof CustomerAnsweredSchema>[];
  /** When the customer accepted a solution (epoch ms), or null: the 3-day timer of 艺博 二.3 stops then. */
  acceptedAt: number | null;
  unreachable: Recorded<typeof CustomerUnreachableSchema>[];
  carriedOut: Recorded<typeof SolutionCarriedOutSchema> | null;
  closing: Recorded<typeof CaseClosedSchema> | null;
  major: Recorded<typeof MajorDeclaredSchema> | null;
  opsReport: Recorded<typeof ReportedToOpsSchema> | null;
  /** 门店规定 (二)2: each request of the market regulator and 营运部's decision on it; one may be pending. */
  regulatorRequests: Recorded<typeof RegulatorSignatureRequestedSchema>[];
  regulatorDecisions: Recorded<typeof RegulatorSignatureDecidedSchema>[];
  injuryDecision: Recorded<typeof InjuryDecidedSchema> | null;
  witnesses: Recorded<typeof WitnessesRecordedSchema> | null;
  insurer: Recorded<typeof InsurerNotifiedSchema> | null;
  accidentReport: Recorded<typeof AccidentReportFiledSchema> | null;
  media: Recorded<typeof MediaEnquiryReceivedSchema>[];
}

type ComplaintRetailEvent = StepEventsOf<typeof events>;

const escalate = (timer: string) => ({ actions: { type: 'escalate' as const, params: { timer } } });
const inform = (role: string, about: string) => ({ type: 'inform' as const, params: { role, about } });

/** 门店规定 (二)1: the first person asked, or the duty manager / store manager who must take the complaint on. */
/**
 * The customer's answer, awaited or coming back after silence: accepted → carry it out (and 艺博 二.3's 3 days are met:
 * settled with the customer); refused → a new solution is negotiated (艺博 二.2).
 */
const answered = [
  {
    guard: 'answerAccepted',
    target: 'carryingOut',
    actions: ['recordAnswer', 'recordAcceptance', { type: 'deadlineMet', params: { timer: 'settle' } }],
  },
  { guard: 'answerRefused', target: 'resolving', actions: 'recordAnswer' },
] as const;

const ownerOrManager = (context: ComplaintRetailContext, actor: Actor): boolean =>
  actor.id === context.owner.id || (managerRoles as readonly string[]).includes(actor.role);

/** Nothing else of the case is still open: injury steps (艺博 三), 营运部's report and a regulator approval (门店规定 (二)2). */
const nothingPending = (c: ComplaintRetailContext): boolean =>
  (c.complaint.injury === 'no' || (!!c.injuryDecision && !!c.witnesses && !!c.insurer && !!c.accidentReport)) &&
  (c.major === null || c.opsReport !== null) &&
  c.regulatorRequests.length === c.regulatorDecisions.length;

/**
 * Customer complaint of a retail store or a mall (门店规定 + 艺博): the first person asked owns it (首问负责制) with the
 * duty manager; a solution is offered, the customer's answer awaited (with a branch when they never answer), the
 * accepted solution carried out and its result reviewed. Beside the main line: a major complaint goes to the store
 * manager and is reported to 营运部; nothing is signed at the market regulator without 营运部's approval; a large claim
 * or a complaint not settled within 3 days goes to senior management — that timer stops once the customer accepts; an
 * injury runs the duty manager's decision, witnesses, the insurer and the accident report.
 */
export const complaintRetailMachine = setup({
  types: {
    context: {} as ComplaintRetailContext,
    events: {} as ComplaintRetailEvent,
    input: {} as CaseMachineInput<Intake>,
  },
  actions: {
    ...engineActions,
    recordAnswer: assign({
      answers: ({ context, event }) => [
        ...context.answers,
        recorded(event as Extract<ComplaintRetailEvent, { type: 'customer_answered' }>),
      ],
    }),
    recordAcceptance: assign({ acceptedAt: ({ event }) => (event as { at: number }).at }),
  },
  guards: {
    // 门店规定 (二)1 首问负责制: the first person asked stays responsible; the duty manager must handle it too.
    byOwnerOrManager: ({ context, event }) => ownerOrManager(context, event.actor),
    answerAccepted: dataGuard(
      ({ context, event }) =>
        event.type === 'customer_answered' && event.data.answer === 'accepted' && ownerOrManager(context, event.actor),
    ),
    answerRefused: dataGuard(
      ({ context, event }) =>
        event.type === 'customer_answered' && event.data.answer === 'refused' && ownerOrManager(context, event.actor),
    ),
    // 门店规定 (四) 结果检讨, with nothing of the injury, 营运部 or the regulator left open.
    closesSettled: dataGuard(
      ({ context, event }) => event.type === 'case_closed' && event.data.basis === 'settled' && nothingPending(context),
    ),
    closesUnanswered: dataGuard(
      ({ context, event }) =>
        event.type === 'case_closed' && event.data.basis === 'no_answer' && nothingPending(context),
    ),
    // 艺博 二.3: a claim above the site's amount (the seed masks it: ***元) is a large complaint at once.
    claimOverThreshold: ({ context }) =>
      (context.complaint.amountClaimed ?? 0) > (context.policy.thresholds.largeClaim ?? Number.POSITIVE_INFINITY),
    customerAccepted: ({ context }) => context.acceptedAt !== null,
    hasInjury: ({ context }) => context.complaint.injury === 'yes',
    // 艺博 三.3: accompanying to hospital or advancing costs is reported to upper management.
    injurySupportGiven: dataGuard(
      ({ event }) =>
        event.type === 'injury_decided' && (event.data.accompany === 'yes' || event.data.advanceCosts === 'yes'),
    ),
  },
  delays: {
    solution: deadline<ComplaintRetailContext>('solution'), // 门店规定 (三)2 积极快速; 艺博 二.1 立即跟踪
    customer_answer: deadline<ComplaintRetailContext>('customer_answer'),
    no_answer: deadline<ComplaintRetailContext>('no_answer'),
    carry_out: deadline<ComplaintRetailContext>('carry_out'),
    // 艺博 二.3: three days from the complaint, not from any later step.
    settle: deadline<ComplaintRetailContext>('settle', (context) => context.receivedAt),
    ops_report: deadline<ComplaintRetailContext>('ops_report'), // 门店规定 (二)2 及时向营运部报备
    regulator_approval: deadline<ComplaintRetailContext>('regulator_approval'),
    injury_decision: deadline<ComplaintRetailContext>('injury_decision', (context) => context.receivedAt), // 艺博 三.1
  },
}).createMachine({
  id: 'complaint-retail',
  context: ({ input }) => ({
    policy: input.policy,
    complaint: input.data,
    owner: input.startedBy,
    receivedAt: input.startedAt,
    solutions: [],
    answers: [],
    acceptedAt: null,
    unreachable: [],
    carriedOut: null,
    closing: null,
    major: null,
    opsReport: null,
    regulatorRequests: [],
    regulatorDecisions: [],
    injuryDecision: null,
    witnesses: null,
    insurer: null,
    accidentReport: null,
    media: [],
  }),
  initial: 'open',
  states: {
    open: {
      type: 'parallel',
      // 门店规定 (二)1: 当班值班经理也必须无条件负责处理客诉 — the duty manager hears of every complaint.
      entry: [inform('duty_manager', 'complaint_received')],
      on: {
        // 艺博 三.6: a journalist is involved — management told at once; nobody else gives interviews.
        media_enquiry_received: {
          actions: [
            assign({ media: ({ context, event }) => [...context.media, recorded(event)] }),
            inform('executive', 'media_enquiry'),
          ],
        },
      },
      states: {
        handling: {
          initial: 'resolving',
          states: {
            // 门店规定 (五)1(3): a solution proposed; 艺博 二.1 lawful requests followed up at once, 二.2 negotiated.
            resolving: {
              after: { solution: escalate('solution') },
              on: {
                solution_offered: {
                  guard: 'byOwnerOrManager',
                  target: 'awaitingCustomer',
                  actions: assign({ solutions: ({ context, event }) => [...context.solutions, recorded(event)] }),
                },
              },
            },
            // 门店规定 (四) 提供解决方案: the customer's answer, with a deadline and a branch for no answer at all.
            awaitingCustomer: {
              after: { customer_answer: escalate('customer_answer') },
              on: {
                customer_answered: answered,
                customer_unreachable: {
                  guard: 'byOwnerOrManager',
                  target: 'noAnswer',
                  actions: assign({ unreachable: ({ context, event }) => [...context.unreachable, recorded(event)] }),
                },
              },
            },
            // The customer does not answer: the store manager closes it with a reason, unless the customer comes back.
            noAnswer: {
              entry: [inform('store_manager', 'customer_unreachable')],
              after: { no_answer: escalate('no_answer') },
              on: {
                // The customer comes back with an answer.
                customer_answered: answered,
                case_closed: {
                  guard: 'closesUnanswered',
                  target: '#complaint-retail.closed',
                  actions: assign({ closing: ({ event }) => recorded(event) }),
                },
              },
            },
            // 门店规定 (四) 执行解决方案.
            carryingOut: {
              after: { carry_out: escalate('carry_out') },
              on: {
                solution_carried_out: {
                  guard: 'byOwnerOrManager',
                  target: 'reviewing',
                  actions: assign({ carriedOut: ({ event }) => recorded(event) }),
                },
              },
            },
            // 门店规定 (四) 结果检讨, by the duty manager or the store manager.
            reviewing: {
              on: {
                case_closed: {
                  guard: 'closesSettled',
                  target: '#complaint-retail.closed',
                  actions: assign({ closing: ({ event }) => recorded(event) }),
                },
              },
            },
          },
        },
        // 艺博 二.3: a large complaint — a claim over the site's amount, or not settled after 3 days — goes to senior
        // management; the timer stops once the customer accepted a solution (the blended machine's bug).
        size: {
          initial: 'sizing',
          states: {
            sizing: {
              always: [
                { guard: 'claimOverThreshold', target: 'largeByClaim', actions: inform('executive', 'large_claim') },
                { target: 'watching' },
              ],
            },
            watching: {
              always: { guard: 'customerAccepted', target: 'settled' },
              after: { settle: escalate('settle') },
            },
            largeByClaim: {},
            settled: {},
          },
        },
        // 门店规定 (二)1–2: 情况重大异常 → the store manager, who reports it to 营运部 in time (及时报备).
        major: {
          initial: 'normal',
          states: {
            normal: {
              on: {
                major_declared: {
                  target: 'awaitingOpsReport',
                  actions: [
                    assign({ major: ({ event }) => recorded(event) }),
                    inform('store_manager', 'major_declared'),
                  ],
                },
              },
            },
            awaitingOpsReport: {
              after: { ops_report: escalate('ops_report') },
              on: {
                reported_to_ops: {
                  target: 'reported',
                  actions: [
                    assign({ opsReport: ({ event }) => recorded(event) }),
                    inform('ops_manager', 'reported_to_ops'),
                  ],
                },
              },
            },
            reported: {},
          },
        },
        // 门店规定 (二)2: 门店切不可随意在工商部门处立案签字 — never without 营运部's approval (艺博 三.6: 事先报批).
        regulator: {
          initial: 'noRequest',
          states: {
            noRequest: {
              on: {
                regulator_signature_requested: {
                  target: 'awaitingApproval',
                  actions: [
                    assign({
                      regulatorRequests: ({ context, event }) => [...context.regulatorRequests, recorded(event)],
                    }),
                    inform('ops_manager', 'regulator_signature_requested'),
                  ],
                },
              },
            },
            awaitingApproval: {
              after: { regulator_approval: escalate('regulator_approval') },
              on: {
                regulator_signature_decided: {
                  target: 'noRequest',
                  actions: [
                    assign({
                      regulatorDecisions: ({ context, event }) => [...context.regulatorDecisions, recorded(event)],
                    }),
                    inform('store_manager', 'regulator_signature_decided'),
                  ],
                },
              },
            },
          },
        },
        // 艺博 三: the customer says they were hurt in the mall or by a product it sold.
        injury: {
          initial: 'checking',
          states: {
            checking: { always: [{ guard: 'hasInjury', target: 'inProgress' }, { target: 'none' }] },
            none: {},
            inProgress: {
              type: 'parallel',
              // 三.1 the duty manager and the departments concerned at once; 三.5 风险防控部 to the scene.
              entry: [inform('duty_manager', 'injury_reported'), inform('lp_supervisor', 'injury_reported')],
              states: {
                // 三.1: the duty manager decides on accompanying and advancing costs; 三.3 management and finance.
                decision: {
                  initial: 'awaiting',
                  states: {
                    awaiting: {
                      after: { injury_decision: escalate('injury_decision') },
                      on: {
                        injury_decided: [
                          {
                            guard: 'injurySupportGiven',
                            target: 'decided',
                            actions: [
                              assign({ injuryDecision: ({ event }) => recorded(event) }),
                              inform('executive', 'injury_support_decided'),
                            ],
                          },
                          { target: 'decided', actions: assign({ injuryDecision: ({ event }) => recorded(event) }) },
                        ],
                      },
                    },
                    decided: { type: 'final' },
                  },
                },
                // 三.2: witnesses kept, their phone, a written statement if possible.
                witnesses: {
                  initial: 'awaiting',
                  states: {
                    awaiting: {
                      on: {
                        witnesses_recorded: {
                          target: 'recorded',
                          actions: assign({ witnesses: ({ event }) => recorded(event) }),
                        },
                      },
                    },
                    recorded: { type: 'final' },
                  },
                },
                // 三.4: the insurer told, its written opinion asked for.
                insurer: {
                  initial: 'awaiting',
                  states: {
                    awaiting: {
                      on: {
                        insurer_notified: {
                          target: 'notified',
                          actions: assign({ insurer: ({ event }) => recorded(event) }),
                        },
                      },
                    },
                    notified: { type: 'final' },
                  },
                },
                // 三.5: 风险防控部 keeps the scene, collects evidence and writes the accident report.
                scene: {
                  initial: 'awaiting',
                  states: {
                    awaiting: {
                      on: {
                        accident_report_filed: {
                          target: 'reported',
                          actions: assign({ accidentReport: ({ event }) => recorded(event) }),
                        },
                      },
                    },
                    reported: { type: 'final' },
                  },
                },
              },
            },
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});
