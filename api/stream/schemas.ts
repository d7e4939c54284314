import { z } from 'zod';
import { EVENT_ID_PATTERN } from './change-feed';

/** EventSource cannot send headers: the stream also takes the token and the resume point as query parameters. */
export const StreamQuerySchema = z.object({
  access_token: z.string().optional().describe('The JWT, when an Authorization header cannot be sent'),
  lastEventId: z
    .string()
    .regex(EVENT_ID_PATTERN, 'not an event id of this stream')
    .optional()
    .describe('Resume after this event id (as the Last-Event-ID header)'),
});

/** Headers of GET /stream (the router reads Last-Event-ID itself, to answer its own 422). */
export const StreamHeadersSchema = z.object({
  'Last-Event-ID': z
    .string()
    .regex(EVENT_ID_PATTERN, 'not an event id of this stream')
    .optional()
    .describe('Sent by EventSource on reconnect: resume after this event id'),
});
