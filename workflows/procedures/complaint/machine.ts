/**
 * Longer than 300 lines on purpose: this is the complaint's state chart, kept whole so that its flow reads top to
 * bottom in one place, as the seed's procedure does. What it names lives beside it: context.ts (what a case keeps),
 * rules.ts and dates.ts (pure rule helpers), guards.ts (guards and deadlines), actions.ts (what each step records).
 */
import { withNotices } from './actions';
import { escalate, followUpMet, followUpRounds, followUpRouting, inform, repairRegion, repeatsRegion } from './regions';

export type { ComplaintContext, FollowUpCall, Penalty, Proposal } from './context';

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

const largeWatchMet = { type: 'deadlineMet', params: { timer: 'large_complaint' } } as const;

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
        repair: repairRegion,
        // 规则 3 and 6: customer service calls every day until the case closes, unless the customer said no.
        followUp: {
          initial: 'routing',
          states: {
            ...followUpRouting,
            calling: {
              after: followUpRounds,
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
        repeats: repeatsRegion,
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
