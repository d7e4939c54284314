import './instrument'; // first: traces (when configured) start before anything loads http
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { collectDefaultMetrics } from 'prom-client';
import { workerMetrics } from '../activities';
import { connectionOptions, describeConnection, loadSettings, stopTracing, type Settings } from '../config';
import { createWorker } from './create-worker';
import { metricsRoute, startWorkerHealth } from './health';
import { installRuntime } from './runtime';
import { syncRecurringSchedules } from './recurring-schedules';

const log = pino({ name: 'worker' });

async function main() {
  // Environment and config/ checked once, before anything connects: a bad value stops the start, named.
  const settings = loadSettings();
  const { temporal } = settings;
  // The worker signs the acknowledge links in escalation messages that the API checks: both need the one JWT_SECRET.
  if (settings.env.NODE_ENV === 'production' && !settings.env.JWT_SECRET)
    throw new Error(
      'JWT_SECRET is not set: acknowledge links would be signed with a key the API processes do not have',
    );
  installRuntime({ logger: log, metricsAddress: settings.env.TEMPORAL_METRICS_ADDRESS });
  collectDefaultMetrics({ register: workerMetrics.registry });
  const connection = await NativeConnection.connect(connectionOptions(temporal));
  // A stop (SIGTERM/SIGINT) lets activities in flight finish for SHUTDOWN_GRACE (then cancels them: Temporal gives their
  // tasks to another worker), and ends the worker by SHUTDOWN_FORCE whatever is left.
  const worker = await createWorker(
    connection,
    { shutdownGraceTime: SHUTDOWN_GRACE, shutdownForceTime: SHUTDOWN_FORCE },
    settings,
  );
  log.info({ ...describeConnection(temporal), taskQueue: worker.options.taskQueue }, 'worker started');
  // WORKER_HEALTH_PORT: /livez and /readyz for an orchestrator (docs/production.md), and /metrics: the worker's own
  // series (activities/metrics.ts) and its process metrics. Off when unset.
  const healthPort = settings.env.WORKER_HEALTH_PORT;
  const health =
    healthPort === undefined
      ? undefined
      : await startWorkerHealth({
          port: healthPort,
          worker,
          connection,
          routes: { '/metrics': metricsRoute(workerMetrics.registry) },
        });
  if (health) log.info({ port: health.port }, 'worker health listening');
  await syncSchedules(settings);
  // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks are done (the SDK installs the handlers).
  await worker.run();
  await health?.close();
  await connection.close();
  await stopTracing();
  log.info('worker stopped');
}

/** How long a stopping worker lets activities in flight finish, and when it stops regardless. */
const SHUTDOWN_GRACE = '8s';
const SHUTDOWN_FORCE = '12s';

/** The sites' recurring reminders (e.g. the yearly drill) as Temporal Schedules; a failure is logged, not fatal. */
async function syncSchedules({ temporal, config }: Settings) {
  const connection = await Connection.connect(connectionOptions(temporal));
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
    const result = await syncRecurringSchedules(client, config.sites.values());
    log.info(result, 'recurring reminder schedules in place');
  } catch (err) {
    log.warn({ err }, 'could not sync the recurring reminder schedules; they keep their previous settings');
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  log.error(err, 'worker failed');
  process.exit(1);
});
