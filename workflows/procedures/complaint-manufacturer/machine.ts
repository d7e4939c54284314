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
import type { CaseClosedSchema, CaseOpenedSchema, ResponseRecordedSchema, events } from './events';

export interface ComplaintManufacturerContext {
  policy: CasePolicy;
  description: string;
  /** Each step as recorded: its data, who did it (by, role) and when (at, epoch ms). */
  response: Recorded<typeof ResponseRecordedSchema> | null;
  closing: Recorded<typeof CaseClosedSchema> | null;
}

// One member per step of events.ts, with the data its schema outputs: the schemas are the one source.
type ComplaintManufacturerEvent = StepEventsOf<typeof events>;

/** Customer complaint (manufacturer / sales company): a response within the `response` deadline, then the closing report within `closing`. */
export const complaintManufacturerMachine = setup({
  types: {
    context: {} as ComplaintManufacturerContext,
    events: {} as ComplaintManufacturerEvent,
    input: {} as CaseMachineInput<z.infer<typeof CaseOpenedSchema>>,
  },
  actions: { ...engineActions },
  // Deadlines are named delays read from the case's policy; the engine turns them into Temporal timers.
  delays: {
    response: deadline<ComplaintManufacturerContext>('response'),
    closing: deadline<ComplaintManufacturerContext>('closing'),
  },
}).createMachine({
  id: 'complaint-manufacturer',
  context: ({ input }) => ({
    policy: input.policy,
    description: input.data.description,
    response: null,
    closing: null,
  }),
  initial: 'awaitingResponse',
  states: {
    awaitingResponse: {
      after: { response: { actions: { type: 'escalate', params: { timer: 'response' } } } },
      on: {
        response_recorded: {
          target: 'closing',
          actions: [
            assign({ response: ({ event }) => recorded(event) }),
            { type: 'inform', params: { role: 'security_captain', about: 'response_recorded' } },
          ],
        },
      },
    },
    closing: {
      after: { closing: { actions: { type: 'escalate', params: { timer: 'closing' } } } },
      on: {
        case_closed: { target: 'closed', actions: assign({ closing: ({ event }) => recorded(event) }) },
      },
    },
    closed: { type: 'final' },
  },
});
