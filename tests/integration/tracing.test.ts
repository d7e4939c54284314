import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApiProcess, startWorkerProcess } from '../support/app-processes';
import { useDevServer } from '../support/dev-server-fixture';
import { apiAs } from '../support/http-api';
import { waitFor } from '../support/wait';

// Issue 22 point 3: with OTEL_EXPORTER_OTLP_ENDPOINT set, the API and the worker send OpenTelemetry traces by OTLP/HTTP
// (here to a receiver in this test): the HTTP request of a step and the Temporal Update it makes, in one trace.
// (The worker's activity spans are wired too; no activity runs for this step without a records database.)
const fixture = useDevServer();
const taskQueue = 'tracing';

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
}
const received: ReceivedSpan[] = [];
let receiver: Server;
let endpoint: string;

/** The spans of one OTLP/HTTP JSON export request (ExportTraceServiceRequest). */
function spansOf(body: unknown): ReceivedSpan[] {
  type Attr = { key: string; value: { stringValue?: string } };
  const request = body as {
    resourceSpans?: {
      resource?: { attributes?: Attr[] };
      scopeSpans?: { spans?: { name: string; traceId: string }[] }[];
    }[];
  };
  return (request.resourceSpans ?? []).flatMap((rs) => {
    const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({ service, name: s.name, traceId: s.traceId })),
    );
  });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        expect(req.headers['content-type']).toMatch(/json/);
        received.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(fixture.processes.map((p) => p.stop()));
  await new Promise((resolve) => receiver?.close(resolve));
});

it('sends spans of a step, its HTTP request and its Temporal Update in one trace, to the OTLP endpoint', async () => {
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' };
  const common = { TEMPORAL_ADDRESS: fixture.server.address, DATA_DIR: fixture.dataDir, TASK_QUEUE: taskQueue };
  fixture.processes.push(
    await startWorkerProcess({
      address: fixture.server.address,
      taskQueue,
      dataDir: fixture.dataDir,
      name: 'worker-traced',
      env: otel,
    }),
  );
  const api = await startApiProcess({ name: 'api-traced', env: { ...common, ...otel } });
  fixture.processes.push(api.process);
  const guard = await apiAs(api.base.replace(/\/api$/, ''), 'monitor_guard');
  const { caseId } = await guard.open('perimeter-alarm', 'xinghe-mall', { zone: 'north-wall' });
  await guard.step(caseId, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true });
  const names = () => received.map((s) => `${s.service} ${s.name}`);
  await waitFor(
    () =>
      names().includes('procwf-api StartWorkflowUpdate:step') && names().some((n) => n.startsWith('procwf-api POST')),
    { timeoutMs: 30_000, what: 'spans of the step' },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; received: ${names().join(', ')}`);
  });
  // The Update's span belongs to the trace of the HTTP request that made it.
  const update = received.find((s) => s.name === 'StartWorkflowUpdate:step')!;
  expect(received.filter((s) => s.traceId === update.traceId && s.name.startsWith('POST')).length).toBeGreaterThan(0);
}, 240_000);

it('sends nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
  const before = received.length;
  const api = await startApiProcess({
    name: 'api-untraced',
    env: { TEMPORAL_ADDRESS: fixture.server.address, DATA_DIR: fixture.dataDir, TASK_QUEUE: taskQueue },
  });
  fixture.processes.push(api.process);
  const guard = await apiAs(api.base.replace(/\/api$/, ''), 'monitor_guard');
  await guard.open('perimeter-alarm', 'xinghe-mall', { zone: 'east-gate' });
  await new Promise((r) => setTimeout(r, 1500)); // four export intervals of the traced processes' setting
  expect(
    received.slice(before).filter((s) => s.service === 'procwf-api' && s.name.startsWith('StartWorkflow:')),
  ).toEqual([]);
}, 120_000);
