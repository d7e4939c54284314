import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WORKFLOW_TRACING_MODULE } from '../worker/tracing';
import { BUILT_TRACED_WORKFLOW_BUNDLE, BUILT_WORKFLOW_BUNDLE, workflowBundleOptions } from '../worker/workflow-bundle';

/**
 * Part of `npm run build`: the workflow bundle prebuilt into dist/workflow-bundle.js (with the shared engine
 * preloaded), which the built worker loads instead of running webpack at every start (worker/workflow-bundle.ts), and
 * the same with the workflow tracing interceptors into dist/workflow-bundle-traced.js (loaded when traces are on).
 * Usage: tsx scripts/build-workflow-bundle.ts            both bundles into dist/
 *        tsx scripts/build-workflow-bundle.ts [--traced] FILE   one bundle (for WORKFLOW_BUNDLE)
 */
async function main() {
  const args = process.argv.slice(2);
  const traced = args.includes('--traced');
  const file = args.find((a) => a !== '--traced');
  if (file) return build(path.resolve(file), traced);
  await build(BUILT_WORKFLOW_BUNDLE, false);
  await build(BUILT_TRACED_WORKFLOW_BUNDLE, true);
}

/** Bundles the workflows into `out`, with the tracing interceptors when `traced`. */
async function build(out: string, traced: boolean) {
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowBundleOptions.workflowsPath,
    preloadModules: workflowBundleOptions.preloadModules,
    workflowInterceptorModules: traced ? [WORKFLOW_TRACING_MODULE] : [],
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle: ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KiB)`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
