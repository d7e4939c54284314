import { z } from 'zod';
import { EVENT_ID_PATTERN } from './change-feed';

/**
 * The resume point as a query parameter too (a client opening a new EventSource names it here). EventSource cannot
 * send headers: the browser's token is the session cookie, never a query parameter.
 */
export const StreamQuerySchema = z.object({
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
