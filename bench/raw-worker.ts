import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { RawActivities } from './raw-workflow';

// The raw baseline's worker, in its own process like the app's worker: only the trivial workflows of raw-workflow.ts.
async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.RAW_QUEUE ?? 'bench-raw',
    workflowsPath: require.resolve('./raw-workflow'),
    // rawCase's local activity: nothing to write, so the figure is Temporal's and the SDK's alone.
    activities: { rawNotice: async () => {} } satisfies RawActivities,
  });
  console.log('raw worker started');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
