import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config';

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

/** Where `npm run build` writes the prebuilt workflow bundle (scripts/build-workflow-bundle.ts). */
export const BUILT_WORKFLOW_BUNDLE = path.join(repoRoot, 'dist', 'workflow-bundle.js');

/**
 * Where `npm run build` writes the same bundle with the workflow tracing interceptors (worker/tracing.ts) in it, which
 * a built worker loads when traces are on. Two bundles, so that a worker without traces runs no tracing code inside
 * its workflows: a prebuilt bundle's interceptors are fixed when it is built, the worker's options cannot add them.
 */
export const BUILT_TRACED_WORKFLOW_BUNDLE = path.join(repoRoot, 'dist', 'workflow-bundle-traced.js');

/**
 * The prebuilt bundle a worker compiled by `npm run build` (running as JavaScript from dist/) loads by default, the
 * traced one when `traced`; undefined when running from TypeScript (tsx, jest: bundled at start from the sources) or
 * when there is none.
 */
export function builtWorkflowBundle(traced = false): string | undefined {
  const compiled = path.extname(__filename) === '.js';
  const bundle = traced ? BUILT_TRACED_WORKFLOW_BUNDLE : BUILT_WORKFLOW_BUNDLE;
  return compiled && existsSync(bundle) ? bundle : undefined;
}
