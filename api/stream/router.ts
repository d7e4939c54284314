import { Router } from 'express';
import type { SessionUser } from '../auth/tokens';
import { canSee } from '../cases/access';
import { systemClock, type Clock } from '../clock';
import { HttpError } from '../errors';
import { StreamQuerySchema } from './schemas';
import { validate } from '../validate';
import { parseEventId, type ChangeFeed, type Subscription } from './change-feed';

/** The last message of a stream whose token expired: the client signs in again and resumes from its id. */
export const AUTH_EXPIRED_EVENT = 'auth-expired';
/** The first message of a stream: its id is where the stream starts. */
export const READY_EVENT = 'ready';
/**
 * The last message of a stream whose API process is stopping: the client reconnects after the `retry` hint (2 s) and
 * resumes from its id, on another process or this one restarted. EventSource does that by itself.
 */
export const SHUTDOWN_EVENT = 'shutdown';

/**
 * GET /stream: server-sent events of changes to the cases the caller may see; resumes after Last-Event-ID (or the
 * lastEventId query parameter). It ends when the caller's token expires (by `clock`), with a last `auth-expired`
 * message whose id is where to resume, and when `closing` aborts (the process is stopping), with a last `shutdown`
 * message and a retry hint. A stream asked for after `closing` aborted is answered 503.
 */
export function streamRouter(feed: ChangeFeed, clock: Clock = systemClock, closing?: AbortSignal): Router {
  const router = Router();
  router.get('/stream', validate({ query: StreamQuerySchema }), async (req, res) => {
    const user = res.locals.user as SessionUser;
    const expiresAt = res.locals.sessionExpiresAt as number;
    const header = req.get('last-event-id');
    if (header !== undefined && !parseEventId(header))
      throw new HttpError(422, 'invalid-data', 'Last-Event-ID: not an event id of this stream', {
        issues: [{ path: 'headers.Last-Event-ID', message: 'not an event id of this stream', code: 'custom' }],
      });
    const after = header ?? (res.locals.input.query as { lastEventId?: string }).lastEventId;
    if (closing?.aborted) throw new HttpError(503, 'shutting-down', 'this API process is stopping; try again');
    let subscription: Subscription;
    try {
      subscription = await feed.subscribe({ after, accept: (summary) => canSee(user, summary) });
    } catch {
      throw new HttpError(503, 'temporal-unavailable', 'the workflow service cannot be reached; try again');
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // The first message names the stream's place, so a client that drops before any change resumes from there.
    res.write(`retry: 2000\nid: ${subscription.position()}\nevent: ${READY_EVENT}\ndata: {}\n\n`);
    subscription.start((change) =>
      res.write(`${change.late ? '' : `id: ${change.id}\n`}event: case\ndata: ${JSON.stringify(change.summary)}\n\n`),
    );
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15000).unref();
    const cancelExpiry = clock.at(expiresAt, () => {
      const data = { reason: 'token-expired', expiredAt: new Date(expiresAt).toISOString() };
      res.end(`id: ${subscription.position()}\nevent: ${AUTH_EXPIRED_EVENT}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const stop = () => {
      const data = { reason: 'server-stopping' };
      res.end(
        `retry: 2000\nid: ${subscription.position()}\nevent: ${SHUTDOWN_EVENT}\ndata: ${JSON.stringify(data)}\n\n`,
      );
    };
    closing?.addEventListener('abort', stop, { once: true });
    res.on('close', () => {
      clearInterval(keepAlive);
      cancelExpiry();
      closing?.removeEventListener('abort', stop);
      subscription.close();
    });
  });
  return router;
}
