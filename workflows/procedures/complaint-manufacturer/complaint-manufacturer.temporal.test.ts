import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { useTimeSkippingWorker } from '../../../tests/support/app-worker';
import { caseRunner } from '../../../tests/support/procedure-cases';
import { complaintManufacturerV1 as complaintManufacturer } from '.';

// complaint-manufacturer on the time-skipping Temporal test server: deadlines cross by skipped time, not by waiting.
// The 1-hour form (作业流程 5.2.2) is calendar time; the visit's 2 working days (程序 4.2) skip the weekend.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'complaint-manufacturer-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
const cases = caseRunner('complaint-manufacturer', taskQueue, () => env, { by: 'salesperson' });
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const intake = complaintManufacturer.example.data;
const iso = (ms: number) => new Date(ms).toISOString();

/** The first Friday 17:00 in Shanghai (09:00 UTC; no DST there) after `from`. */
const nextFriday1700Shanghai = (from: number): number => {
  const d = new Date(from);
  const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9, 0, 0);
  for (let day = 0; day < 8; day++) {
    const candidate = t + day * DAY;
    if (new Date(candidate).getUTCDay() === 5 && candidate > from) return candidate;
  }
  throw new Error('no Friday within a week');
};

/** Skips the test server's clock to the next Friday 17:00 in Shanghai and opens a case there; returns it and its start. */
async function openOnFridayEvening(name: string, data: Record<string, unknown> = intake) {
  const probe = await cases.open(`clock-${name}`, data, 1);
  const now = Date.parse((await cases.view(probe)).startedAt);
  await env.sleep(nextFriday1700Shanghai(now) - now);
  const handle = await cases.open(name, data, 1);
  return { handle, start: Date.parse((await cases.view(handle)).startedAt) };
}

const formSteps = async (handle: Awaited<ReturnType<typeof cases.open>>) => {
  await cases.step(handle, 'handling_form_issued', { formNo: 'TS-001' }, 'salesperson');
  await cases.step(handle, 'handling_form_approved', {}, 'dept_head');
  return cases.step(handle, 'handling_form_signed', { qeEngineer: '吴工' }, 'qa_dept');
};

describe('complaint-manufacturer on the time-skipping test server', () => {
  it('escalates a handling form not issued 1 hour after a Friday-evening complaint (calendar time: 作业流程 5.2.2)', async () => {
    const { handle, start } = await openOnFridayEvening('late-form');
    const opened = await cases.view(handle);
    expect(opened.timers.find((t) => t.id === 'handling_form')!.dueAt).toBe(iso(start + HOUR));
    await env.sleep(59 * MIN);
    expect((await cases.view(handle)).escalations).toEqual([]);
    await env.sleep(2 * MIN);
    expect((await cases.view(handle)).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['handling_form', 'dept_head'],
    ]);
    await env.sleep(30 * MIN); // the ladder goes on after 30 minutes, on a Friday night all the same
    expect((await cases.view(handle)).escalations.map((e) => e.to)).toEqual(['dept_head', 'marketing_vp']);
    const v = await cases.step(handle, 'handling_form_issued', { formNo: 'TS-002' }, 'salesperson');
    expect(v.state).toBe('awaitingFormApproval');
    await cases.record('complaint-manufacturer-late-form', handle);
  });

  it('counts the salesperson’s 2 working days from Friday 17:00 to Tuesday 17:00, across the weekend (程序 4.2)', async () => {
    const { handle, start } = await openOnFridayEvening('late-visit');
    const signed = await formSteps(handle);
    expect(signed.state).toBe('awaitingVisit');
    const tuesday = start + 4 * DAY;
    expect(signed.timers.find((t) => t.id === 'visit')!.dueAt).toBe(iso(tuesday));
    await env.sleep(3 * DAY + HOUR); // Monday 18:00: one working day gone, not two
    expect((await cases.view(handle)).escalations).toEqual([]);
    await env.sleep(tuesday - start - 3 * DAY - HOUR + 1000);
    expect((await cases.view(handle)).escalations).toEqual([
      expect.objectContaining({ timer: 'visit', to: 'dept_head', dueAt: iso(tuesday) }),
    ]);
    const v = await cases.step(handle, 'customer_visited', { findings: '异响', cause: 'misuse' }, 'salesperson');
    expect(v.state).toBe('investigating');
    expect(v.deadlines.find((d) => d.timer === 'visit')).toMatchObject({ outcome: 'late' });
    await cases.record('complaint-manufacturer-late-visit', handle);
  });

  it('runs to the end in time without escalating', async () => {
    const handle = await cases.open('in-time', intake, 1);
    await formSteps(handle);
    await cases.step(handle, 'customer_visited', { findings: '3 台轴承异响', cause: 'product_quality' }, 'salesperson');
    const plan = {
      responsibleDept: '装配车间',
      rootCause: '压装力不足',
      correctiveAction: '返修',
      preventiveAction: '加检',
    };
    await cases.step(handle, 'corrective_plan_proposed', plan, 'dept_head');
    await cases.step(handle, 'corrective_plan_reviewed', { verdict: 'passed', comment: '可行' }, 'qa_dept');
    await cases.step(handle, 'corrective_action_decided', { decision: 'approved' }, 'management_rep');
    await cases.step(handle, 'reply_approved', { reply: '免费更换' }, 'marketing_vp');
    await cases.step(handle, 'customer_replied', { customerAccepts: true }, 'salesperson');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closed', timers: [], escalations: [] });
    await cases.record('complaint-manufacturer-closed', handle);
  });
});
