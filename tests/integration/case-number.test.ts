import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { caseNumberSequence } from '../../workflows/engine/case-number';
import { nextNumberUpdate } from '../../workflows/engine/messages';
import { useTimeSkippingWorker } from '../support/app-worker';

// The day's case numbers: one after another, each case's number asked again is the same, and a busy day that rolls
// the sequence over to a new run (continue-as-new) goes on counting instead of starting again at 1.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'case-number-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

it('keeps counting across continue-as-new, and answers a repeated case id with its number', async () => {
  const handle = await env.client.workflow.start(caseNumberSequence, {
    workflowId: 'case-number-ZJ-test-site-20261125',
    taskQueue,
    args: [0, 40], // roll over every 40 history events: a few numbers per run
  });
  const firstRun = handle.firstExecutionRunId;
  const numbers: number[] = [];
  for (let i = 1; i <= 30; i++) {
    numbers.push(await handle.executeUpdate(nextNumberUpdate, { updateId: `case-${i}` }));
  }
  expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  const { runId } = await handle.describe();
  expect(runId).not.toBe(firstRun); // it did roll over
  // The same case asks again (a retried create) within the current run: the same number.
  expect(await handle.executeUpdate(nextNumberUpdate, { updateId: 'case-30' })).toBe(30);

  await env.sleep('49 hours'); // past its day: the last run ends with the last number
  expect(await handle.result()).toBe(30);
  if (process.env.RECORD_HISTORIES === '1') {
    const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    writeFileSync(path.join(__dirname, '..', 'histories', 'case-number-sequence.json'), historyToJSON(history));
  }
});
