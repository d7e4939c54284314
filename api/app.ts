import type { Client } from '@temporalio/client';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { ackRouter } from './ack/router';
import { upgradedHashesFor, type UpgradedHashes } from './auth/password';
import { authRouter, requireUserWith } from './auth/router';
import { systemClock, type Clock } from './clock';
import { casesRouter } from './cases/router';
import { CaseService } from './cases/service';
import { readEnv, type AppConfig } from '../config';
import { HttpError, problemHandler } from './errors';
import { healthRouter } from './health/router';
import { HolidayCoverage } from './health/coverage';
import { methodNotAllowed } from './method-not-allowed';
import { ApiMetrics } from './metrics/metrics';
import { metricsRouter } from './metrics/router';
import { documentedRoutes } from './openapi/registry';
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
import { attachmentsRouter, refuseUnknownAttachments } from './attachments/router';
import { fsAttachmentStores, type AttachmentStores } from './attachments/stores';
import { attachmentSettingsOf, type AttachmentSettings } from './attachments/settings';
import { lazyArchive, recordsConfigured, type CaseArchive, type RecordsAccess } from '../records';
import { recordsCaseIndex, temporalCaseIndex } from './cases/case-index';

export interface AppDeps {
  client: Client;
  config: AppConfig;
  logger?: pino.Logger;
  /** How often the event stream polls visibility for changes. */
  streamIntervalMs?: number;
  /** How long the event stream waits for visibility to show every change of an instant (see ChangeFeedOptions). */
  streamSettleMs?: number;
  /** The clock sessions go by: tokens are issued, checked and expire on it (tests move it instead of sleeping). */
  clock?: Clock;
  /** Limits and folder of case files (default: config's attachments, DATA_DIR/attachments). */
  attachments?: AttachmentSettings;
  /**
   * Where case files and their custody ledgers live (default: the filesystem store under `attachments.root`, copying
   * custody into `records`); a deployment may hand in another BlobStore here, e.g. an S3-compatible one.
   */
  attachmentStores?: AttachmentStores;
  /**
   * The records database (issue 16): lists, inbox, search, reports and the event stream read it, and a case whose
   * workflow is gone is found in it. Default: DATABASE_URL's when set; without one everything reads Temporal.
   */
  records?: RecordsAccess;
  /** Where a case whose workflow is gone is found; default `records`. */
  archive?: CaseArchive;
  /** The process's metrics (api/server.ts adds the process series); default: a registry of this app's own. */
  metrics?: ApiMetrics;
  /** When set, GET /api/metrics wants `Authorization: Bearer <metricsToken>`; default METRICS_TOKEN. */
  metricsToken?: string;
  /** With records: which case attributes new cases write to Temporal's visibility; default CASE_VISIBILITY, `status`. */
  caseVisibility?: 'status' | 'full';
  /**
   * Where password hashes upgraded at sign-in are kept (api/auth/password.ts); default: the records database's when
   * there is one, else DATA_DIR/password-hashes.json.
   */
  passwordHashes?: UpgradedHashes;
  /** Aborted when the process is stopping: open event streams end with a reconnect hint (api/server.ts). */
  closing?: AbortSignal;
}

/** Builds the Express app; server.ts listens, tests use supertest on it. */
export function createApp({
  client,
  config,
  logger = pino({ level: readEnv().LOG_LEVEL ?? 'info' }),
  streamIntervalMs,
  streamSettleMs,
  clock = systemClock,
  attachments = attachmentSettingsOf(config),
  records = recordsConfigured() ? lazyArchive() : undefined,
  attachmentStores,
  archive = records,
  passwordHashes = upgradedHashesFor(records),
  closing,
  metrics = new ApiMetrics({ logger }),
  metricsToken = readEnv().METRICS_TOKEN,
  caseVisibility = readEnv().CASE_VISIBILITY ?? 'status',
}: AppDeps) {
  const app = express();
  // Chosen once: with a records database every list and report reads it, otherwise Temporal visibility.
  const index = records ? recordsCaseIndex(records) : temporalCaseIndex(client);
  metrics.countOpenCasesIn(index);
  const cases = new CaseService(
    client,
    config.sites,
    archive,
    (procedure, result) => metrics.step(procedure, result),
    config.rosters,
    caseVisibility,
  );
  const holidays = config.holidays ? new HolidayCoverage(config, logger) : undefined;
  const feed = new ChangeFeed(index, { intervalMs: streamIntervalMs, settleMs: streamSettleMs });
  app.disable('x-powered-by');
  app.use(metrics.httpLatency());
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
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { url?: string; query?: Record<string, unknown> }) => ({
          ...req,
          url: redactedUrl(req.url),
          query: req.query && redactedQuery(req.query),
        }),
      },
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

  app.use('/api', cookieParser()); // the session cookie (api/auth/router.ts)

  const api = express.Router();
  // One place for every route: 405 with Allow for a method a known path does not serve, and OPTIONS.
  api.use(methodNotAllowed([...documentedRoutes, { method: 'get', path: '/docs/{file}' }]));
  api.use(healthRouter(client, holidays, records?.ping && (() => records.ping!()), closing));
  api.use(metricsRouter(metrics, metricsToken)); // bearer METRICS_TOKEN when set
  api.use(openApiRouter(config)); // public: /openapi.json, /docs
  // Sign-in attempts are counted per address and user name: guessing one account's password is held to 20 tries a
  // minute, while a shift of guards signing in together behind a site's one NAT address is not turned away.
  api.use(
    '/auth/login',
    rateLimit({
      windowMs: 60_000,
      limit: 20,
      handler: tooMany,
      keyGenerator: (req) =>
        `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown })?.username ?? '')}`,
    }),
  );
  api.use('/auth/refresh', rateLimit({ windowMs: 60_000, limit: 20, handler: tooMany }));
  api.use('/auth/session', rateLimit({ windowMs: 60_000, limit: 20, handler: tooMany }));
  api.use(authRouter(config, passwordHashes, clock));
  api.use(hooksRouter(config, cases));
  api.use(ackRouter(config, cases, clock)); // the acknowledge links of escalation messages: signed, no sign-in
  api.use(requireUserWith(clock));
  api.use(proceduresRouter(undefined, client, config));
  const files =
    attachmentStores ??
    fsAttachmentStores(attachments, records, (err, caseId) =>
      logger.warn({ err, caseId }, 'custody lines not copied into the records yet; the next file action retries'),
    );
  api.use('/cases/:id/events', refuseUnknownAttachments(config, cases, files)); // before the step reaches the case
  api.use(casesRouter(config, cases, holidays, clock));
  api.use(attachmentsRouter(config, cases, attachments, files));
  api.use(documentsRouter(config, cases, records, files));
  api.use(listRouter(index, config));
  api.use(streamRouter(feed, clock, closing));
  api.use(reportsRouter(index, config));
  api.use(monthlyReportRouter(index, config));
  api.use(sitesRouter(config));
  app.use('/api', api);
  app.use('/api', (req) => {
    throw new HttpError(404, 'no-such-route', `no route ${req.method} ${req.originalUrl}`);
  });
  app.use(uiRouter()); // the staff UI, built by vite into ui/dist
  app.use(problemHandler);
  return app;
}

/** The name of a query parameter that could carry a secret. */
const SECRET_NAME = /token|key|ticket|password|secret|jwt/i;

/**
 * `url` with the value of every query parameter that could carry a secret (…token, key, ticket, password, secret)
 * replaced by `[redacted]`, for the request log. The app builds no such URL; this keeps one a client sends out of the
 * log too.
 */
export function redactedUrl(url: string | undefined): string | undefined {
  // An acknowledge link's token is in its path (api/ack/router.ts).
  url = url?.replace(/^(\/api\/ack\/)[^/?#]+/, '$1[redacted]');
  if (!url?.includes('?')) return url;
  const [pathname, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  const parts = query.split('&').map((part) => {
    const name = decodeURIComponentSafe(part.split('=')[0] ?? '');
    return SECRET_NAME.test(name) ? `${part.split('=')[0]}=[redacted]` : part;
  });
  return `${pathname}?${parts.join('&')}`;
}

/** The parsed query as the request log shows it: the same parameters redacted as in {@link redactedUrl}. */
export function redactedQuery(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, SECRET_NAME.test(k) ? '[redacted]' : v]));
}

const decodeURIComponentSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function tooMany(): never {
  throw new HttpError(429, 'rate-limited', 'too many attempts; wait a minute and try again');
}
