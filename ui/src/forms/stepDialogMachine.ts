import { assign, fromPromise, setup } from 'xstate';
import {
  cleaned,
  initialValue,
  validate,
  withConstants,
  type FieldError,
  type FormValue,
  type JsonSchema,
} from './schema';

export interface StepDialogContext {
  eventType: string | null;
  schema: JsonSchema;
  data: FormValue;
  errors: Record<string, FieldError | string>;
  /** Checks run live once the user has tried to send. */
  submitted: boolean;
  failure: string | null;
  /** One key per opened dialog: a retried send is applied once. */
  idempotencyKey: string;
}

export type StepDialogEvent =
  | { type: 'OPEN'; eventType: string; schema: JsonSchema; idempotencyKey: string }
  | { type: 'CHANGE'; data: FormValue }
  | { type: 'SUBMIT' }
  | { type: 'CANCEL' };

export interface SendInput {
  eventType: string;
  data: unknown;
  idempotencyKey: string;
}

/** What a refused send says: a message, and messages by field path when the API named them. */
export interface SendFailure {
  message: string;
  fields?: Record<string, FieldError | string>;
}

const isValid = (schema: JsonSchema, data: FormValue) => Object.keys(validate(schema, data)).length === 0;

/**
 * The step dialog: closed → editing → sending → closed, back to editing with the API's messages when refused. The
 * `send` actor is provided by the screen (it calls the API); the form's inline checks run here.
 */
export const stepDialogMachine = setup({
  types: {} as { context: StepDialogContext; events: StepDialogEvent },
  actors: {
    send: fromPromise<unknown, SendInput>(async () => {
      throw new Error('provide a send actor');
    }),
  },
  guards: {
    formIsValid: ({ context }) => isValid(context.schema, context.data),
  },
}).createMachine({
  id: 'stepDialog',
  initial: 'closed',
  context: { eventType: null, schema: {}, data: {}, errors: {}, submitted: false, failure: null, idempotencyKey: '' },
  states: {
    closed: {
      on: {
        OPEN: {
          target: 'editing',
          actions: assign(({ event }) => ({
            eventType: event.eventType,
            schema: event.schema,
            data: initialValue(event.schema),
            errors: {},
            submitted: false,
            failure: null,
            idempotencyKey: event.idempotencyKey,
          })),
        },
      },
    },
    editing: {
      on: {
        CHANGE: {
          actions: assign(({ context, event }) => ({
            data: event.data,
            errors: context.submitted ? validate(context.schema, event.data) : {},
          })),
        },
        SUBMIT: [
          { guard: 'formIsValid', target: 'sending', actions: assign({ errors: {}, failure: null }) },
          { actions: assign(({ context }) => ({ submitted: true, errors: validate(context.schema, context.data) })) },
        ],
        CANCEL: 'closed',
      },
    },
    sending: {
      invoke: {
        src: 'send',
        input: ({ context }) => ({
          eventType: context.eventType!,
          data: withConstants(context.schema, cleaned(context.data)),
          idempotencyKey: context.idempotencyKey,
        }),
        onDone: 'closed',
        onError: {
          target: 'editing',
          actions: assign(({ event }) => {
            const failure = event.error as SendFailure;
            return { failure: failure.message, errors: failure.fields ?? {}, submitted: true };
          }),
        },
      },
    },
  },
});
