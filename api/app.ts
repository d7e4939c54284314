import type { Client } from '@temporalio/client';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { authRouter, requireUser } from './auth/router';
import { casesRouter } from './cases/router';
import { CaseService } from './cases/service';
import type { AppConfig } from './config/load';
import { HttpError, problemHandler } from './errors';
import { healthRouter } from './health/router';
import { HolidayCoverage } from './health/coverage';
import { openApiRouter } from './openapi/router';
import { monthlyReportRouter } from './reports/monthly';
import { sitesRouter } from './sites/router';
import { securityHeaders } from './ui/security-headers';
import { uiRouter } from './ui/static';
import { proceduresRouter } from './procedures/router';
import { hooksRouter } from './hooks/router';
import { listRouter } from './cases/list-router';
import { ChangeFeed } from './stream/change-feed';
import { streamRouter } from './stream/router';
import { reportsRouter } from './reports/router';
import { documentsRouter } from './documents/router';

export interface AppDeps {
  client: Client;
  config: AppConfig;
  logger?: pino.Logger;
  /** How often the event stream polls visibility for changes. */
  streamIntervalMs?: number;
}

/** Builds the Express app; server.ts listens, tests use supertest on it. */
export function createApp({
  client,
  config,
  logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }),
  streamIntervalMs,
}: AppDeps) {
  const app = express();
  const cases = new CaseService(client, config.sites);
  const holidays = config.holidays ? new HolidayCoverage(config, logger) : undefined;
  const feed = new ChangeFeed(client, streamIntervalMs);
  app.disable('x-powered-by');
  app.use(helmet(securityHeaders));
  // Phones on a site's network: gzip the UI and JSON. Never the event stream, which must flush each event at once.
  app.use(
    compression({
      filter: (req, res) =>
        !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
    }),
  );
  app.use(
    pinoHttp({
      logger,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      genReqId: (req) => (req.headers['x-request-id'] as string) || randomUUID(),
    }),
  );
  // Keep the raw bytes too: webhook signatures are computed over them.
  app.use(
    express.json({
      limit: '256kb',
      verify: (req, _res, buf) => {
        (req as unknown as { rawBody: Buffer }).rawBody = buf;
      },
    }),
  );

  const api = express.Router();
  api.use(healthRouter(client, holidays));
  api.use(openApiRouter()); // public: /openapi.json, /docs
  api.use('/auth/login', rateLimit({ windowMs: 60_000, limit: 20, handler: tooMany }));
  api.use(authRouter(config));
  api.use(hooksRouter(config, cases));
  api.use(requireUser);
  api.use(proceduresRouter(undefined, client));
  api.use(casesRouter(config, cases, holidays));
  api.use(documentsRouter(config, cases));
  api.use(listRouter(client));
  api.use(streamRouter(feed));
  api.use(reportsRouter(client, config));
  api.use(monthlyReportRouter(client, config));
  api.use(sitesRouter(config));
  app.use('/api', api);
  app.use('/api', (req) => {
    throw new HttpError(404, 'no-such-route', `no route ${req.method} ${req.originalUrl}`);
  });
  app.use(uiRouter()); // the staff UI, built by vite into ui/dist
  app.use(problemHandler);
  return app;
}

function tooMany(): never {
  throw new HttpError(429, 'rate-limited', 'too many attempts; wait a minute and try again');
}
