import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { useTimeSkippingWorker } from '../../../tests/support/app-worker';
import type { DeadlineStep } from '../../../tests/support/deadline-scenarios';
import { caseRunner } from '../../../tests/support/procedure-cases';
import { getProcedure } from '..';
import { carDealerSteps as s } from './deadline-scenarios';

// complaint-car-dealer on the time-skipping Temporal test server: the seed's deadlines (汽车售后 二) are clock hours —
// 1 h, 24 h / 48 h, 4 h, 8 h — crossed by skipped time, not by waiting.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'complaint-car-dealer-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
const cases = caseRunner('complaint-car-dealer', taskQueue, () => env, { by: 'cs_agent' });
const intake = getProcedure('complaint-car-dealer').example!.data;
const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;
const send = (handle: WorkflowHandle, step: DeadlineStep) => cases.step(handle, step.type, step.data, step.role);
const told = async (handle: WorkflowHandle) =>
  (await cases.view(handle)).escalations.map((e) => [e.timer, e.to] as const);

describe('complaint-car-dealer on the time-skipping test server', () => {
  it('escalates a report not made within 1 hour (二.1), then settles responsibility late after 24 hours (二.2.1))', async () => {
    const handle = await cases.open('late', intake);
    await env.sleep(minutes(59));
    expect(await told(handle)).toEqual([]);
    await env.sleep(minutes(2));
    expect(await told(handle)).toEqual([['report', 'customer_manager']]);
    await send(handle, s.formFilled);
    await env.sleep(hours(23) + minutes(58));
    expect((await told(handle)).map(([timer]) => timer)).toEqual(['report']);
    await env.sleep(minutes(3));
    expect((await told(handle)).slice(1)).toEqual([['responsibility', 'customer_manager']]);
    // The ladder's second rung: 管理部 four hours after the due time.
    await env.sleep(hours(4));
    expect((await told(handle)).slice(1)).toEqual([
      ['responsibility', 'customer_manager'],
      ['responsibility', 'admin_dept'],
    ]);
    const v = await send(handle, s.settled);
    expect(v.state).toBe('management.reviewing');
    await cases.record('complaint-car-dealer-late-report', handle);
  });

  it('gives an unreachable customer 48 hours counted from the form, not from when the customer was found unreachable', async () => {
    const handle = await cases.open('unreachable', intake);
    await send(handle, s.formFilled);
    await env.sleep(hours(20));
    expect((await send(handle, s.unreachable)).state).toBe('settling.unreachable');
    // Past the 24 hours: the 24-hour deadline no longer runs.
    await env.sleep(hours(27) + minutes(58));
    expect(await told(handle)).toEqual([]);
    // 48 hours after the form (20 h + 28 h), not 48 hours after the unreachable record (68 h).
    await env.sleep(minutes(3));
    expect(await told(handle)).toEqual([['responsibility_unreachable', 'customer_manager']]);
    await send(handle, s.settled);
  });

  it('escalates 管理部’s review after 4 hours (二.2.2)) and the closing after 8 hours of the form reaching it (二.2.3))', async () => {
    const handle = await cases.open('management', intake);
    await send(handle, s.formFilled);
    await send(handle, s.settled);
    await env.sleep(hours(4) + minutes(1));
    expect(await told(handle)).toEqual([['review', 'admin_dept']]);
    await send(handle, s.reviewed);
    await send(handle, s.decided);
    await env.sleep(hours(3) + minutes(58));
    expect(await told(handle)).toEqual([['review', 'admin_dept']]);
    await env.sleep(minutes(2));
    expect(await told(handle)).toEqual([
      ['review', 'admin_dept'],
      ['closing', 'admin_dept'],
    ]);
    const v = await send(handle, s.closed);
    expect(v.status).toBe('closed');
  });

  it('runs to the end in time without escalating', async () => {
    const handle = await cases.open('in-time', intake);
    for (const step of [s.formFilled, s.settled, s.reviewed, s.decided, s.closed]) await send(handle, step);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closed', timers: [], escalations: [] });
    await cases.record('complaint-car-dealer-closed', handle);
  });
});
