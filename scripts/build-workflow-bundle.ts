import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_WORKFLOW_BUNDLE, workflowBundleOptions } from '../worker/workflow-bundle';

/**
 * Part of `npm run build`: the workflow bundle prebuilt into dist/workflow-bundle.js (with the shared engine
 * preloaded), which the built worker loads instead of running webpack at every start (worker/workflow-bundle.ts).
 * Usage: tsx scripts/build-workflow-bundle.ts [out-file]
 */
async function main() {
  const out = path.resolve(process.argv[2] ?? BUILT_WORKFLOW_BUNDLE);
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowBundleOptions.workflowsPath,
    preloadModules: workflowBundleOptions.preloadModules,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle: ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KiB)`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
