import { workerOptionsFromEnv } from '../../worker';
import { startApiProcess, startWorkerProcess } from '../support/app-processes';
import { useDevServer } from '../support/dev-server-fixture';
import { apiAs } from '../support/http-api';
import { ancestorsOf, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { waitFor } from '../support/wait';

// Issue 22 point 3: with OTEL_EXPORTER_OTLP_ENDPOINT set, the API and the worker send OpenTelemetry traces by OTLP/HTTP
// (here to a receiver in this test). A step is one trace from the HTTP request to the activity it causes: the API's
// POST and the Temporal Update it makes, the workflow's Update handler and the activity it starts (spans made inside
// the workflow sandbox by the workflow interceptors, handed out by a sink), and the activity's run on the worker.
const fixture = useDevServer();
const taskQueue = 'tracing';

let otlp: OtlpReceiver;
let received: ReceivedSpan[];
beforeAll(async () => {
  otlp = await startOtlpReceiver();
  received = otlp.received;
});
afterAll(async () => {
  await Promise.all(fixture.processes.map((p) => p.stop()));
  await otlp?.close();
});

it('sends a step as one trace: HTTP request, Update, Update handler in the workflow, the activity it starts, its run', async () => {
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' };
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
  // Step 3 of the perimeter alarm: the squad leader is told (the `inform` activity).
  await guard.step(caseId, 'cameras_tracked', { climbingSeen: false });
  const chain = [
    'procwf-worker RunActivity:inform',
    'procwf-worker StartActivity:inform',
    'procwf-worker HandleUpdate:step',
    'procwf-api StartWorkflowUpdate:step',
  ];
  await waitFor(() => chain.every((n) => otlp.names().includes(n)), {
    timeoutMs: 60_000,
    what: 'spans of the step',
  }).catch((err: Error) => {
    throw new Error(`${err.message}; received: ${otlp.names().join(', ')}`);
  });
  // From the activity's run up to the HTTP request, each span's parent is the next: one trace, none cut off.
  const run = received.find((s) => s.name === 'RunActivity:inform')!;
  const ancestors = ancestorsOf(run, received);
  expect(ancestors.slice(0, 3)).toEqual(chain.slice(1));
  expect(ancestors.at(-1)).toMatch(/^procwf-api POST/);
  const services = new Set(received.filter((s) => s.traceId === run.traceId).map((s) => s.service));
  expect([...services].sort()).toEqual(['procwf-api', 'procwf-worker']);
}, 240_000);

it('sends nothing, from the API or from inside workflows, when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
  const before = received.length;
  const untracedQueue = 'untraced';
  const common = { TEMPORAL_ADDRESS: fixture.server.address, DATA_DIR: fixture.dataDir, TASK_QUEUE: untracedQueue };
  fixture.processes.push(
    await startWorkerProcess({
      address: fixture.server.address,
      taskQueue: untracedQueue,
      dataDir: fixture.dataDir,
      name: 'worker-untraced',
    }),
  );
  const api = await startApiProcess({ name: 'api-untraced', env: common });
  fixture.processes.push(api.process);
  const guard = await apiAs(api.base.replace(/\/api$/, ''), 'monitor_guard');
  const { caseId } = await guard.open('perimeter-alarm', 'xinghe-mall', { zone: 'east-gate' });
  await guard.step(caseId, 'cameras_tracked', { climbingSeen: false });
  await new Promise((r) => setTimeout(r, 1500)); // seven export intervals of the traced processes' setting
  expect(received.filter((s) => s.attributes.includes(caseId))).toEqual([]);
  expect(received.slice(before).filter((s) => s.service === 'procwf-api')).toEqual([]);
  // Without the variable a worker gets no tracing interceptors, no workflow interceptor module and no sink.
  expect(workerOptionsFromEnv({})).not.toHaveProperty('interceptors');
  expect(workerOptionsFromEnv({})).not.toHaveProperty('sinks');
}, 240_000);
