import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry traces, exported by OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, off otherwise. The exporter reads the standard OTEL_* variables itself
 * (headers, timeout; OTEL_SERVICE_NAME overrides the service name; OTEL_BSP_SCHEDULE_DELAY how often spans are sent).
 */
export const tracingEnabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK for this process as `serviceName` (HTTP server and client spans; the Temporal
 * interceptors add theirs) when {@link tracingEnabled}; a no-op otherwise. Call it before `http` and Express are
 * loaded (api/instrument.ts, worker/instrument.ts: the first import of each entry point).
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || !tracingEnabled(env)) return;
  sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
}

/** Sends the spans not yet exported and stops the SDK (at shutdown); resolves at once when tracing is off. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
}
