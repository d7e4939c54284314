import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as an OTLP receiver got it, with its process's service name. */
export interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  /** The span's attributes, as OTLP's JSON writes them (to look for a case's workflow id). */
  attributes: string;
}

/** The spans of one OTLP/HTTP JSON export request (ExportTraceServiceRequest). */
function spansOf(body: unknown): ReceivedSpan[] {
  type Attr = { key: string; value: { stringValue?: string } };
  type Span = { name: string; traceId: string; spanId: string; parentSpanId?: string; attributes?: Attr[] };
  const request = body as {
    resourceSpans?: { resource?: { attributes?: Attr[] }; scopeSpans?: { spans?: Span[] }[] }[];
  };
  return (request.resourceSpans ?? []).flatMap((rs) => {
    const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        service,
        name: s.name,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        attributes: JSON.stringify(s.attributes ?? []),
      })),
    );
  });
}

/** An OTLP/HTTP receiver of traces: `endpoint` for OTEL_EXPORTER_OTLP_ENDPOINT, `received` every span sent to it. */
export interface OtlpReceiver {
  endpoint: string;
  received: ReceivedSpan[];
  /** `service name` of each span received, in order (for a test's failure message). */
  names(): string[];
  close(): Promise<void>;
}

/**
 * Starts an OTLP/HTTP receiver on a free local port that keeps the spans of every JSON export to /v1/traces (the
 * app's exporter, config/tracing.ts, sends JSON) and answers 200 to every request (metrics and logs included).
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && /json/.test(req.headers['content-type'] ?? ''))
        received.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    names: () => received.map((s) => `${s.service} ${s.name}`),
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive connections of exporters
      return closed;
    },
  };
}

/** `service name` of each ancestor of `span` among `spans`, nearest first (up to the root or a missing parent). */
export function ancestorsOf(span: ReceivedSpan, spans: ReceivedSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const names: string[] = [];
  for (let s = byId.get(span.parentSpanId); s; s = byId.get(s.parentSpanId)) names.push(`${s.service} ${s.name}`);
  return names;
}
