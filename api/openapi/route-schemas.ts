import { z } from 'zod';
import { CaseViewSchema } from '../../workflows/engine';
import { CaseIdParamsSchema } from '../cases/schemas';
import { EVENT_ID_PATTERN } from '../stream/change-feed';

/** Shapes that the routers build inline or read by hand, named here so that the OpenAPI document can show them. */

/** Path of POST /cases/:id/escalations/:n/ack (the same as api/cases/router.ts validates with). */
export const EscalationAckParamsSchema = CaseIdParamsSchema.extend({
  n: z.coerce.number().int().positive().describe('Escalation number within the case, from 1'),
});

/** A case as the caller sees it: the view plus the events the caller's roles may send now. */
export const CaseViewForMeSchema = CaseViewSchema.extend({
  allowedEventsForMe: z.array(z.string()).describe('Events of allowedEvents that the caller’s roles may send'),
  blockedEventsForMe: z
    .array(z.object({ type: z.string(), reasons: z.array(z.string()).describe('The refusing rules, in words') }))
    .describe('Steps the current state accepts from the caller’s roles but a rule of the procedure refuses now'),
  documents: z
    .array(z.string())
    .describe('Printable documents of the case: GET /cases/{id}/documents/{document} answers a PDF'),
});

export const HealthSchema = z.object({
  status: z
    .enum(['ok', 'degraded'])
    .describe('degraded: the API works but a check (e.g. holiday data) needs attention'),
  temporal: z.literal('ok'),
  checks: z
    .object({
      holidays: z.object({
        status: z.enum(['ok', 'degraded']),
        firstUncoveredDate: z
          .string()
          .optional()
          .describe('First date (YYYY-MM-DD) without the official holiday arrangement that deadlines may reach'),
        sites: z.array(z.string()).optional(),
        detail: z.string(),
      }),
    })
    .optional(),
});

/** EventSource cannot send headers: the stream also takes the token and the resume point as query parameters. */
export const StreamQuerySchema = z.object({
  access_token: z.string().optional().describe('The JWT, when an Authorization header cannot be sent'),
  lastEventId: z
    .string()
    .regex(EVENT_ID_PATTERN, 'not an event id of this stream')
    .optional()
    .describe('Resume after this event id (as the Last-Event-ID header)'),
});

export const StreamHeadersSchema = z.object({
  'Last-Event-ID': z
    .string()
    .regex(EVENT_ID_PATTERN, 'not an event id of this stream')
    .optional()
    .describe('Sent by EventSource on reconnect: resume after this event id'),
});

/** Headers of POST /hooks/alarm-panel (api/hooks/router.ts reads them by hand). */
export const AlarmPanelHeadersSchema = z.object({
  'X-Panel-Id': z
    .string()
    .min(1)
    .max(64)
    .describe('Id of the panel (config/panels.yaml), which names its secret and site'),
  'X-Signature': z
    .string()
    .regex(/^sha256=[0-9a-f]{64}$/)
    .describe('sha256=<hex HMAC-SHA256 of the raw request body, keyed with the panel’s secret>'),
});
