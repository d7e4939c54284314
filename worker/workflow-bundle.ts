/**
 * Modules the SDK loads once into the worker's shared V8 context, before any case: the loader that keeps one copy of
 * the procedures and the engine for every case (workflows/engine/shared-engine.ts explains why it is not the engine
 * itself). Without it every cached case carries its own copy, ~3 MB each.
 */
export const WORKFLOW_PRELOAD_MODULES = [require.resolve('../workflows/engine/shared-engine')];

/** Where the workflows are, and what to preload: the same for the worker, a prebuilt bundle and the tests. */
export const workflowBundleOptions = {
  workflowsPath: require.resolve('../workflows'),
  preloadModules: WORKFLOW_PRELOAD_MODULES,
};
