import { z } from 'zod';
import {
  ActorSchema,
  AddendumSchema,
  AllowedEventSchema,
  CaseViewSchema,
  EscalationSchema,
  OpenTimerSchema,
  StepRecordSchema,
} from '../../workflows/engine';
import { json, keyed422, named, problem, problems, signedIn, type PathConfig } from '../openapi/tools';
import { CaseListSchema, CaseSummarySchema, InboxItemSchema, InboxSchema, ListCasesQuerySchema } from './list-schemas';
import {
  CaseIdParamsSchema,
  CaseViewForMeSchema,
  CreateCaseSchema,
  AddendumBodySchema,
  EscalationAckParamsSchema,
  IdempotencyKeySchema,
  StepBodySchema,
} from './schemas';

const caseViewParts = {
  allowedEvents: z.array(named('AllowedEvent', AllowedEventSchema)),
  timers: z.array(named('OpenTimer', OpenTimerSchema)),
  escalations: z.array(named('Escalation', EscalationSchema)),
  history: z.array(named('StepRecord', StepRecordSchema)),
  addenda: z
    .array(named('Addendum', AddendumSchema))
    .optional()
    .describe('Facts added after the case closed (from its records), oldest first; absent when none'),
};
export const CaseViewForMe = named('CaseViewForMe', CaseViewForMeSchema.extend(caseViewParts));

/** Components answered by no route as such: the workflow's own view (which CaseViewForMe extends) and who took a step. */
export const caseComponents = [named('CaseView', CaseViewSchema.extend(caseViewParts)), named('Actor', ActorSchema)];

const idempotencyKey = z.object({
  'Idempotency-Key': IdempotencyKeySchema.describe(
    'Makes a retry safe. A key names one request of the signed-in user (keys of different users never meet): ' +
      'sent again with the same request (same body, event, data, role; for an acknowledgement the same escalation) ' +
      'it gets the first answer and is applied once — also after the case continued as new or a worker restarted, ' +
      'for at least 24 hours (a case keeps its 500 most recent keys); a case opened with a key is never opened ' +
      'again, even after it closed. Sent with a different request it is refused with 422 ' +
      '`urn:problem:idempotency-key-reused` and nothing is done. A step refused (403/409/422) is not remembered, ' +
      'so its key may be retried.',
  ),
});

const location = {
  Location: { description: 'Where the case can be read: /api/cases/{id}', schema: { type: 'string' as const } },
};

/**
 * The case routes, as the OpenAPI document describes them: opening, listing, reading, stepping and acknowledging
 * (api/cases/router.ts and list-router.ts serve them). The inbox is `inboxPaths`.
 */
export const casePaths: PathConfig[] = [
  {
    method: 'post',
    path: '/cases',
    operationId: 'openCase',
    tags: ['cases'],
    summary: 'Open a case',
    description:
      'Starts a case of a procedure at a site; its deadlines start running. `data` is checked by the procedure.',
    security: signedIn,
    request: {
      headers: idempotencyKey,
      body: { required: true, content: json(named('CreateCase', CreateCaseSchema)) },
    },
    responses: {
      201: { description: 'Opened', headers: location, content: json(CaseViewForMe) },
      200: {
        description: 'Already opened with this Idempotency-Key and the same request: the same case, open or closed',
        headers: location,
        content: json(CaseViewForMe),
      },
      ...problems(400, 401, 403, 413, 422, 503),
      ...keyed422,
    },
  },
  {
    method: 'get',
    path: '/cases',
    operationId: 'listCases',
    tags: ['cases'],
    summary: 'List cases',
    description: 'Cases at the caller’s sites that the caller may see, newest change first, a page at a time.',
    security: signedIn,
    request: { query: ListCasesQuerySchema },
    responses: {
      200: {
        description: 'A page of cases',
        content: json(
          named('CaseList', CaseListSchema.extend({ cases: z.array(named('CaseSummary', CaseSummarySchema)) })),
        ),
      },
      ...problems(401, 422, 503),
      404: problem('No page at this cursor: not a nextCursor this list handed out'),
    },
  },
  {
    method: 'get',
    path: '/cases/{id}',
    operationId: 'getCase',
    tags: ['cases'],
    summary: 'A case',
    description:
      'State, context, the events allowed (and allowed for me), open timers with due times, escalations, history.',
    security: signedIn,
    request: { params: CaseIdParamsSchema },
    responses: {
      200: { description: 'The case', content: json(CaseViewForMe) },
      ...problems(401, 404, 422, 503),
    },
  },
  {
    method: 'post',
    path: '/cases/{id}/events',
    operationId: 'sendEvent',
    tags: ['cases'],
    summary: 'Take a step',
    description:
      'Sends an event with its data. The case checks that the event is allowed now (409), that the data passes the ' +
      'event’s schema (422) and that the role may send it (403); a rejected step changes nothing. ' +
      'A step that names a staff member by user id (e.g. store theft’s female staff present, 偷盗 5.1.3 4)) is checked ' +
      'against the site’s staff records first: someone not on them at the case’s site, or not of the gender the ' +
      'procedure asks, is refused with 422 `urn:problem:staff-not-qualified`, and the name and gender recorded are ' +
      'the records’. With an Idempotency-Key a retry is applied once and gets the first answer (after the case continued as new: ' +
      'the case as it is now); the same key with another event, data or role is refused with 422.',
    security: signedIn,
    request: {
      params: CaseIdParamsSchema,
      headers: idempotencyKey,
      body: { required: true, content: json(named('StepBody', StepBodySchema)) },
    },
    responses: {
      200: {
        description: 'The case after the step (or, for a repeat, the first answer)',
        content: json(CaseViewForMe),
      },
      ...problems(400, 401, 403, 404, 409, 413, 422, 503),
      ...keyed422,
    },
  },
  {
    method: 'post',
    path: '/cases/{id}/addenda',
    operationId: 'addFactAfterClose',
    tags: ['cases'],
    summary: 'Add a fact to a closed case',
    description:
      'Adds a fact the case’s procedure lets a closed case be given (e.g. `police_case_number_added`: the police ' +
      'case number, which officers rarely give at the door) as an entry appended to the case’s records: who, when, ' +
      'what; nothing recorded changes. Works whether Temporal still keeps the case’s workflow or retention deleted ' +
      'it. The procedure says which roles may add it (403) and when the case refuses it (409 ' +
      '`urn:problem:late-fact-refused`, e.g. the police were never involved, or a number is already recorded); an ' +
      'open case is refused with 409 `urn:problem:case-open` (its step records the fact); bad data 422. The ' +
      'addition shows in the case’s `addenda`, its timeline, its PDF documents and its export.',
    security: signedIn,
    request: {
      params: CaseIdParamsSchema,
      body: { required: true, content: json(named('AddendumBody', AddendumBodySchema)) },
    },
    responses: {
      201: { description: 'The case with the fact added', content: json(CaseViewForMe) },
      ...problems(400, 401, 403, 404, 409, 422, 503),
    },
  },
  {
    method: 'post',
    path: '/cases/{id}/escalations/{n}/ack',
    operationId: 'acknowledgeEscalation',
    tags: ['cases'],
    summary: 'Acknowledge an escalation',
    description:
      'The role an escalation went to confirms it has seen it. With an Idempotency-Key a retry is answered, not ' +
      'refused as already acknowledged; the same key for another escalation is refused with 422.',
    security: signedIn,
    request: { params: EscalationAckParamsSchema, headers: idempotencyKey },
    responses: {
      200: { description: 'The case with the escalation acknowledged', content: json(CaseViewForMe) },
      ...problems(401, 403, 404, 409, 422, 503),
      ...keyed422,
    },
  },
];

/** GET /inbox, as the OpenAPI document describes it (api/cases/list-router.ts serves it). */
export const inboxPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/inbox',
    operationId: 'getInbox',
    tags: ['cases'],
    summary: 'My inbox',
    description: 'Open cases waiting for a step one of my roles may take, most urgent first, overdue marked.',
    security: signedIn,
    responses: {
      200: {
        description: 'Waiting steps',
        content: json(named('Inbox', InboxSchema.extend({ items: z.array(named('InboxItem', InboxItemSchema)) }))),
      },
      ...problems(401, 503),
    },
  },
];
