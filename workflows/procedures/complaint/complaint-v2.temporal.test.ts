import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '../../../config/load';
import { useTimeSkippingWorker } from '../../../tests/support/app-worker';
import { caseRunner } from '../../../tests/support/procedure-cases';
import { dueAt } from '../../calendar';
import { casePolicyFor } from '../../engine/policy';
import { getProcedure } from '..';
import { decorationSteps as s } from './deadline-scenarios';

// Complaint v2 (the home-decoration contractor, 客诉规则 1–14) on the time-skipping Temporal server, with the demo
// site 家逸装饰's own calendar (Mon–Fri, 09:00–12:00 and 13:30–18:00, China's holidays and make-up days): working-time
// deadlines cross a weekend by skipped time; the agreed-visit watch (规则 3) runs two calendar days with no call.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'complaint-v2-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

const def = getProcedure('complaint', 2);
const site = loadConfig().sites.get('jiayi-decoration')!;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const cases = caseRunner('complaint', taskQueue, () => env, { by: 'cs_agent', visibility: false, site });
const openCase = (name: string, data: Record<string, unknown> = def.example.data) => cases.open(name, data, 2);
const send = (handle: WorkflowHandle, step: { type: string; data: Record<string, unknown>; role: string }) =>
  cases.step(handle, step.type, step.data, step.role);
const view = (handle: WorkflowHandle) => cases.view(handle);
const told = async (handle: WorkflowHandle) => (await view(handle)).escalations.map((e) => `${e.timer}:${e.to}`);

/** Skips the test server's clock to the next Friday 17:00 in Shanghai that is a working day of the site. */
async function skipToFridayAfternoon(): Promise<number> {
  const now = await env.currentTimeMs();
  const local = new Date(now + 8 * HOUR);
  let days = (5 - local.getUTCDay() + 7) % 7;
  let target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, 17) - 8 * HOUR;
  while (target <= now + MIN || dueAt('PT1M', target, casePolicyFor(def, site, target).calendar) !== target + MIN) {
    days += 7;
    target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, 17) - 8 * HOUR;
  }
  await env.sleep(target - now);
  return target;
}

describe('complaint v2 on the time-skipping test server (家逸装饰 calendar)', () => {
  it('gives the rectification notice one working day across the weekend, Friday 17:00 → Monday 17:00 (规则 5)', async () => {
    const friday = await skipToFridayAfternoon();
    const handle = await openCase('weekend');
    const calendar = casePolicyFor(def, site, friday).calendar;
    const due = dueAt('1WD', friday, calendar);
    // A plain weekend: Monday 17:00, three calendar days later (more when Monday is a holiday).
    expect(due).toBeGreaterThanOrEqual(friday + 3 * DAY - MIN);
    await send(handle, s.unreachable); // 规则 5: a letter nobody can reach does not hold the notice up
    await env.sleep(due - (await env.currentTimeMs()) - 5 * MIN);
    expect(await told(handle)).not.toContain('rectification:branch_gm');
    await env.sleep(10 * MIN);
    expect(await told(handle)).toContain('rectification:branch_gm');
    const v = await send(handle, s.rectificationIssued);
    expect(v.context.rectification).not.toBeNull();
  });

  it('hands the case to the general manager two days after a missed agreed visit, with no call in between (规则 3)', async () => {
    const handle = await openCase('agreed-visit');
    const visitAt = (await env.currentTimeMs()) + 2 * HOUR;
    await send(handle, {
      ...s.visitAgreed,
      data: { ...s.visitAgreed.data, appointment: { at: new Date(visitAt).toISOString(), purpose: '上门查漏' } },
    });
    await env.sleep(visitAt + 2 * DAY - (await env.currentTimeMs()) - 5 * MIN);
    expect((await view(handle)).context.owner).toBe('dept_manager');
    await env.sleep(10 * MIN);
    const v = await view(handle);
    expect(v.context.owner).toBe('gm');
    expect(v.escalations.map((e) => `${e.timer}:${e.to}`)).toContain('agreed_visit:gm');
  });

  it('runs a complaint with a confirmed penalty to the end; only the confirmed charge is in the ledger', async () => {
    const handle = await openCase('closed');
    for (const step of [
      s.recordConfirmed,
      s.contacted,
      s.rectificationIssued,
      s.repeat,
      s.penaltyConfirmed,
      s.rectified,
      s.resultAccepted,
      s.closed,
    ])
      await send(handle, step);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedResolved', timers: [] });
    expect(def.ledger!(result.context)).toEqual([expect.objectContaining({ account: 'project', amount: 100 })]);
    await cases.record('complaint-v2-closed', handle);
  });
});
