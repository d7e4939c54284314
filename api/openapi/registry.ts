import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ActorSchema,
  AllowedEventSchema,
  CaseViewSchema,
  EscalationSchema,
  OpenTimerSchema,
  StepRecordSchema,
  RungSchema,
} from '../../workflows/engine';
import { LoginResultSchema, LoginSchema, SessionUserSchema } from '../auth/router';
import {
  CaseListSchema,
  CaseSummarySchema,
  InboxItemSchema,
  InboxSchema,
  ListCasesQuerySchema,
} from '../cases/list-schemas';
import { CaseIdParamsSchema, CreateCaseSchema, IdempotencyKeySchema, StepBodySchema } from '../cases/schemas';
import {
  AuditEntrySchema,
  CaseDocumentParamsSchema,
  CaseDocumentQuerySchema,
  CaseExportSchema,
} from '../documents/schemas';
import { AlarmPanelEventSchema, AlarmPanelResultSchema } from '../hooks/schemas';
import {
  ProcedureDetailSchema,
  ProcedureEventSchema,
  ProcedureListSchema,
  ProcedureParamsSchema,
  ProcedureQuerySchema,
  ProcedureStateSchema,
  ProcedureSummarySchema,
  ProcedureTimerSchema,
} from '../procedures/schemas';
import {
  LedgerReportQuerySchema,
  LedgerReportSchema,
  OverdueReportQuerySchema,
  OverdueReportSchema,
} from '../reports/schemas';
import { MonthlyReportQuerySchema, MonthlyReportSchema } from '../reports/monthly';
import { MySitesSchema } from '../sites/router';
import { attachmentRoutes, registerAttachmentRoutes } from '../attachments/openapi';
import { ProblemSchema, problemDescriptions, type ProblemStatus } from './problem';
import {
  AlarmPanelHeadersSchema,
  CaseViewForMeSchema,
  EscalationAckParamsSchema,
  HealthSchema,
  StreamHeadersSchema,
  StreamQuerySchema,
} from './route-schemas';

type Method = 'get' | 'post';

/** Every route of the API (paths relative to /api, OpenAPI style); the document must describe each one. */
export const documentedRoutes: readonly { method: Method; path: string }[] = [
  { method: 'post', path: '/auth/login' },
  { method: 'post', path: '/auth/refresh' },
  { method: 'get', path: '/procedures' },
  { method: 'get', path: '/procedures/{id}' },
  { method: 'post', path: '/cases' },
  { method: 'get', path: '/cases' },
  { method: 'get', path: '/cases/{id}' },
  { method: 'post', path: '/cases/{id}/events' },
  { method: 'post', path: '/cases/{id}/escalations/{n}/ack' },
  { method: 'get', path: '/cases/{id}/documents/{document}' },
  { method: 'get', path: '/cases/{id}/export' },
  { method: 'get', path: '/inbox' },
  { method: 'get', path: '/stream' },
  { method: 'post', path: '/hooks/alarm-panel' },
  { method: 'get', path: '/reports/overdue' },
  { method: 'get', path: '/reports/ledger' },
  { method: 'get', path: '/reports/monthly' },
  { method: 'get', path: '/sites' },
  { method: 'get', path: '/healthz' },
  { method: 'get', path: '/openapi.json' },
  { method: 'get', path: '/docs' },
  ...attachmentRoutes,
];

/** The registry the document is generated from: the same zod schemas the routes validate with. */
export const registry = new OpenAPIRegistry();

const bearerAuth = registry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'The token from POST /auth/login',
});
const signedIn = [{ [bearerAuth.name]: [] }];

/**
 * A component named `name`: the same schema the route validates with, carrying zod's own `id` metadata (a copy, so
 * the app's schema is untouched). Where a named schema sits inside another, the outer one is extended with it, so
 * the document refers to it instead of repeating it.
 */
const named = <T extends z.ZodType>(name: string, schema: T): T => schema.meta({ id: name }) as T;

const Problem = named('Problem', ProblemSchema);
const Login = named('Login', LoginSchema);
const LoginResult = named('LoginResult', LoginResultSchema.extend({ user: named('SessionUser', SessionUserSchema) }));
const ProcedureSummary = named('ProcedureSummary', ProcedureSummarySchema);
const ProcedureList = named('ProcedureList', ProcedureListSchema.extend({ procedures: z.array(ProcedureSummary) }));
const Rung = named('Rung', RungSchema);
const ProcedureDetail = named(
  'ProcedureDetail',
  ProcedureDetailSchema.extend({
    states: z.array(named('ProcedureState', ProcedureStateSchema)),
    events: z.array(named('ProcedureEvent', ProcedureEventSchema)),
    timers: z.array(named('ProcedureTimer', ProcedureTimerSchema.extend({ ladder: z.array(Rung) }))),
  }),
);
const CreateCase = named('CreateCase', CreateCaseSchema);
const StepBody = named('StepBody', StepBodySchema);
const caseViewParts = {
  allowedEvents: z.array(named('AllowedEvent', AllowedEventSchema)),
  timers: z.array(named('OpenTimer', OpenTimerSchema)),
  escalations: z.array(named('Escalation', EscalationSchema)),
  history: z.array(named('StepRecord', StepRecordSchema)),
};
const CaseViewForMe = named('CaseViewForMe', CaseViewForMeSchema.extend(caseViewParts));
const CaseSummary = named('CaseSummary', CaseSummarySchema);
const CaseList = named('CaseList', CaseListSchema.extend({ cases: z.array(CaseSummary) }));
const Inbox = named('Inbox', InboxSchema.extend({ items: z.array(named('InboxItem', InboxItemSchema)) }));
const AlarmPanelEvent = named('AlarmPanelEvent', AlarmPanelEventSchema);
const AlarmPanelResult = named('AlarmPanelResult', AlarmPanelResultSchema);
const OverdueReport = named('OverdueReport', OverdueReportSchema);
const LedgerReport = named('LedgerReport', LedgerReportSchema);
// Answered by no route as such, but the workflow's own view (which CaseViewForMe extends) and who took a step.
const otherComponents = [named('CaseView', CaseViewSchema.extend(caseViewParts)), named('Actor', ActorSchema)].map(
  (schema) => ({ type: 'schema' as const, schema }),
);

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** problem+json responses for the given statuses. */
function problems(...statuses: ProblemStatus[]): Record<number, ResponseConfig> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: problemDescriptions[status], content: { 'application/problem+json': { schema: Problem } } },
    ]),
  );
}

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

/** The 422 of a route that takes Idempotency-Key: bad data, or a key already used for another request. */
const keyed422: Record<number, ResponseConfig> = {
  422: {
    description:
      `${problemDescriptions[422]}; or (type urn:problem:idempotency-key-reused) the Idempotency-Key was already ` +
      'used by this caller for a different request, and nothing was done',
    content: { 'application/problem+json': { schema: Problem } },
  },
};

const location = {
  Location: { description: 'Where the case can be read: /api/cases/{id}', schema: { type: 'string' as const } },
};

const route = (config: Parameters<OpenAPIRegistry['registerPath']>[0]) => registry.registerPath(config);

route({
  method: 'post',
  path: '/auth/login',
  operationId: 'login',
  tags: ['auth'],
  summary: 'Sign in',
  description: 'Exchanges a username and password for a JWT and the user’s roles per site. At most 20 tries a minute.',
  security: [],
  request: { body: { required: true, content: json(Login) } },
  responses: {
    200: { description: 'Signed in', content: json(LoginResult) },
    ...problems(400, 401, 422, 429),
  },
});

route({
  method: 'post',
  path: '/auth/refresh',
  operationId: 'refreshToken',
  tags: ['auth'],
  summary: 'Renew a token',
  description:
    'Exchanges a valid token for a new one that expires a full lifetime (12 h) from now, with the user’s roles as ' +
    'configured now. Clients renew shortly before expiry: the event stream ends when its token expires.',
  security: signedIn,
  responses: {
    200: { description: 'A new token', content: json(LoginResult) },
    ...problems(401, 429),
  },
});

route({
  method: 'get',
  path: '/procedures',
  operationId: 'listProcedures',
  tags: ['procedures'],
  summary: 'List the procedures',
  description: 'The newest version of each procedure, named in the caller’s language (Accept-Language: zh-CN or en).',
  security: signedIn,
  responses: {
    200: { description: 'The procedures', content: json(ProcedureList) },
    ...problems(401),
  },
});

route({
  method: 'get',
  path: '/procedures/{id}',
  operationId: 'getProcedure',
  tags: ['procedures'],
  summary: 'A procedure’s definition',
  description:
    'States with names and guidance, events with their JSON Schema, roles and labels, the intake schema, timers ' +
    'and escalation ladders of the default policy, a Mermaid diagram, and the i18n bundles of both languages.',
  security: signedIn,
  request: { params: ProcedureParamsSchema, query: ProcedureQuerySchema },
  responses: {
    200: { description: 'The definition', content: json(ProcedureDetail) },
    ...problems(401, 404, 422),
  },
});

route({
  method: 'post',
  path: '/cases',
  operationId: 'openCase',
  tags: ['cases'],
  summary: 'Open a case',
  description:
    'Starts a case of a procedure at a site; its deadlines start running. `data` is checked by the procedure.',
  security: signedIn,
  request: { headers: idempotencyKey, body: { required: true, content: json(CreateCase) } },
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
});

route({
  method: 'get',
  path: '/cases',
  operationId: 'listCases',
  tags: ['cases'],
  summary: 'List cases',
  description: 'Cases at the caller’s sites that the caller may see, newest change first, a page at a time.',
  security: signedIn,
  request: { query: ListCasesQuerySchema },
  responses: {
    200: { description: 'A page of cases', content: json(CaseList) },
    ...problems(401, 422, 503),
    404: {
      description: 'No page at this cursor: not a nextCursor this list handed out',
      content: { 'application/problem+json': { schema: Problem } },
    },
  },
});

route({
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
});

route({
  method: 'post',
  path: '/cases/{id}/events',
  operationId: 'sendEvent',
  tags: ['cases'],
  summary: 'Take a step',
  description:
    'Sends an event with its data. The case checks that the event is allowed now (409), that the data passes the ' +
    'event’s schema (422) and that the role may send it (403); a rejected step changes nothing. ' +
    'With an Idempotency-Key a retry is applied once and gets the first answer (after the case continued as new: ' +
    'the case as it is now); the same key with another event, data or role is refused with 422.',
  security: signedIn,
  request: { params: CaseIdParamsSchema, headers: idempotencyKey, body: { required: true, content: json(StepBody) } },
  responses: {
    200: { description: 'The case after the step (or, for a repeat, the first answer)', content: json(CaseViewForMe) },
    ...problems(400, 401, 403, 404, 409, 413, 422, 503),
    ...keyed422,
  },
});

route({
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
});

route({
  method: 'get',
  path: '/cases/{id}/documents/{document}',
  operationId: 'printCaseDocument',
  tags: ['cases'],
  summary: 'Print a document of a case',
  description:
    'A printable document of the case’s procedure as PDF, built from what the case recorded (perimeter-alarm: ' +
    'incident-report 事故报告, investigation-form 突发事件调查表). An open case prints as a draft. The case view ' +
    'lists its documents; a link may carry the token as access_token.',
  security: signedIn,
  request: { params: CaseDocumentParamsSchema, query: CaseDocumentQuerySchema },
  responses: {
    200: {
      description: 'The PDF',
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    },
    ...problems(401, 404, 422, 503),
  },
});

route({
  method: 'get',
  path: '/cases/{id}/export',
  operationId: 'exportCase',
  tags: ['cases'],
  summary: 'Export a case with its audit trail',
  description:
    'The case as GET /cases/{id} answers it, with its audit trail from the records database: every recorded change ' +
    'with its hash and the hash of the change before (a SHA-256 chain), so a copy kept elsewhere can be checked ' +
    'against the records later. auditTrail is null when the app keeps no records database. Served as an attachment.',
  security: signedIn,
  request: { params: CaseIdParamsSchema },
  responses: {
    200: {
      description: 'The case and its audit trail',
      content: json(
        named(
          'CaseExport',
          CaseExportSchema.extend({
            case: CaseViewForMe,
            auditTrail: CaseExportSchema.shape.auditTrail
              .unwrap()
              .extend({
                entries: z.array(named('AuditEntry', AuditEntrySchema)),
              })
              .nullable(),
          }),
        ),
      ),
    },
    ...problems(401, 404, 422, 503),
  },
});

registerAttachmentRoutes({ route, problems, named, signedIn });

route({
  method: 'get',
  path: '/inbox',
  operationId: 'getInbox',
  tags: ['cases'],
  summary: 'My inbox',
  description: 'Open cases waiting for a step one of my roles may take, most urgent first, overdue marked.',
  security: signedIn,
  responses: {
    200: { description: 'Waiting steps', content: json(Inbox) },
    ...problems(401, 503),
  },
});

route({
  method: 'get',
  path: '/stream',
  operationId: 'streamChanges',
  tags: ['cases'],
  summary: 'Case changes as server-sent events',
  description:
    'A text/event-stream of changes to the cases the caller may see: each message is `event: case`, an `id` to ' +
    'resume from, and `data:` one CaseSummary as JSON. The first message is `event: ready` whose id is where the ' +
    'stream starts. Send the token as Authorization or, from an EventSource, as the access_token query parameter; a ' +
    'reconnect resumes after Last-Event-ID, each change once, none skipped. The stream ends when the token expires, ' +
    'with a last `event: auth-expired` (data `{"reason":"token-expired","expiredAt"}`, id where to resume): renew ' +
    'the token (POST /auth/refresh, or sign in again) and reconnect with that id.',
  security: signedIn,
  request: { query: StreamQuerySchema, headers: StreamHeadersSchema },
  responses: {
    200: {
      description: 'An open event stream',
      content: {
        'text/event-stream': {
          schema: z.string().describe('Server-sent events: `id`, `event: ready | case | auth-expired`, `data: <JSON>`'),
        },
      },
    },
    ...problems(401, 422, 503),
  },
});

route({
  method: 'post',
  path: '/hooks/alarm-panel',
  operationId: 'alarmPanelHook',
  tags: ['hooks'],
  summary: 'An alarm from a perimeter panel',
  description:
    'Opens a perimeter-alarm case at the panel’s site. Signed by the panel: X-Signature is ' +
    'sha256=<hex HMAC-SHA256 of the raw body> keyed with the panel’s secret, and sentAt inside the signed body ' +
    'must be within 5 minutes of now (401 otherwise). Idempotent on eventId: a repeat answers 200 with the same ' +
    'case and `created: false`, also after that case closed (it is never opened again); the same eventId with a ' +
    'different zone or description is refused with 422 `urn:problem:idempotency-key-reused`.',
  security: [],
  request: { headers: AlarmPanelHeadersSchema, body: { required: true, content: json(AlarmPanelEvent) } },
  responses: {
    201: { description: 'A case was opened', content: json(AlarmPanelResult) },
    200: { description: 'This eventId was seen before: the same case', content: json(AlarmPanelResult) },
    ...problems(400, 401, 413, 422, 429, 503),
    ...keyed422,
  },
});

route({
  method: 'get',
  path: '/reports/ledger',
  operationId: 'ledgerReport',
  tags: ['reports'],
  summary: 'Penalty ledger',
  description:
    'Every charge of procedures that keep a ledger (complaint rules 8–14), with totals per department; JSON or CSV.',
  security: signedIn,
  request: { query: LedgerReportQuerySchema },
  responses: {
    200: {
      description: 'The ledger',
      content: {
        ...json(LedgerReport),
        'text/csv': { schema: z.string().describe('Header line, then one line per charge') },
      },
    },
    ...problems(401, 403, 422, 503),
  },
});

route({
  method: 'get',
  path: '/reports/overdue',
  operationId: 'overdueReport',
  tags: ['reports'],
  summary: 'Overdue and escalation statistics',
  description: 'Per site, procedure and deadline timer, for the caller’s sites; JSON, or CSV with format=csv.',
  security: signedIn,
  request: { query: OverdueReportQuerySchema },
  responses: {
    200: {
      description: 'The report',
      content: {
        ...json(OverdueReport),
        'text/csv': { schema: z.string().describe('Header line, then one line per row') },
      },
    },
    ...problems(401, 403, 422, 503),
  },
});

route({
  method: 'get',
  path: '/reports/monthly',
  operationId: 'monthlyReport',
  tags: ['reports'],
  summary: 'Overdue rate and time-to-step per month',
  description:
    'For the manager dashboard’s charts: cases started per month (in each site’s own time zone), how many passed a deadline, and how long each deadline’s step took on average (steps that came only).',
  security: signedIn,
  request: { query: MonthlyReportQuerySchema },
  responses: {
    200: {
      description: 'One entry per month, oldest first',
      content: json(named('MonthlyReport', MonthlyReportSchema)),
    },
    ...problems(401, 422, 503),
  },
});

route({
  method: 'get',
  path: '/sites',
  operationId: 'mySites',
  tags: ['auth'],
  summary: 'My sites, their time zones and my roles there',
  security: signedIn,
  responses: {
    200: {
      description: 'The caller’s sites and the names of all roles',
      content: json(named('MySites', MySitesSchema)),
    },
    ...problems(401),
  },
});

route({
  method: 'get',
  path: '/healthz',
  operationId: 'health',
  tags: ['system'],
  summary: 'Liveness, including Temporal',
  security: [],
  responses: {
    200: { description: 'The API and Temporal answer', content: json(HealthSchema) },
    ...problems(503),
  },
});

route({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openApiDocument',
  tags: ['system'],
  summary: 'This document',
  security: [],
  responses: {
    200: { description: 'The OpenAPI 3.1 document', content: json(z.record(z.string(), z.unknown())) },
  },
});

route({
  method: 'get',
  path: '/docs',
  operationId: 'apiReference',
  tags: ['system'],
  summary: 'A browsable reference of this document',
  security: [],
  responses: {
    200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
  },
});

/**
 * States in the document the bounds the server applies beyond what zod's JSON Schema says: zod's `.int()` accepts
 * safe integers only (|n| ≤ 2^53 − 1), so every integer without a bound gets that one.
 */
function withServerBounds<T>(node: T): T {
  if (Array.isArray(node)) node.forEach(withServerBounds);
  else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    if (schema.type === 'integer') {
      if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
        schema.maximum = Number.MAX_SAFE_INTEGER;
      if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
        schema.minimum = Number.MIN_SAFE_INTEGER;
    }
    Object.values(schema).forEach(withServerBounds);
  }
  return node;
}

/**
 * The OpenAPI 3.1 document of the API, generated from the registry; `siteIds` (the configured sites) become the
 * SiteId component's enum, as the routes check them.
 */
export function openApiDocument({ siteIds }: { siteIds?: readonly string[] } = {}) {
  const generator = new OpenApiGeneratorV31([...registry.definitions, ...otherComponents], {
    sortComponents: 'alphabetically',
  });
  const document = generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Procedure workflows API',
      version: '1',
      description:
        'Sites run written procedures with hard deadlines; each case is a durable workflow. Errors are ' +
        'application/problem+json. Labels follow Accept-Language: zh-CN (default) or en.',
    },
    servers: [{ url: '/api' }],
    security: signedIn,
    tags: [
      { name: 'auth', description: 'Signing in' },
      { name: 'procedures', description: 'What each procedure is: states, steps, data, deadlines' },
      { name: 'cases', description: 'Opening cases, taking steps, the inbox and live changes' },
      { name: 'hooks', description: 'Signed calls from devices' },
      { name: 'reports', description: 'Statistics' },
      { name: 'system', description: 'Health and this document' },
    ],
  });
  const siteId = document.components?.schemas?.SiteId as Record<string, unknown> | undefined;
  if (siteId && siteIds?.length) siteId.enum = [...siteIds];
  return withServerBounds(document);
}
