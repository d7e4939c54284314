import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  eventOf,
  engineActions,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import type {
  ComplaintReceivedSchema,
  CorrectiveActionDecidedSchema,
  CorrectivePlanProposedSchema,
  CorrectivePlanReviewedSchema,
  CustomerRepliedSchema,
  CustomerVisitedSchema,
  HandlingFormApprovedSchema,
  HandlingFormIssuedSchema,
  HandlingFormSignedSchema,
  InterimCountermeasureGivenSchema,
  PermanentCountermeasureRepliedSchema,
  ReplyApprovedSchema,
  eventsV2,
} from './events';

type Intake = z.output<typeof ComplaintReceivedSchema>;

/** What a manufacturer / sales-company complaint case knows: the intake, then each step as recorded (by, role, at). */
export interface ComplaintManufacturerContext {
  policy: CasePolicy;
  /** When the complaint was received (epoch ms): the 1-hour and 2-working-day deadlines count from it. */
  receivedAt: number;
  kind: Intake['kind'];
  severity: Intake['severity'];
  handlingForm: Recorded<typeof HandlingFormIssuedSchema> | null;
  formApproval: Recorded<typeof HandlingFormApprovedSchema> | null;
  qaSignature: Recorded<typeof HandlingFormSignedSchema> | null;
  visit: Recorded<typeof CustomerVisitedSchema> | null;
  /** Every plan proposed and every review, oldest first: a plan that fails review comes back (作业流程 5.3.3). */
  plans: Recorded<typeof CorrectivePlanProposedSchema>[];
  reviews: Recorded<typeof CorrectivePlanReviewedSchema>[];
  decisions: Recorded<typeof CorrectiveActionDecidedSchema>[];
  replyApproval: Recorded<typeof ReplyApprovedSchema> | null;
  reply: Recorded<typeof CustomerRepliedSchema> | null;
  /** Version 2, a major complaint only: QE's interim countermeasure (作业流程 5.3.1, within 8 working hours). */
  interim?: Recorded<typeof InterimCountermeasureGivenSchema> | null;
  /** Version 2, a major complaint only: QE's permanent countermeasure replies, oldest first (作业流程 5.3.1, 4.3). */
  permanentReplies?: Recorded<typeof PermanentCountermeasureRepliedSchema>[];
}

// Version 2's events include version 1's: one union serves the setup both versions share.
type ComplaintManufacturerEvent = StepEventsOf<typeof eventsV2>;

const fromReceipt = (context: ComplaintManufacturerContext): number => context.receivedAt;

// The setup both versions share: guards and delays a version does not use are never reached.
const complaintManufacturerSetup = setup({
  types: {
    context: {} as ComplaintManufacturerContext,
    events: {} as ComplaintManufacturerEvent,
    input: {} as CaseMachineInput<Intake>,
  },
  actions: { ...engineActions },
  guards: {
    // 程序 4.6: every product-quality complaint is reported to 管理者代表 and 总经理.
    productQuality: ({ context }) => context.kind === 'product_quality',
    // 作业流程 5.2.2: 部门主任 or above approves the form; a major complaint only 营销副总.
    mayApproveForm: ({ context, event }) => context.severity !== 'major' || event.actor.role === 'marketing_vp',
    planPassed: dataGuard(({ event }) => event.type === 'corrective_plan_reviewed' && event.data.verdict === 'passed'),
    actionApproved: dataGuard(
      ({ event }) => event.type === 'corrective_action_decided' && event.data.decision === 'approved',
    ),
    // 作业流程 5.3.1 (version 2): a major complaint has QE's interim and permanent countermeasure deadlines.
    majorComplaint: ({ context }) => context.severity === 'major',
    // 程序 4.6 and 作业流程 5.3.1 together: a major product-quality complaint (named, so the diagram can say it).
    majorQualityComplaint: ({ context }) => context.severity === 'major' && context.kind === 'product_quality',
  },
  delays: {
    handling_form: deadline<ComplaintManufacturerContext>('handling_form', fromReceipt), // 作业流程 5.2.2
    form_approval: deadline<ComplaintManufacturerContext>('form_approval', fromReceipt), // 作业流程 5.2.2
    qa_sign: deadline<ComplaintManufacturerContext>('qa_sign', fromReceipt), // 作业流程 5.2.2
    visit: deadline<ComplaintManufacturerContext>('visit', fromReceipt), // 程序 4.2
    qe_reply: deadline<ComplaintManufacturerContext>('qe_reply', fromReceipt), // 作业流程 5.3.1
    action_approval: deadline<ComplaintManufacturerContext>('action_approval'),
    reply_approval: deadline<ComplaintManufacturerContext>('reply_approval'),
    customer_reply: deadline<ComplaintManufacturerContext>('customer_reply'),
    // Version 2, 作业流程 5.3.1: a major complaint's interim (8 working hours) and permanent (2 working days)
    // countermeasures, both counted from the complaint.
    qe_interim: deadline<ComplaintManufacturerContext>('qe_interim', fromReceipt),
    qe_permanent: deadline<ComplaintManufacturerContext>('qe_permanent', fromReceipt),
  },
});

/**
 * Customer complaint of a manufacturer / sales company (作业流程 + 程序), per version: the 《客户投诉处理单》 issued,
 * approved and signed for by 品管部 within an hour of the complaint; the salesperson's visit within 2 working days;
 * QE's reply with the responsible department's corrective plan; 管理者代表 / 总经理 approve the corrective action;
 * 营销副总 approves the reply the salesperson gives the customer. Version 1 is what open v1 cases run and must never
 * change (its generated page and recorded histories fail the tests if it does). Version 2 gives a major complaint
 * 作业流程 5.3.1's own deadlines: QE's interim countermeasure within 8 working hours and the permanent one within 2
 * working days, as two QE steps; an ordinary complaint keeps the 3-working-day reply.
 */
function complaintManufacturerMachineOf(version: 1 | 2) {
  const v2 = version === 2;
  const signature = complaintManufacturerSetup.assign({
    qaSignature: ({ event }) => recorded(eventOf(event, 'handling_form_signed')),
  });
  // 作业流程 4.3: each decision on the corrective action, approved or sent back, is recorded.
  const decided = complaintManufacturerSetup.assign({
    decisions: ({ context, event }) => [...context.decisions, recorded(eventOf(event, 'corrective_action_decided'))],
  });
  // 品管部 signs for the form: 程序 4.6 reports a product-quality complaint to 管理者代表 and 总经理; `when` narrows it.
  const signedTo = (target: 'awaitingVisit' | 'awaitingInterimCountermeasure', when?: 'majorComplaint') => [
    {
      guard: when ? ('majorQualityComplaint' as const) : ('productQuality' as const),
      target,
      actions: [
        signature,
        { type: 'inform' as const, params: { role: 'management_rep', about: 'quality_complaint' } },
        { type: 'inform' as const, params: { role: 'gm', about: 'quality_complaint' } },
      ],
    },
    {
      ...(when ? { guard: when } : {}),
      target,
      actions: signature,
    },
  ];
  return complaintManufacturerSetup.createMachine({
    id: 'complaint-manufacturer',
    context: ({ input }) => ({
      policy: input.policy,
      receivedAt: input.startedAt,
      kind: input.data.kind,
      severity: input.data.severity,
      handlingForm: null,
      formApproval: null,
      qaSignature: null,
      visit: null,
      plans: [],
      reviews: [],
      decisions: [],
      replyApproval: null,
      reply: null,
      ...(v2 ? { interim: null, permanentReplies: [] } : {}),
    }),
    initial: 'issuingForm',
    states: {
      // 作业流程 5.2.2: the 《客户投诉处理单》 within 1 hour of the complaint; 5.1.1 营销部副总经理 told of every complaint.
      issuingForm: {
        entry: [{ type: 'inform', params: { role: 'marketing_vp', about: 'complaint_received' } }],
        after: { handling_form: { actions: { type: 'escalate', params: { timer: 'handling_form' } } } },
        on: {
          handling_form_issued: {
            target: 'awaitingFormApproval',
            actions: assign({ handlingForm: ({ event }) => recorded(event) }),
          },
        },
      },
      // 作业流程 5.2.2: 部门主任级以上 approve (重大投诉: 营销副总), within the same hour.
      awaitingFormApproval: {
        after: { form_approval: { actions: { type: 'escalate', params: { timer: 'form_approval' } } } },
        on: {
          handling_form_approved: {
            guard: 'mayApproveForm',
            target: 'awaitingQaSignature',
            actions: assign({ formApproval: ({ event }) => recorded(event) }),
          },
        },
      },
      // 作业流程 5.2.2: sent to 品管部, whose head signs for it, within the same hour.
      awaitingQaSignature: {
        after: { qa_sign: { actions: { type: 'escalate', params: { timer: 'qa_sign' } } } },
        on: {
          handling_form_signed: [
            // 作业流程 5.3.1 (version 2): a major complaint first gets QE's interim countermeasure.
            ...(v2 ? signedTo('awaitingInterimCountermeasure', 'majorComplaint') : []),
            ...signedTo('awaitingVisit'),
          ],
        },
      },
      ...(v2
        ? {
            // 作业流程 5.3.1 (version 2): for a major complaint QE proposes the interim countermeasure within 8 working
            // hours of the complaint, before the salesperson's visit and the root-cause analysis.
            awaitingInterimCountermeasure: complaintManufacturerSetup.createStateConfig({
              after: { qe_interim: { actions: { type: 'escalate', params: { timer: 'qe_interim' } } } },
              on: {
                interim_countermeasure_given: {
                  target: 'awaitingVisit',
                  actions: assign({ interim: ({ event }) => recorded(event) }),
                },
              },
            }),
            // 作业流程 5.3.1–5.3.4 (version 2): for a major complaint QE leads the analysis with the responsible
            // department and replies the permanent countermeasure within 2 working days of the complaint (counted from
            // receipt, so a countermeasure sent back by 管理者代表 / 总经理 does not restart it).
            awaitingPermanentCountermeasure: complaintManufacturerSetup.createStateConfig({
              after: { qe_permanent: { actions: { type: 'escalate', params: { timer: 'qe_permanent' } } } },
              on: {
                permanent_countermeasure_replied: {
                  target: 'awaitingActionApproval',
                  actions: assign({
                    permanentReplies: ({ context, event }) => [...(context.permanentReplies ?? []), recorded(event)],
                  }),
                },
              },
            }),
          }
        : {}),
      // 程序 4.2: the salesperson visits the customer within 2 working days of the complaint.
      awaitingVisit: {
        after: { visit: { actions: { type: 'escalate', params: { timer: 'visit' } } } },
        on: {
          customer_visited: v2
            ? [
                {
                  guard: 'majorComplaint',
                  target: 'awaitingPermanentCountermeasure',
                  actions: assign({ visit: ({ event }) => recorded(event) }),
                },
                { target: 'investigating', actions: assign({ visit: ({ event }) => recorded(event) }) },
              ]
            : { target: 'investigating', actions: assign({ visit: ({ event }) => recorded(event) }) },
        },
      },
      // 作业流程 5.3.1–5.3.3: QE finds the responsible department, which proposes the plan; QE replies within 3 working
      // days of the complaint (the deadline counts from receipt, so a plan sent back does not restart it).
      investigating: {
        after: { qe_reply: { actions: { type: 'escalate', params: { timer: 'qe_reply' } } } },
        on: {
          corrective_plan_proposed: {
            target: 'reviewingPlan',
            actions: assign({ plans: ({ context, event }) => [...context.plans, recorded(event)] }),
          },
        },
      },
      // 作业流程 5.3.3: QE's review is a first review only; a plan that fails goes back to the responsible department.
      reviewingPlan: {
        on: {
          corrective_plan_reviewed: [
            {
              guard: 'planPassed',
              target: 'awaitingActionApproval',
              actions: assign({ reviews: ({ context, event }) => [...context.reviews, recorded(event)] }),
            },
            {
              target: 'investigating',
              actions: assign({ reviews: ({ context, event }) => [...context.reviews, recorded(event)] }),
            },
          ],
        },
      },
      // 作业流程 4.3: 管理者代表 / 总经理 approve the corrective and preventive action (程序 4.6: 申报).
      awaitingActionApproval: {
        entry: [{ type: 'inform', params: { role: 'management_rep', about: 'corrective_action_to_approve' } }],
        after: { action_approval: { actions: { type: 'escalate', params: { timer: 'action_approval' } } } },
        on: {
          corrective_action_decided: [
            { guard: 'actionApproved', target: 'awaitingReplyApproval', actions: decided },
            // 作业流程 5.3.1 (version 2): a major complaint's countermeasure goes back to QE.
            ...(v2
              ? [{ guard: 'majorComplaint' as const, target: 'awaitingPermanentCountermeasure', actions: decided }]
              : []),
            { target: 'investigating', actions: decided },
          ],
        },
      },
      // 程序 4.5: 营销副总 approves the reply to the customer.
      awaitingReplyApproval: {
        entry: [{ type: 'inform', params: { role: 'marketing_vp', about: 'reply_to_approve' } }],
        after: { reply_approval: { actions: { type: 'escalate', params: { timer: 'reply_approval' } } } },
        on: {
          reply_approved: {
            target: 'replyingToCustomer',
            actions: assign({ replyApproval: ({ event }) => recorded(event) }),
          },
        },
      },
      // 程序 4.1: the salesperson gives the approved reply and explains it.
      replyingToCustomer: {
        after: { customer_reply: { actions: { type: 'escalate', params: { timer: 'customer_reply' } } } },
        on: {
          customer_replied: { target: 'closed', actions: assign({ reply: ({ event }) => recorded(event) }) },
        },
      },
      closed: { type: 'final' },
    },
  });
}

/** Version 1: one 3-working-day QE reply for every complaint (作业流程 5.3.1's ordinary complaint). */
export const complaintManufacturerMachine = complaintManufacturerMachineOf(1);
/** Version 2: a major complaint's interim (8 working hours) and permanent (2 working days) countermeasures. */
export const complaintManufacturerMachineV2 = complaintManufacturerMachineOf(2);
