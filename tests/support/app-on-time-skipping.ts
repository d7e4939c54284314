import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../../api/app';
import type { AppConfig } from '../../config';
import { TASK_QUEUE } from '../../config/paths';
import { useTimeSkippingWorker } from './app-worker';

/**
 * Gives a test file the whole API app (silent log) on a time-skipping Temporal server with the app's worker, for
 * all its tests: `app()` and `env()` are set once the server is up (in a beforeAll), and throw before that.
 */
export function useAppOnTimeSkipping(config: AppConfig): {
  app: () => ReturnType<typeof createApp>;
  env: () => TestWorkflowEnvironment;
} {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let ready: { app: ReturnType<typeof createApp>; env: TestWorkflowEnvironment } | undefined;
  useTimeSkippingWorker(TASK_QUEUE, (env) => {
    ready = { env, app: createApp({ client: env.client, config, logger: pino({ level: 'silent' }) }) };
  });
  const got = () => {
    if (!ready) throw new Error('the time-skipping server is not up yet: use app() and env() inside tests');
    return ready;
  };
  return { app: () => got().app, env: () => got().env };
}
