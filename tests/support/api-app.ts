import express, { type RequestHandler } from 'express';
import { HttpError, problemHandler } from '../../api/errors';

/**
 * A small app mounted the way the real one mounts its API, for route tests that need no Temporal: `before` on the app
 * (e.g. helmet, express.json), then `handlers` in order on an /api router, a problem+json 404 (`no-such-route`) for any
 * other /api path, and the problem handler.
 */
export function apiAppOf(before: RequestHandler[], handlers: RequestHandler[]): express.Express {
  const app = express();
  for (const h of before) app.use(h);
  const api = express.Router();
  for (const h of handlers) api.use(h);
  app.use('/api', api);
  app.use('/api', (req) => {
    throw new HttpError(404, 'no-such-route', `no route ${req.method} ${req.originalUrl}`);
  });
  app.use(problemHandler);
  return app;
}
