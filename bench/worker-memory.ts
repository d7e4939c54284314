import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import * as activities from '../activities';
import { loadConfig } from '../config/load';
import { quietLogger, useTempDataDir } from '../tests/support/app-worker';
import { DevServer } from '../tests/support/dev-server';
import { casePolicyFor } from '../workflows/engine/policy';
import type { RunProcedureInput } from '../workflows/engine/run-procedure';
import { getProcedure } from '../workflows/procedures';
import { workflowBundleOptions, WORKFLOW_PRELOAD_MODULES } from '../worker/workflow-bundle';
import { rssMb } from './processes';

// npm run bench:memory -- [cases]: what each cached open case costs the worker's memory, and how fast a worker takes in
// new cases (first workflow task each), with the engine shared by all cases (worker/workflow-bundle.ts) or, with
// PRELOAD=0, loaded by each case as the SDK does by default. One in-process worker and one dev server; prints JSON.
const CASES = Number(process.argv[2] ?? 500);
const PRELOAD = process.env.PRELOAD === '0' ? [] : WORKFLOW_PRELOAD_MODULES;

async function main() {
  useTempDataDir();
  const server = await DevServer.start();
  process.on('exit', () => void server.dispose());
  const bundle = await bundleWorkflowCode({
    workflowsPath: workflowBundleOptions.workflowsPath,
    preloadModules: PRELOAD,
    logger: quietLogger,
  });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection,
    taskQueue: 'memory-probe',
    workflowBundle: bundle,
    activities,
    maxCachedWorkflows: CASES + 100,
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const site = loadConfig().sites.get('chengshi-garden')!;
  const def = getProcedure('perimeter-alarm');
  gc?.();
  await new Promise((r) => setTimeout(r, 2000));
  const before = rssMb(process.pid);
  const t0 = Date.now();
  for (let i = 0; i < CASES; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, CASES - i) }, (_, j) => {
        const input: RunProcedureInput = {
          procedure: def.id,
          version: def.version,
          caseId: `probe-${i + j}`,
          number: `ZJ-PROBE-${i + j}`,
          site: site.id,
          drill: false,
          policy: casePolicyFor(def, site),
          data: { zone: `zone-${(i + j) % 50}` },
          startedBy: { id: 'probe', name: 'probe', role: 'monitor_guard' },
        };
        return client.workflow.start('runProcedure', {
          workflowId: input.caseId,
          taskQueue: 'memory-probe',
          args: [input],
        });
      }),
    );
  }
  while (worker.getStatus().numCachedWorkflows < CASES) await new Promise((r) => setTimeout(r, 200));
  const seconds = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 3000));
  const after = rssMb(process.pid);
  console.log(
    JSON.stringify({
      preload: PRELOAD,
      cases: CASES,
      rssBeforeMb: before,
      rssAfterMb: after,
      perCaseKb: Math.round(((after - before) * 1024) / CASES),
      firstTasksSeconds: seconds,
      casesPerSecond: Math.round(CASES / seconds),
    }),
  );
  worker.shutdown();
  await running;
  await server.dispose();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
