import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Registry } from 'prom-client';

/** How long the readiness check waits for Temporal (ms). */
const CHECK_TIMEOUT_MS = 3000;

/** Extra routes the health server answers (e.g. `/metrics`): path → handler writing the whole response. */
export type HealthRoutes = Record<string, (res: http.ServerResponse) => Promise<void> | void>;

/** A `/metrics` route serving `registry` in Prometheus' text format. */
export const metricsRoute =
  (registry: Registry) =>
  async (res: http.ServerResponse): Promise<void> => {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body);
  };

/** The worker's health server, once listening. */
export interface WorkerHealthServer {
  /** The port it listens on (the one asked for, or the system's choice for 0). */
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * Whether the worker is ready: it is running (state RUNNING, not starting, draining or stopped) and Temporal answers
 * on its connection within {@link CHECK_TIMEOUT_MS}. Per check, `ok` or `failed` with why.
 */
export async function workerReadiness(
  worker: Pick<Worker, 'getState'>,
  connection: Pick<NativeConnection, 'withDeadline' | 'workflowService'>,
): Promise<Record<'worker' | 'temporal', { status: 'ok' | 'failed'; detail?: string }>> {
  const state = worker.getState();
  const temporal = await connection
    .withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}))
    .then(
      () => ({ status: 'ok' as const }),
      (err: unknown) => ({ status: 'failed' as const, detail: err instanceof Error ? err.message : String(err) }),
    );
  return {
    worker: state === 'RUNNING' ? { status: 'ok' } : { status: 'failed', detail: `worker state ${state}` },
    temporal,
  };
}

/**
 * Starts the worker's health server on `port` (WORKER_HEALTH_PORT; docs/production.md, "Health"), on all interfaces:
 * - `GET /livez`: 200 while the process runs (no dependency checked);
 * - `GET /readyz`: 200 when {@link workerReadiness} is all ok, else 503 application/problem+json (RFC 9457)
 *   `urn:problem:not-ready` with `checks`;
 * - the `routes` given (e.g. `/metrics`); anything else 404.
 */
export async function startWorkerHealth(opts: {
  port: number;
  worker: Pick<Worker, 'getState'>;
  connection: Pick<NativeConnection, 'withDeadline' | 'workflowService'>;
  routes?: HealthRoutes;
}): Promise<WorkerHealthServer> {
  const send = (res: http.ServerResponse, status: number, type: string, body: unknown) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'application/json', { status: 405 });
    if (path === '/livez') return send(res, 200, 'application/json', { status: 'ok' });
    if (path === '/readyz') {
      void workerReadiness(opts.worker, opts.connection).then((checks) => {
        const failed = Object.entries(checks).filter(([, c]) => c.status !== 'ok');
        if (!failed.length) return send(res, 200, 'application/json', { status: 'ok', checks });
        send(res, 503, 'application/problem+json', {
          type: 'urn:problem:not-ready',
          title: 'Worker not ready',
          status: 503,
          detail: `not ready: ${failed.map(([name]) => name).join(', ')}`,
          checks,
        });
      });
      return;
    }
    const route = opts.routes?.[path];
    if (route) {
      void Promise.resolve(route(res)).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, 'application/json', { status: 500, detail: String(err) });
        else res.destroy();
      });
      return;
    }
    send(res, 404, 'application/json', { status: 404 });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
