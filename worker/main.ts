import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { createWorker } from './create-worker';

const log = pino({ name: 'worker' });

async function main() {
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const connection = await NativeConnection.connect({ address });
  const worker = await createWorker(connection);
  log.info({ address, taskQueue: worker.options.taskQueue }, 'worker started');
  // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks are done (the SDK installs the handlers).
  await worker.run();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  log.error(err, 'worker failed');
  process.exit(1);
});
