import { Runtime, type TelemetryOptions } from '@temporalio/worker';

/**
 * Installs the Temporal SDK's runtime for this process, before any connection: with `metricsAddress`
 * (TEMPORAL_METRICS_ADDRESS, `host:port`), the SDK's own Prometheus metrics (workflow and activity task latencies,
 * poll results, sticky cache, …) at `http://<metricsAddress>/metrics`; without it, none.
 */
export function installRuntime(opts: { metricsAddress?: string }): void {
  const telemetryOptions: TelemetryOptions = opts.metricsAddress
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
    : {};
  Runtime.install({ telemetryOptions });
}
