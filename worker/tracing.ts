import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { SpanPipeline } from '../config';

/**
 * The workflow interceptors of `@temporalio/interceptors-opentelemetry` (inbound, outbound and internals), as a module
 * for `interceptors.workflowModules` or a bundle's `workflowInterceptorModules`: inside the sandbox, a workflow's run,
 * its Update and signal handlers and validators, and each activity, timer and child it starts are spans, children of
 * the trace the client's headers carry, and the trace goes on in the headers of the activities. The spans leave the
 * sandbox through the `exporter` sink ({@link workflowSpanSinks}); a bundle without this module makes none.
 */
export const WORKFLOW_TRACING_MODULE =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

// The interceptors package builds on OpenTelemetry's JS SDK 1.x: the sandbox's spans arrive in that shape (the
// processor `makeWorkflowExporter` takes), while this app's pipeline is SDK 3.x (config/tracing.ts).
type SandboxSpanProcessor = Parameters<typeof makeWorkflowExporter>[0];
type SandboxSpan = Parameters<SandboxSpanProcessor['onEnd']>[0];
type SandboxResource = Parameters<typeof makeWorkflowExporter>[1];

/** A span of the sandbox (SDK 1.x shape) as the app's SDK (3.x) exports it, under this process's resource. */
function asSdkSpan(span: SandboxSpan, resource: SpanPipeline['resource']): ReadableSpan {
  const context = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext: span.parentSpanId
      ? { traceId: context.traceId, spanId: span.parentSpanId, traceFlags: context.traceFlags }
      : undefined,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource,
    instrumentationScope: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * The `exporter` sink through which the workflow interceptors ({@link WORKFLOW_TRACING_MODULE}) hand their spans out
 * of the sandbox (`makeWorkflowExporter`), into this process's span processor. Like every sink it is not called while
 * a workflow replays, so a span is exported once, when its workflow task first runs.
 */
export function workflowSpanSinks(pipeline: SpanPipeline): InjectedSinks<OpenTelemetrySinks> {
  const forward: SandboxSpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => pipeline.processor.onEnd(asSdkSpan(span, pipeline.resource)),
    forceFlush: () => pipeline.processor.forceFlush(),
    // The processor is the SDK's: stopTracing (config/tracing.ts) flushes and shuts it down.
    shutdown: () => Promise.resolve(),
  };
  // The resource handed in is put on each span before `onEnd`, where asSdkSpan replaces it by the 3.x one: the types
  // differ only by SDK version.
  return { exporter: makeWorkflowExporter(forward, pipeline.resource as unknown as SandboxResource) };
}

/**
 * What a traced worker adds to its options: spans of activity runs (children of the workflow's StartActivity span,
 * with the trace ids on the activity's log lines), the workflow interceptors module (used when the worker bundles at
 * start; a prebuilt bundle must have been built with it: worker/workflow-bundle.ts) and the sink of the workflows'
 * spans.
 */
export function tracingWorkerOptions(pipeline: SpanPipeline): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
      workflowModules: [WORKFLOW_TRACING_MODULE],
    },
    sinks: workflowSpanSinks(pipeline),
  };
}
