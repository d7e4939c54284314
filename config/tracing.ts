import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * OpenTelemetry traces, exported by OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, off otherwise. The exporter reads the standard OTEL_* variables itself
 * (headers, timeout); OTEL_SERVICE_NAME overrides the service name; OTEL_BSP_SCHEDULE_DELAY (ms) how often spans are
 * sent, OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_MAX_EXPORT_BATCH_SIZE and OTEL_BSP_EXPORT_TIMEOUT (ms) the batching.
 */
export const tracingEnabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/**
 * Where this process's spans go: the one batching processor (and its OTLP exporter) and the resource (service name,
 * host, process) of the process. The SDK's own spans use both; spans made elsewhere, such as the workflow sandbox's
 * (handed to the worker by a sink, worker/tracing.ts), are given to `processor` with `resource`.
 */
export interface SpanPipeline {
  processor: SpanProcessor;
  resource: Resource;
}

let sdk: NodeSDK | undefined;
let pipeline: SpanPipeline | undefined;

/** A non-negative number of an OTEL_BSP_* variable, or undefined (the processor's default) when unset or invalid. */
function bspNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = Number(env[name]);
  return env[name] && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Starts the OpenTelemetry SDK for this process as `serviceName` (HTTP server and client spans; the Temporal
 * interceptors add theirs) when {@link tracingEnabled}; a no-op otherwise. Call it before `http` and Express are
 * loaded (api/instrument.ts, worker/instrument.ts: the first import of each entry point).
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || !tracingEnabled(env)) return;
  // The service name first, then what the environment says (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) over it.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(
      detectResources({
        detectors: [serviceInstanceIdDetector, processDetector, hostDetector, osDetector, envDetector],
      }),
    );
  const processor = new BatchSpanProcessor({
    exporter: new OTLPTraceExporter(),
    scheduledDelayMillis: bspNumber(env, 'OTEL_BSP_SCHEDULE_DELAY'),
    maxQueueSize: bspNumber(env, 'OTEL_BSP_MAX_QUEUE_SIZE'),
    maxExportBatchSize: bspNumber(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
    exportTimeoutMillis: bspNumber(env, 'OTEL_BSP_EXPORT_TIMEOUT'),
  });
  pipeline = { processor, resource };
  sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    spanProcessors: [processor],
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
}

/** The processor and resource of this process's spans while tracing runs ({@link startTracing}); else undefined. */
export const spanPipeline = (): SpanPipeline | undefined => pipeline;

/** Sends the spans not yet exported and stops the SDK (at shutdown); resolves at once when tracing is off. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  pipeline = undefined;
  await running?.shutdown().catch(() => undefined);
}
