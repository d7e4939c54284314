import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../../api/app';
import type { Clock } from '../../api/clock';
import { loadConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { useTimeSkippingWorker } from './app-worker';
import { bearerFor } from './http-api';

/**
 * The whole API (`createApp`, the repository's config/, a silent logger) over the time-skipping test server, with a
 * worker on the app's task queue for this test file (see useTimeSkippingWorker). Call at module level: `app()` and
 * `env()` give the app and the server inside tests (they throw before the file's beforeAll started them), `auth(user)`
 * the demo user's `Authorization` header value, one sign-in per user. `clock` is the API's clock (sessions, and the
 * on-duty roster's facts about the people a step names); the process's own by default.
 */
export function timeSkippingApp(clock?: Clock) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let ready: { env: TestWorkflowEnvironment; app: ReturnType<typeof createApp> } | undefined;
  useTimeSkippingWorker(TASK_QUEUE, (env) => {
    ready = {
      env,
      app: createApp({
        client: env.client,
        config: loadConfig(),
        logger: pino({ level: 'silent' }),
        ...(clock ? { clock } : {}),
      }),
    };
  });
  const started = () => {
    if (!ready) throw new Error('the time-skipping app is not started yet (use it inside a test)');
    return ready;
  };
  const app = () => started().app;
  return { app, env: () => started().env, auth: bearerFor(app) };
}
