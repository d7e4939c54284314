import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import * as activities from '../../activities';
import type { SpanPipeline } from '../../config';
import { tracingWorkerOptions, WORKFLOW_TRACING_MODULE } from '../../worker/tracing';
import { workflowBundleOptions } from '../../worker/workflow-bundle';
import { appWorkflowBundle, deliveredView, quietLogger, useTempDataDir } from '../support/app-worker';
import { caseRunner, historiesDir } from '../support/procedure-cases';
import { createTimeSkippingEnv } from '../support/time-skipping';

// Issue 22 point 3, traces inside workflows: turning OTLP traces on or off must not break an open case. A worker with
// traces runs the workflow interceptors in the sandbox (worker/tracing.ts); every committed history (recorded without
// them, but perimeter-traced-worker.json) replays with them, and a case run with them replays without them and with
// them, exporting nothing again.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'replay-traced';
const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));

/** A span pipeline that keeps what it is given, as config/tracing.ts's would send it by OTLP. */
function memoryPipeline(): SpanPipeline & { exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const resource = resourceFromAttributes({ 'service.name': 'replay-traced-test' });
  return { exporter, processor: new SimpleSpanProcessor({ exporter }), resource };
}

/** Options of a traced worker on a prebuilt bundle: its activity interceptors and the workflows' span sink. */
function tracedOptions(pipeline: SpanPipeline) {
  const { interceptors, sinks } = tracingWorkerOptions(pipeline);
  return { interceptors: { activity: interceptors?.activity }, sinks };
}

let traced: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The app's workflow bundle with the tracing interceptors, as `npm run build` makes dist/workflow-bundle-traced.js. */
function tracedBundle(): Promise<WorkflowBundleWithSourceMap> {
  traced ??= bundleWorkflowCode({
    ...workflowBundleOptions,
    workflowInterceptorModules: [WORKFLOW_TRACING_MODULE],
    logger: quietLogger,
  });
  return traced;
}

describe('replay with the workflow tracing interceptors', () => {
  const replayed = memoryPipeline();

  it.each(files)('%s replays on a traced worker', async (file) => {
    const history = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await tracedBundle(), ...tracedOptions(replayed) }, history, file);
  });

  it('exports no span while replaying', () => {
    expect(replayed.exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('a case run on a traced worker', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    useTempDataDir();
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const { open, step, record } = caseRunner('perimeter-alarm', taskQueue, () => env);

  it('sends its spans from inside the workflow, and replays with traces off and on', async () => {
    const pipeline = memoryPipeline();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await tracedBundle(),
      activities,
      ...tracedOptions(pipeline),
    });
    const handle = await worker.runUntil(async () => {
      const h = await open('traced', { zone: 'north-wall-3', source: 'panel' });
      await step(h, 'cameras_tracked', { climbingSeen: false }, 'monitor_guard');
      await step(h, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
      await env.sleep(6 * 60_000); // past the 5-minute patrol arrival: an escalation and its notice
      await deliveredView(h, 1);
      await step(h, 'patrol_arrived', {}, 'patrol_guard');
      const closed = { verdict: 'false_alarm', cause: 'weather_or_animal', panelReset: true };
      await step(h, 'verdict_given', closed, 'squad_leader');
      await h.result();
      return h;
    });
    const names = pipeline.exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['RunWorkflow:runProcedure', 'HandleUpdate:step', 'StartActivity:inform']),
    );

    const history = await handle.fetchHistory();
    const before = names.length;
    await Worker.runReplayHistory({ workflowBundle: await appWorkflowBundle() }, history, 'traces off');
    await Worker.runReplayHistory({ workflowBundle: await tracedBundle(), ...tracedOptions(pipeline) }, history, 'on');
    expect(pipeline.exporter.getFinishedSpans()).toHaveLength(before);
    // RECORD_HISTORIES=1 keeps it in tests/histories/, which replay.test.ts replays on the untraced bundle.
    await record('perimeter-traced-worker', handle);
  });
});
