import './instrument'; // first: traces (when configured) start before http and Express load
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from './app';
import { ApiMetrics } from './metrics/metrics';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import {
  connectionOptions,
  describeConnection,
  loadSettings,
  productionProblems,
  stopTracing,
  tracingEnabled,
} from '../config';

const log = pino({ name: 'api' });

async function main() {
  // Environment and config/ checked once, before anything connects: a bad value stops the start, named.
  const { env, config, temporal } = loadSettings();
  // NODE_ENV=production: no start with the repository's demo secrets (docs/production.md).
  const problems = env.NODE_ENV === 'production' ? productionProblems(config) : [];
  if (problems.length) throw new Error(`refusing to start in production:\n- ${problems.join('\n- ')}`);
  const connection = await Connection.connect(connectionOptions(temporal));
  // With tracing on, each start, Update and query of a case is a span, its context passed on to the workflow.
  const interceptors = tracingEnabled() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
  const client = new Client({ connection, namespace: temporal.namespace, interceptors });
  log.info(describeConnection(temporal), 'temporal connected');
  const port = env.PORT;
  const closing = new AbortController();
  const metrics = new ApiMetrics({ processMetrics: true, logger: log });
  const server = createApp({ client, config, logger: log, closing: closing.signal, metrics }).listen(
    port,
    '0.0.0.0',
    () => log.info({ port }, 'api listening'),
  );
  // SIGTERM/SIGINT: take no new connection, end the event streams with a reconnect hint, let requests in flight
  // finish, then close Temporal's connection and exit. Whatever still holds a connection after SHUTDOWN_GRACE_MS is
  // cut, so a stop is bounded (an orchestrator's SIGKILL comes at 30 s by default).
  const stop = () => {
    if (closing.signal.aborted) return;
    log.info('api stopping');
    closing.abort();
    server.closeIdleConnections();
    const cut = setTimeout(() => {
      log.warn('api stopping: cutting connections still open');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      clearTimeout(cut);
      void Promise.allSettled([connection.close(), stopTracing()]).finally(() => {
        log.info('api stopped');
        process.exit(0);
      });
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** How long a stopping API lets requests in flight finish (ms) before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

main().catch((err) => {
  log.error(err, 'api failed to start');
  process.exit(1);
});
