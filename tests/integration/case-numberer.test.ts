import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { CaseNumberer } from '../../api/cases/case-numbers';
import { TASK_QUEUE } from '../../config/paths';
import { useTimeSkippingWorker } from '../support/app-worker';

// The API's side of case numbers against a real Temporal test server and the app's worker: a burst of starts for one
// sequence shares a few Updates instead of one each, and still gets every number once, from 1 up.
Runtime.install({ logger: new DefaultLogger('WARN') });
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(TASK_QUEUE, (ready) => (env = ready));

const site = (id: string) => ({ id, calendar: { zone: 'Asia/Shanghai' } });
const seq = (formatted: string) => Number(formatted.slice(-4));
const nextTurn = () => new Promise((r) => setImmediate(r));

it('numbers 60 concurrent starts 1..60 with a few Updates', async () => {
  const numberer = new CaseNumberer(env.client);
  const first = numberer.number('ZJ', site('burst'), 'case-0');
  await nextTurn(); // the first request's Update is on its way: the rest must wait for it, then go together
  const rest = Array.from({ length: 59 }, (_, i) => numberer.number('ZJ', site('burst'), `case-${i + 1}`));
  const numbers = (await Promise.all([first, ...rest])).map(seq);
  expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1)); // in the order asked, none twice
  expect(numberer.updatesSent).toBe(2);
  // Asked again (a retried start), a case keeps its number.
  expect(seq(await numberer.number('ZJ', site('burst'), 'case-7'))).toBe(8);
});

it('numbers two sequences independently', async () => {
  const numberer = new CaseNumberer(env.client);
  const ask = (siteId: string, prefix: string) =>
    Array.from({ length: 30 }, (_, i) => numberer.number(prefix, site(siteId), `${prefix}-${siteId}-${i}`));
  const [a, b, c] = await Promise.all([
    Promise.all(ask('east', 'ZJ')),
    Promise.all(ask('west', 'ZJ')),
    Promise.all(ask('east', 'QT')),
  ]);
  for (const numbers of [a, b, c]) expect(numbers.map(seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  expect(a[0]).toMatch(/^ZJ-\d{8}-0001$/);
  expect(c[0]).toMatch(/^QT-\d{8}-0001$/);
  expect(numberer.updatesSent).toBe(3); // one per sequence: each burst fits one batch
});

it('caps a batch, and carries a sequence on from its last number once it is gone', async () => {
  const numberer = new CaseNumberer(env.client, 10);
  const numbers = await Promise.all(Array.from({ length: 25 }, (_, i) => numberer.number('ZJ', site('cap'), `c${i}`)));
  expect(numbers.map(seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  expect(numberer.updatesSent).toBe(3); // 10 + 10 + 5
  const sequenceId = `case-number-ZJ-cap-${numbers[0]?.slice(3, 11)}`;
  await env.client.workflow.getHandle(sequenceId).terminate('test: the sequence is gone');
  // A new run of the day's sequence goes on from the last number: no number of the day is handed out twice.
  expect(seq(await numberer.number('ZJ', site('cap'), 'after'))).toBe(26);
  expect(seq(await numberer.number('ZJ', site('cap'), 'c3'))).toBe(4); // a case numbered before keeps its number
  const runs = await env.client.workflow.getHandle(sequenceId).describe();
  expect(runs.status.name).toBe('RUNNING');
});

it('hands an error for a batch to every start waiting on it, hangs none, and goes on afterwards', async () => {
  const numberer = new CaseNumberer(env.client);
  const first = numberer.number('ZJ', site('broken'), 'b0');
  await nextTurn();
  // The next batch holds an id the workflow's validator refuses (empty): the whole batch fails, with no number taken.
  const rest = ['b1', 'b2', '', 'b3'].map((id) => numberer.number('ZJ', site('broken'), id));
  const settled = await Promise.allSettled([first, ...rest]);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected']);
  for (const s of settled.slice(1))
    expect((s as PromiseRejectedResult).reason).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(seq(await numberer.number('ZJ', site('broken'), 'b1'))).toBe(2);
});
