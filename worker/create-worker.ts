import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import * as activities from '../activities';
import { TASK_QUEUE } from '../config/paths';

/** A worker for the app's workflows and activities on one connection (shared by main and tests). */
export async function createWorker(
  connection: NativeConnection,
  options: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities,
    ...options,
  });
}
