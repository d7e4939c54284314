/**
 * The worker's front door: a Temporal worker for the app's workflows and activities (`createWorker`), the bundle
 * options it and the tests share, and the sync of the sites' recurring reminders into Temporal Schedules. The process
 * itself is `worker/main.ts`. Nothing in the app imports the worker; tests and the bench do, through this module.
 */
export { createWorker, workerOptionsFromEnv } from './create-worker';
export { specOf, syncRecurringSchedules, type SyncResult } from './recurring-schedules';
export { WORKFLOW_PRELOAD_MODULES, workflowBundleOptions } from './workflow-bundle';
