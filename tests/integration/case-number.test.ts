import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { CARRIED_CASE_IDS, caseNumberSequence } from '../../workflows/engine/case-number';
import { nextNumberUpdate, numberCasesUpdate } from '../../workflows/engine/messages';
import { useTimeSkippingWorker } from '../support/app-worker';

// The day's case numbers: one after another, each case's number asked again is the same, and a busy day that rolls
// the sequence over to a new run (continue-as-new) goes on counting instead of starting again at 1. The API numbers
// many cases in one Update (numberCasesUpdate), where the workflow, not the Update id, remembers each case's number.
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

describe('numbering cases in batches (one Update for many case ids)', () => {
  const start = (workflowId: string) =>
    env.client.workflow.start(caseNumberSequence, { workflowId, taskQueue, args: [0, 40] });
  const number = (handle: WorkflowHandle, caseIds: string[]) =>
    handle.executeUpdate(numberCasesUpdate, { args: [caseIds] });

  /** Sends batches of new case ids until the sequence has continued as new; answers what it numbered. */
  async function untilRolledOver(handle: WorkflowHandle, tag: string): Promise<Map<string, number>> {
    const { runId } = await handle.describe();
    const numbered = new Map<string, number>();
    for (let i = 0; i < 20 && (await handle.describe()).runId === runId; i++) {
      const ids = [`${tag}-${i}-a`, `${tag}-${i}-b`];
      (await number(handle, ids)).forEach((n, j) => numbered.set(ids[j] as string, n));
    }
    expect((await handle.describe()).runId).not.toBe(runId);
    return numbered;
  }

  it('hands out consecutive numbers in order, gives a numbered case id its number back, also after a roll-over', async () => {
    const handle = await start('case-number-ZJ-batch-site-20261125');
    expect(await number(handle, ['a1', 'a2', 'a3'])).toEqual([1, 2, 3]);
    expect(await number(handle, ['a2'])).toEqual([2]); // a retried start, alone
    expect(await number(handle, ['a4', 'a1', 'a5', 'a5'])).toEqual([4, 1, 5, 5]); // and inside a later batch
    // The one-number Update still works, and both draw from the same counter.
    expect(await handle.executeUpdate(nextNumberUpdate, { updateId: 'old-1' })).toBe(6);
    expect(await number(handle, ['a6'])).toEqual([7]);

    const filled = await untilRolledOver(handle, 'fill');
    const last = Math.max(...filled.values());
    expect([...filled.values()]).toEqual(Array.from({ length: filled.size }, (_, i) => 8 + i)); // no gap, no repeat
    // After the roll-over: ids numbered in an earlier run keep their numbers; new ones go on from the last.
    expect(await number(handle, ['a1', 'b1', 'a3', [...filled.keys()][0] as string])).toEqual([1, last + 1, 3, 8]);
    expect(await handle.executeUpdate(nextNumberUpdate, { updateId: 'old-2' })).toBe(last + 2);
    expect(await number(handle, ['b1', 'b2'])).toEqual([last + 1, last + 3]);

    await env.sleep('49 hours'); // past its day: the last run ends with the last number
    expect(await handle.result()).toBe(last + 3);
    if (process.env.RECORD_HISTORIES === '1') {
      const { runId } = await handle.describe();
      const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      writeFileSync(path.join(__dirname, '..', 'histories', 'case-number-batches.json'), historyToJSON(history));
    }
  });

  it(`carries only the last ${CARRIED_CASE_IDS} case ids over a roll-over`, async () => {
    const handle = await start('case-number-ZJ-carried-site-20261125');
    const ids = Array.from({ length: 1200 }, (_, i) => `big-${i}`);
    expect([...(await number(handle, ids.slice(0, 600))), ...(await number(handle, ids.slice(600)))]).toEqual(
      ids.map((_, i) => i + 1),
    );
    const filled = await untilRolledOver(handle, 'fill');
    const last = Math.max(...filled.values());
    // The newest id is still known; the oldest was left behind and is numbered anew (a gap, not a repeat).
    expect(await number(handle, ['big-1199', 'big-0'])).toEqual([1200, last + 1]);
  });

  it('refuses an empty batch without taking a number', async () => {
    const handle = await start('case-number-ZJ-refuse-site-20261125');
    await expect(number(handle, [])).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(number(handle, ['x', ''])).rejects.toThrow(WorkflowUpdateFailedError);
    expect(await number(handle, ['x'])).toEqual([1]);
  });
});
