import { z } from 'zod';
import { problems, signedInOrCookie, type PathConfig } from '../openapi/tools';
import { StreamHeadersSchema, StreamQuerySchema } from './schemas';

/** GET /stream, as the OpenAPI document describes it (api/stream/router.ts serves it). */
export const streamPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/stream',
    operationId: 'streamChanges',
    tags: ['cases'],
    summary: 'Case changes as server-sent events',
    description:
      'A text/event-stream of changes to the cases the caller may see: each message is `event: case`, an `id` to ' +
      'resume from, and `data:` one CaseSummary as JSON. The first message is `event: ready` whose id is where the ' +
      'stream starts. Send the token as Authorization or, from an EventSource, as the session cookie; a ' +
      'reconnect resumes after Last-Event-ID, each change once, none skipped. The stream ends when the token expires, ' +
      'with a last `event: auth-expired` (data `{"reason":"token-expired","expiredAt"}`, id where to resume): renew ' +
      'the token (POST /auth/refresh, or sign in again) and reconnect with that id. When the API process stops, the ' +
      'stream ends with `event: shutdown` and `retry: 2000`: reconnect with its id.',
    security: signedInOrCookie,
    request: { query: StreamQuerySchema, headers: StreamHeadersSchema },
    responses: {
      200: {
        description: 'An open event stream',
        content: {
          'text/event-stream': {
            schema: z
              .string()
              .describe('Server-sent events: `id`, `event: ready | case | auth-expired | shutdown`, `data: <JSON>`'),
          },
        },
      },
      ...problems(401, 422, 503),
    },
  },
];
