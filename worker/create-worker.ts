import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import * as activities from '../activities';
import { TASK_QUEUE, type Settings, rawEnv, readEnv, spanPipeline, startTracing, tracingEnabled } from '../config';
import { tracingWorkerOptions } from './tracing';
import { builtWorkflowBundle, workflowBundleOptions } from './workflow-bundle';

/**
 * Settings from the environment (all optional): WORKFLOW_BUNDLE, a workflow bundle prebuilt with
 * `bundleWorkflowCode` (the worker then skips bundling at start, which costs seconds and leaves webpack's memory in
 * the process; a worker built by `npm run build` takes dist/workflow-bundle.js without it); WORKER_MAX_CACHED_WORKFLOWS, how many open cases the worker keeps in memory between tasks (the SDK's
 * default grows with the heap limit: ~2,300 at a 4 GB heap; a case not in the cache is replayed from its history);
 * OTEL_EXPORTER_OTLP_ENDPOINT, traces of the workflows and their activities (config/tracing.ts, worker/tracing.ts;
 * the built worker then loads dist/workflow-bundle-traced.js, and a WORKFLOW_BUNDLE must have been built with
 * `--traced` for spans inside workflows).
 */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv = rawEnv()): Partial<WorkerOptions> {
  const options: Partial<WorkerOptions> = {};
  const traced = tracingEnabled(env);
  const bundle = env.WORKFLOW_BUNDLE || builtWorkflowBundle(traced);
  if (bundle) options.workflowBundle = { codePath: bundle };
  if (env.WORKER_MAX_CACHED_WORKFLOWS) options.maxCachedWorkflows = Number(env.WORKER_MAX_CACHED_WORKFLOWS);
  if (traced) {
    // Started by worker/instrument.ts in the worker process; here for a worker created in another process (a test).
    startTracing('procwf-worker', env);
    const pipeline = spanPipeline();
    if (pipeline) {
      const { interceptors, sinks } = tracingWorkerOptions(pipeline);
      // A prebuilt bundle has its workflow interceptors built in (the SDK ignores, with a warning, any given here).
      options.interceptors = bundle ? { activity: interceptors?.activity } : interceptors;
      options.sinks = sinks;
    }
  }
  return options;
}

/**
 * A worker for the app's workflows and activities on one connection (shared by main and tests). `settings`, checked
 * at start (config/settings.ts), go to the activities, which then never read config/ themselves.
 */
export async function createWorker(
  connection: NativeConnection,
  options: Partial<WorkerOptions> = {},
  settings?: Pick<Settings, 'config' | 'channels'>,
): Promise<Worker> {
  if (settings) activities.settingsHandOver.use(settings);
  const fromEnv = workerOptionsFromEnv();
  return Worker.create({
    connection,
    namespace: readEnv().TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: TASK_QUEUE,
    ...(fromEnv.workflowBundle || options.workflowBundle
      ? {}
      : {
          workflowsPath: workflowBundleOptions.workflowsPath,
          bundlerOptions: { preloadModules: workflowBundleOptions.preloadModules },
        }),
    activities,
    ...fromEnv,
    ...options,
  });
}
