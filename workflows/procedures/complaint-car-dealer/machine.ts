import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  deadline,
  engineActions,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import type {
  CaseClosedSchema,
  ComplaintReceivedSchema,
  CustomerUnreachableSchema,
  events,
  FormFilledSchema,
  GmDecidedSchema,
  ResponsibilitySettledSchema,
  ReviewConcludedSchema,
} from './events';

/** What a car dealer's complaint case knows: the intake, then each step as recorded (data, by, role, at). */
export interface ComplaintCarDealerContext {
  policy: CasePolicy;
  complaint: z.infer<typeof ComplaintReceivedSchema>;
  /** When the 《客户信息反馈处理单》 was filled in (epoch ms): the 24 h and 48 h of 二.2.1) count from it. */
  formFiledAt: number | null;
  form: Recorded<typeof FormFilledSchema> | null;
  unreachable: Recorded<typeof CustomerUnreachableSchema> | null;
  responsibility: Recorded<typeof ResponsibilitySettledSchema> | null;
  review: Recorded<typeof ReviewConcludedSchema> | null;
  decision: Recorded<typeof GmDecidedSchema> | null;
  closing: Recorded<typeof CaseClosedSchema> | null;
}

type ComplaintCarDealerEvent = StepEventsOf<typeof events>;

const escalate = (timer: string) => ({ actions: { type: 'escalate' as const, params: { timer } } });

/**
 * Car dealer after-sales complaint (seed 汽车售后客户投诉处理流程和技巧 二): reported within 1 h, responsibility settled
 * within 24 h of the form (48 h when the customer cannot be reached), 管理部's review within 4 h and the case closed
 * within 8 h of the form reaching 管理部. All in clock hours: the seed counts hours (小时), not working time.
 */
export const complaintCarDealerMachine = setup({
  types: {
    context: {} as ComplaintCarDealerContext,
    events: {} as ComplaintCarDealerEvent,
    input: {} as CaseMachineInput<z.infer<typeof ComplaintReceivedSchema>>,
  },
  actions: { ...engineActions },
  delays: {
    report: deadline<ComplaintCarDealerContext>('report'),
    responsibility: deadline<ComplaintCarDealerContext>('responsibility'),
    // 二.2.1): the 48 hours count from the form, like the 24 — not from the moment the customer was found unreachable.
    responsibility_unreachable: deadline<ComplaintCarDealerContext>(
      'responsibility_unreachable',
      (context) => context.formFiledAt!,
    ),
    review: deadline<ComplaintCarDealerContext>('review'),
    closing: deadline<ComplaintCarDealerContext>('closing'),
  },
}).createMachine({
  id: 'complaint-car-dealer',
  context: ({ input }) => ({
    policy: input.policy,
    complaint: input.data,
    formFiledAt: null,
    form: null,
    unreachable: null,
    responsibility: null,
    review: null,
    decision: null,
    closing: null,
  }),
  initial: 'awaitingReport',
  states: {
    // 二.1: reported to the customer manager or service centre within 1 hour, who fill in the form at once (二.2).
    awaitingReport: {
      after: { report: escalate('report') },
      on: {
        form_filled: {
          target: 'settling',
          actions: assign({ form: ({ event }) => recorded(event), formFiledAt: ({ event }) => event.at }),
        },
      },
    },
    // 二.2.1): the customer manager settles responsibility with the department within 24 hours of the form.
    settling: {
      initial: 'reachable',
      states: {
        reachable: {
          after: { responsibility: escalate('responsibility') },
          // 二.2.1): "24小时内没有联系上的客户" — the branch to 48 hours.
          on: {
            customer_unreachable: {
              target: 'unreachable',
              actions: assign({ unreachable: ({ event }) => recorded(event) }),
            },
          },
        },
        // 二.2.1): "客户经理应在48小时完成上述工作".
        unreachable: { after: { responsibility_unreachable: escalate('responsibility_unreachable') } },
      },
      on: {
        responsibility_settled: {
          target: 'management',
          actions: [
            assign({ responsibility: ({ event }) => recorded(event) }),
            // 二.2.1): "将《客户信息反馈处理单》转给管理部".
            { type: 'inform', params: { role: 'admin_dept', about: 'responsibility_settled' } },
          ],
        },
      },
    },
    // 二.2.3): 管理部 closes within 8 hours of receiving the form (二.2.2) "在接到…处理单后").
    management: {
      after: { closing: escalate('closing') },
      initial: 'reviewing',
      states: {
        // 二.2.2): review within 4 hours and report the result to the general manager in charge.
        reviewing: {
          after: { review: escalate('review') },
          on: {
            review_concluded: {
              target: 'awaitingDecision',
              actions: [
                assign({ review: ({ event }) => recorded(event) }),
                { type: 'inform', params: { role: 'gm', about: 'review_concluded' } },
              ],
            },
          },
        },
        // 二.2.2): the general manager's decision goes back to the customer manager and the departments.
        awaitingDecision: {
          on: {
            gm_decided: {
              target: 'concluding',
              actions: [
                assign({ decision: ({ event }) => recorded(event) }),
                { type: 'inform', params: { role: 'customer_manager', about: 'gm_decided' } },
                { type: 'inform', params: { role: 'admin_dept', about: 'gm_decided' } },
              ],
            },
          },
        },
        // 二.2.3): accountability, the fault talked through, the final form to the service centre.
        concluding: {
          on: {
            case_closed: {
              target: '#complaint-car-dealer.closed',
              actions: [
                assign({ closing: ({ event }) => recorded(event) }),
                { type: 'inform', params: { role: 'cs_agent', about: 'case_closed' } },
              ],
            },
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});
