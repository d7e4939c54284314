import { Router } from 'express';
import type { SessionUser } from '../auth/tokens';
import { canSee } from '../cases/list-router';
import type { CaseChange, ChangeFeed } from './change-feed';

/** GET /stream: server-sent events of changes to the cases the caller may see; resumes from Last-Event-ID. */
export function streamRouter(feed: ChangeFeed): Router {
  const router = Router();
  router.get('/stream', async (req, res) => {
    const user = res.locals.user as SessionUser;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const send = (change: CaseChange) => {
      if (!canSee(user, change.summary)) return;
      res.write(`id: ${change.id}\nevent: case\ndata: ${JSON.stringify(change.summary)}\n\n`);
    };
    const lastEventId = req.get('last-event-id') ?? (req.query.lastEventId as string | undefined);
    // Subscribe first so nothing falls between the catch-up and the live feed; duplicates are harmless (same id).
    const unsubscribe = feed.subscribe(send);
    if (lastEventId) for (const change of await feed.changesSince(lastEventId)) send(change);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15000).unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
  return router;
}
