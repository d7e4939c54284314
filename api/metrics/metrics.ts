import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type pino from 'pino';
import type { CaseIndex } from '../cases/case-index';

/** How a step sent to a case ended: applied by the case, refused (4xx: not allowed, bad data, no such case), failed. */
export type StepResult = 'applied' | 'refused' | 'failed';

/**
 * The API's Prometheus metrics (docs/production.md, "Metrics"), in a registry of their own that GET /api/metrics
 * serves:
 * - `procwf_steps_total{procedure,result}`: steps sent to cases (see {@link StepResult});
 * - `procwf_open_cases{procedure}`: open cases (drills left out), read from the case index on each scrape;
 * - `procwf_http_request_duration_seconds{method,route,status}`: latency by route pattern (e.g. `/api/cases/:id`),
 *   never the raw URL; `unmatched` for a request no route took (unknown path, or refused before its route, as a 401).
 * With `processMetrics`, also prom-client's process metrics (CPU, memory, event loop lag); one per process.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly steps = new Counter({
    name: 'procwf_steps_total',
    help: 'Steps sent to cases, by procedure and result (applied, refused, failed)',
    labelNames: ['procedure', 'result'] as const,
    registers: [this.registry],
  });
  private readonly http = new Histogram({
    name: 'procwf_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private index: CaseIndex | undefined;

  constructor(opts: { processMetrics?: boolean; logger?: pino.Logger } = {}) {
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
    const indexOf = () => this.index;
    new Gauge({
      name: 'procwf_open_cases',
      help: 'Open cases (drills left out) by procedure, read from the case index at each scrape',
      labelNames: ['procedure'] as const,
      registers: [this.registry],
      async collect() {
        const index = indexOf();
        if (!index) return;
        try {
          const counts = await index.openCounts();
          this.reset();
          for (const [procedure, open] of Object.entries(counts)) this.set({ procedure }, open);
        } catch (err) {
          // The scrape still answers (with the other series); the gauge is left out until the index answers again.
          this.reset();
          opts.logger?.warn({ err }, 'metrics: could not count the open cases');
        }
      },
    });
  }

  /** Where the open-cases gauge reads from (createApp sets its index). */
  countOpenCasesIn(index: CaseIndex): void {
    this.index = index;
  }

  /** Counts one step sent to a case of `procedure` (`unknown` when the case id names none). */
  step(procedure: string | undefined, result: StepResult): void {
    this.steps.inc({ procedure: procedure ?? 'unknown', result });
  }

  /** Middleware timing every request until its response closes, labelled by the route that took it. */
  httpLatency(): RequestHandler {
    return (req, res, next) => {
      const end = this.http.startTimer();
      res.once('close', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
      next();
    };
  }
}

/**
 * The route pattern that answered `req` (e.g. `/api/cases/:id`); `ui` for the staff UI's files, `unmatched` for an
 * API request no route took. The mount is taken from the URL, not req.baseUrl, which Express has already restored
 * when an error left the router: every API route lives in the one router mounted at /api (api/app.ts).
 */
function routeOf(req: Request): string {
  const api = /^\/api(\/|\?|$)/.test(req.originalUrl);
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${api ? '/api' : ''}${route.path}`;
  return api ? 'unmatched' : 'ui';
}
