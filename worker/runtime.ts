import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime, type TelemetryOptions } from '@temporalio/worker';
import type pino from 'pino';
import { CASE_WORKFLOW_TYPE } from '../workflows/engine';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK's logger (workflow and activity loggers, the worker's own messages and, forwarded, the native
 * core's) written through pino, so the worker writes one JSON format. The SDK's attributes stay as they are
 * (`workflowId`, `workflowType`, `runId`, `activityType`, `attempt`, `sdkComponent`, …); a line about a case (its
 * workflow, or an activity of it) also gets `caseId` (the case's workflow id). An `error` becomes pino's `err`.
 */
export class PinoSdkLogger implements Logger {
  constructor(private readonly pino: pino.Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(meta)) {
      // bigint (e.g. a forwarded native log's nanosecond fields) is not JSON.
      fields[key === 'error' ? 'err' : key] = typeof value === 'bigint' ? value.toString() : value;
    }
    if (meta.workflowType === CASE_WORKFLOW_TYPE && typeof meta.workflowId === 'string')
      fields.caseId = meta.workflowId;
    this.pino[PINO_LEVEL[level] ?? 'info'](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Installs the Temporal SDK's runtime for this process, before any connection:
 * - its logs, and the native core's (WARN and up, e.g. a connection retried), go to `logger` as JSON
 *   ({@link PinoSdkLogger}), under `component: "temporal"`;
 * - with `metricsAddress` (TEMPORAL_METRICS_ADDRESS, `host:port`), the SDK's own Prometheus metrics (task latencies,
 *   pollers, slots, sticky cache, …) at `http://<metricsAddress>/metrics`, in seconds and with `_total` counters;
 *   without it, none.
 * @throws when a runtime is already installed in this process
 */
export function installRuntime(opts: { logger: pino.Logger; metricsAddress?: string }): void {
  const telemetryOptions: TelemetryOptions = {
    logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
    ...(opts.metricsAddress
      ? {
          metrics: {
            prometheus: {
              bindAddress: opts.metricsAddress,
              countersTotalSuffix: true,
              unitSuffix: true,
              useSecondsForDurations: true,
            },
          },
        }
      : {}),
  };
  Runtime.install({ logger: new PinoSdkLogger(opts.logger.child({ component: 'temporal' })), telemetryOptions });
}
