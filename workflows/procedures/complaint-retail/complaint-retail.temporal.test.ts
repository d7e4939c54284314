import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { useTimeSkippingWorker } from '../../../tests/support/app-worker';
import { caseRunner } from '../../../tests/support/procedure-cases';

// complaint-retail on the time-skipping Temporal test server: deadlines cross by skipped time, not by waiting.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'complaint-retail-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
const cases = caseRunner('complaint-retail', taskQueue, () => env);
const minutes = (n: number) => n * 60_000;

describe('complaint-retail on the time-skipping test server', () => {
  it('escalates a missed response to the squad leader at 15 minutes, then to the security captain', async () => {
    const handle = await cases.open('late', { description: 'test' });
    await env.sleep(minutes(14));
    expect((await cases.view(handle)).escalations).toEqual([]);
    await env.sleep(minutes(2));
    expect((await cases.view(handle)).escalations.map((e) => [e.timer, e.to])).toEqual([['response', 'squad_leader']]);
    await env.sleep(minutes(15));
    expect((await cases.view(handle)).escalations.map((e) => e.to)).toEqual(['squad_leader', 'security_captain']);
    const v = await cases.step(handle, 'response_recorded', { action: 'went there' }, 'squad_leader');
    expect(v.state).toBe('closing');
    await cases.record('complaint-retail-late-response', handle);
  });

  it('runs to the end in time without escalating', async () => {
    const handle = await cases.open('in-time', { description: 'test' });
    await cases.step(handle, 'response_recorded', { action: 'went there' }, 'squad_leader');
    await cases.step(handle, 'case_closed', { summary: 'done' }, 'security_captain');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closed', timers: [], escalations: [] });
    await cases.record('complaint-retail-closed', handle);
  });
});
