import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { useTimeSkippingWorker } from '../support/app-worker';
import { caseRunner } from '../support/procedure-cases';

// Issue 13 §3 on the real workflow (time-skipping test server): a deadline's record says what happened, with the
// step's time, as the reports read it from the case view.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'deadline-outcomes-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
const perimeter = caseRunner('perimeter-alarm', taskQueue, () => env);
const complaint = caseRunner('complaint', taskQueue, () => env);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('deadline records on the workflow', () => {
  it('a patrol one minute late leaves patrol_arrival late at its arrival time, not missed at the due time', async () => {
    const handle = await perimeter.open('late-patrol', { zone: 'north-wall-3', source: 'panel' });
    const start = Date.parse((await perimeter.view(handle)).startedAt);
    await env.sleep(40_000);
    await perimeter.step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    await env.sleep(6 * MINUTE - 40_000);
    const arrived = await perimeter.step(handle, 'patrol_arrived', {}, 'patrol_guard');
    const arrivedAt = arrived.history.find((h) => h.type === 'patrol_arrived')!.at;
    await env.sleep(MINUTE);
    const closed = await perimeter.step(
      handle,
      'verdict_given',
      { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true },
      'patrol_guard',
    );
    expect(closed.status).toBe('closed');
    const record = closed.deadlines.find((d) => d.timer === 'patrol_arrival')!;
    expect(record).toMatchObject({ outcome: 'late', dueAt: new Date(start + 5 * MINUTE).toISOString() });
    expect(record.endedAt).toBe(arrivedAt);
    expect(Date.parse(record.endedAt!) - start).toBeGreaterThanOrEqual(6 * MINUTE);
    // It did escalate: late is a passed deadline.
    expect(closed.escalations.some((e) => e.timer === 'patrol_arrival')).toBe(true);
  });

  it('a complaint whose customer is called every day has every follow-up round met at its call, no escalation', async () => {
    const handle = await complaint.open('daily-calls', {
      customer: { name: '张女士', phone: '138 0013 8000' },
      channel: 'phone',
      location: '星河湾 3 栋 1201',
      category: 'workmanship',
      description: '卫生间漏水',
      request: '尽快维修',
    });
    const callTimes: string[] = [];
    for (let day = 0; day < 2; day++) {
      await env.sleep(day === 0 ? 2 * 60 * MINUTE : DAY);
      const after = await complaint.step(
        handle,
        'follow_up_called',
        { reached: true, outcome: '客户确认已安排维修' },
        'cs_agent',
      );
      callTimes.push(after.history.filter((h) => h.type === 'follow_up_called').at(-1)!.at);
    }
    await env.sleep(DAY);
    const view = await complaint.view(handle);
    const rounds = view.deadlines.filter((d) => d.timer === 'follow_up');
    expect(rounds.slice(0, 2).map((d) => [d.outcome, d.endedAt])).toEqual(callTimes.map((at) => ['met', at]));
    expect(view.escalations.filter((e) => e.timer === 'follow_up')).toEqual([]);
  });
});
