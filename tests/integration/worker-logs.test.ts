import { Writable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createApp } from '../../api/app';
import { TASK_QUEUE } from '../../config/paths';
import { installRuntime } from '../../worker/runtime';
import { useTimeSkippingWorker } from '../support/app-worker';
import { bearerOf, openAlarmOn } from '../support/http-api';
import { shortDeadlineConfig } from '../support/short-deadlines';
import { waitFor } from '../support/wait';

// Issue 22, logs: the SDK's logger goes through pino, as the worker installs it (worker/runtime.ts), so its lines are
// JSON like the app's, and a line about a case carries caseId and workflowId. Read here from pino's output.
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
installRuntime({ logger: pino({ name: 'worker', level: 'info' }, sink) });

let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
useTimeSkippingWorker(TASK_QUEUE, (ready) => {
  env = ready;
  // The demo policy's dispatch rung also asks for e-mail: with no SMTP here, the e-mail activity logs that it skipped.
  app = createApp({
    client: env.client,
    config: shortDeadlineConfig(),
    logger: pino({ level: 'silent' }),
  });
});

it('writes the SDK’s lines as JSON, with caseId and workflowId on a line about a case', async () => {
  const monitor = await bearerOf(app, 'monitor_guard');
  const caseId = await openAlarmOn(app, monitor);
  await env.sleep(31_000); // the 30-second dispatch deadline passes: rung 1 (in-app and e-mail) to the squad leader
  const line = await waitFor(
    () =>
      lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.caseId === caseId && String(l.msg).startsWith('email not configured')),
    { timeoutMs: 60_000, what: `a log line about ${caseId}` },
  );
  expect(line).toMatchObject({
    level: 30,
    name: 'worker',
    component: 'temporal',
    caseId,
    workflowId: caseId,
    activityType: 'notify',
    sdkComponent: 'activity',
  });
  // Every line the SDK wrote is JSON (JSON.parse above would have thrown), the worker's own state lines among them.
  expect(lines.map((l) => JSON.parse(l) as { msg: string }).some((l) => l.msg === 'Worker state changed')).toBe(true);
}, 120_000);
