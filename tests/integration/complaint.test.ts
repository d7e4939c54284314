import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import { dueAt } from '../../workflows/calendar';
import type { CaseView, StepInput } from '../../workflows/engine/contract';
import {
  eventsBesidesWorkflowTasks,
  settledHistoryLength,
  expectRefused,
  useTimeSkippingWorker,
} from '../support/app-worker';
import { as, caseStart } from '../support/fixtures';
import { caseRunner } from '../support/procedure-cases';
import { waitFor } from '../support/wait';

// Time-skipping runs of complaint handling on the real Java test server: every deadline and every rung of its ladders
// is crossed by skipped time; working-time instants are computed with the case's calendar from the case's own times.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'complaint-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const calendar = caseStart('complaint', {}).policy.calendar;
const due = (spec: string, from: number) => dueAt(spec, from, calendar);
const iso = (ms: number) => new Date(ms).toISOString();

/** The date `days` days before now in the site's zone, YYYY-MM-DD (for a handover within rule 8's two months). */
const daysAgo = (days: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: calendar.zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now() - days * DAY);

const intake = {
  customer: { name: '张女士', phone: '13800138000' },
  channel: 'phone',
  location: '星河购物中心 B1 超市',
  category: 'product',
  subcategory: 'quality',
  description: '买到的牛奶已过期',
  request: '退货并道歉',
  declinesFollowUp: true, // keeps the daily follow-up out of the tests that look at other deadlines
};

const cases = caseRunner('complaint', taskQueue, () => env, { by: 'cs_agent', visibility: false });
// Version 1, the blend of the seed's SOPs: open cases keep running on it (version 2, the decoration contractor's, is
// tested in workflows/procedures/complaint/).
const openCase = (name: string, extra: Record<string, unknown> = {}) => cases.open(name, { ...intake, ...extra }, 1);
const { step, view, record: recordHistory } = cases;

/**
 * The case view once `timer` has fired `count` rungs: after a skip the workflow may still be handling the timer when
 * the query arrives, so wait for it.
 */
// Each rung's notice is delivered too: it ends after the rung fired, later on a loaded machine.
const escalated = (handle: WorkflowHandle, timer: string, count: number) =>
  waitFor(
    async () => {
      const v = await view(handle);
      const of = v.escalations.filter((e) => e.timer === timer);
      return of.length >= count && of.every((e) => e.notifiedVia.includes('in_app')) && v;
    },
    { timeoutMs: 60_000, what: `${count} rungs of ${timer}, delivered in-app` },
  );
const startOf = async (handle: WorkflowHandle) => Date.parse((await view(handle)).startedAt);

/** Skips the test server's clock to `ms` after the instant `at` (epoch ms). */
async function skipTo(at: number, ms = 0) {
  const now = await env.currentTimeMs();
  if (at + ms > now) await env.sleep(at + ms - now);
}

/**
 * The rungs fired for `timer`, as [level, role, dueAt] — and no rung fired before its time in `firesAt`. (No upper
 * bound: a skip over several rungs lets the test server run a rung's workflow task anywhere up to the skip's end when
 * the worker is slow; the exact `dueAt` shows the timer was set right.)
 */
function rungs(v: CaseView, timer: string, firesAt: number[] = []) {
  const fired = v.escalations.filter((e) => e.timer === timer);
  fired.forEach((e, i) => {
    const expected = firesAt[i];
    if (expected !== undefined) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(expected);
  });
  return fired.map((e) => [e.level, e.to, e.dueAt]);
}

const contact = (severity = 'normal', onSiteVisitNeeded = false) => ({
  method: 'phone',
  summary: '已致歉,安抚客户情绪',
  severity,
  onSiteVisitNeeded,
});
const corrective = {
  measure: 'corrective',
  cause: 'product_defect',
  rootCause: '临期商品未按规定下架',
  actions: ['refund', 'explanation'],
  description: '退货退款,临期商品每日检查',
};

/** Notices delivered for the case, sorted; waits for `count` of them (activities run after the step returns). */
async function noticesOf(handle: WorkflowHandle, kind: 'notice' | 'escalation', count = 0) {
  const read = async () =>
    (await readOutbox())
      .filter((n) => n.caseId === handle.workflowId && n.kind === kind)
      .map((n) => `${n.role}:${n.about}`);
  if (count > 0) await waitFor(async () => (await read()).length >= count, { what: `${count} ${kind}s` });
  return (await read()).sort();
}

describe('complaint handling on the time-skipping test server', () => {
  it('contact (规则 2): branch GM at 10 minutes, GM 10 minutes later; the contact ends the ladder', async () => {
    const handle = await openCase('late-contact');
    const start = await startOf(handle);
    // A minute before the deadline, not seconds: the test server's clock runs on in real time while the test works.
    await skipTo(start, 9 * MIN);
    expect((await view(handle)).escalations).toEqual([]);

    await skipTo(start, 10 * MIN + 1000);
    expect(rungs(await escalated(handle, 'contact', 1), 'contact', [start + 10 * MIN])).toEqual([
      [1, 'branch_gm', iso(start + 10 * MIN)],
    ]);
    await skipTo(start, 20 * MIN + 1000);
    const late = await escalated(handle, 'contact', 2);
    expect(rungs(late, 'contact', [start + 10 * MIN, start + 20 * MIN])).toEqual([
      [1, 'branch_gm', iso(start + 10 * MIN)],
      [2, 'gm', iso(start + 10 * MIN)],
    ]);
    expect(await noticesOf(handle, 'escalation', 2)).toEqual(['branch_gm:contact', 'gm:contact']);
    expect(late.escalations.every((e) => e.notifiedVia.includes('in_app'))).toBe(true);

    const contacted = await step(handle, 'customer_contacted', contact(), 'dept_manager');
    expect(contacted.state).toContain('open.handling.remedying.normal.awaitingProposal');
    expect(contacted.timers.some((t) => t.id.startsWith('contact'))).toBe(false);
  });

  it('never escalates when the manager calls back within 10 minutes and the notice goes out the same day', async () => {
    const handle = await openCase('on-time');
    const start = await startOf(handle);
    await skipTo(start, 4 * MIN);
    await step(handle, 'record_confirmed', { readBack: true }, 'cs_agent');
    await step(handle, 'customer_contacted', contact(), 'dept_manager');
    await step(
      handle,
      'rectification_issued',
      { noticeNo: 'ZG-0001', requiredActions: '临期商品下架检查', handedToCustomerService: true },
      'qc_inspector',
    );
    await skipTo(start, 2 * HOUR);
    const v = await view(handle);
    expect(v.escalations).toEqual([]);
    expect(v.timers.map((t) => t.id).sort()).toEqual(['large_complaint', 'remedy']);
  });

  it('escalated by hand (规则 1): the owner moves up and only that level or above may act', async () => {
    const handle = await openCase('by-hand');
    const up = await step(handle, 'escalated_by_hand', { reason: '客户要求更高级别处理' }, 'dept_manager');
    expect(up.context.owner).toBe('branch_gm');
    const refused = await step(handle, 'customer_contacted', contact(), 'dept_manager').then(
      () => null,
      (err: unknown) => err,
    );
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'EventNotAllowed' });
    expect((refused as WorkflowUpdateFailedError).cause?.message).toContain('byOwnerOrAbove');
    await step(handle, 'customer_contacted', contact(), 'branch_gm');
    expect(await noticesOf(handle, 'notice', 1)).toEqual(['branch_gm:escalated_by_hand']);
  });

  it('on-site visit (规则 2, "immediately"): branch GM at 2 hours after the contact, GM an hour later', async () => {
    const handle = await openCase('on-site');
    const contacted = await step(handle, 'customer_contacted', contact('normal', true), 'dept_manager');
    const at = Date.parse(contacted.updatedAt);
    expect(contacted.timers.find((t) => t.id === 'on_site_visit')?.dueAt).toBe(iso(at + 2 * HOUR));
    await skipTo(at, 3 * HOUR + 1000);
    expect(rungs(await escalated(handle, 'on_site_visit', 2), 'on_site_visit', [at + 2 * HOUR, at + 3 * HOUR])).toEqual(
      [
        [1, 'branch_gm', iso(at + 2 * HOUR)],
        [2, 'gm', iso(at + 2 * HOUR)],
      ],
    );
    const visited = await step(
      handle,
      'on_site_visited',
      { visitors: ['王经理'], findings: '已当面致歉' },
      'dept_manager',
    );
    expect(visited.state).toContain('open.handling.remedying.normal.awaitingProposal');
  });

  it('rectification notice (规则 5): one working day after registration → branch GM, then GM half a day later', async () => {
    const handle = await openCase('no-notice');
    await step(handle, 'record_confirmed', { readBack: true }, 'cs_agent');
    await step(handle, 'customer_contacted', contact(), 'dept_manager');
    const start = await startOf(handle);
    const deadline = due('1WD', start);
    const second = due('4WH', deadline);
    expect((await view(handle)).timers.find((t) => t.id === 'rectification')?.dueAt).toBe(iso(deadline));
    await skipTo(deadline, -1000);
    expect(rungs(await view(handle), 'rectification')).toEqual([]);
    await skipTo(second, 1000);
    expect(rungs(await escalated(handle, 'rectification', 2), 'rectification', [deadline, second])).toEqual([
      [1, 'branch_gm', iso(deadline)],
      [2, 'gm', iso(deadline)],
    ]);
    const issued = await step(
      handle,
      'rectification_issued',
      { noticeNo: 'ZG-0002', requiredActions: '整改', handedToCustomerService: true },
      'qc_inspector',
    );
    expect(issued.timers.some((t) => t.id.startsWith('rectification'))).toBe(false);
  });

  it('normal complaint (作业流程 5.3.1): remedy within 3 working days → branch GM, a working day later → GM', async () => {
    const handle = await openCase('slow-remedy');
    await step(handle, 'customer_contacted', contact(), 'dept_manager');
    const start = await startOf(handle);
    const deadline = due('3WD', start);
    const second = due('1WD', deadline);
    await skipTo(second, 1000);
    expect(rungs(await escalated(handle, 'remedy', 2), 'remedy', [deadline, second])).toEqual([
      [1, 'branch_gm', iso(deadline)],
      [2, 'gm', iso(deadline)],
    ]);
    await step(handle, 'remedy_proposed', corrective, 'dept_manager');
    const approved = await step(handle, 'remedy_reviewed', { approved: true }, 'qc_inspector');
    expect(approved.state).toContain('open.handling.awaitingResult');
  });

  it('major complaint: temporary countermeasure in 8 working hours, permanent in 2 working days, each with its ladder', async () => {
    const handle = await openCase('major');
    await step(handle, 'customer_contacted', contact('major'), 'dept_manager');
    const start = await startOf(handle);
    const temporary = due('8WH', start);
    const temporaryGm = due('4WH', temporary);
    const permanent = due('2WD', start);
    const permanentGm = due('1WD', permanent);
    await skipTo(temporaryGm, 1000);
    expect(
      rungs(await escalated(handle, 'temporary_countermeasure', 2), 'temporary_countermeasure', [
        temporary,
        temporaryGm,
      ]),
    ).toEqual([
      [1, 'branch_gm', iso(temporary)],
      [2, 'gm', iso(temporary)],
    ]);
    await step(
      handle,
      'remedy_proposed',
      { ...corrective, measure: 'temporary', actions: ['explanation'], description: '同批次商品全部下架' },
      'qc_inspector',
    );
    await skipTo(permanentGm, 1000);
    const late = await escalated(handle, 'permanent_countermeasure', 2);
    expect(rungs(late, 'permanent_countermeasure', [permanent, permanentGm])).toEqual([
      [1, 'branch_gm', iso(permanent)],
      [2, 'gm', iso(permanent)],
    ]);
    expect(rungs(late, 'temporary_countermeasure')).toHaveLength(2);
    await step(handle, 'remedy_proposed', corrective, 'dept_manager');
    const settled = await step(handle, 'remedy_reviewed', { approved: true }, 'qc_inspector');
    expect(settled.state).toContain('open.handling.awaitingResult');
  });

  it('repair visits (规则 8): plumbing/electrical 4 h and other repairs 24 h, each to the QC manager then the GM', async () => {
    const completed = {
      siteStage: 'completed',
      handoverDate: daysAgo(10),
      category: 'site_defined',
      siteCategory: '施工质量',
      subcategory: undefined,
    };
    const utilities = await openCase('repair-utilities', { ...completed, repairKind: 'plumbing_electrical' });
    const other = await openCase('repair-other', { ...completed, repairKind: 'other' });
    const u0 = await startOf(utilities);
    const o0 = await startOf(other);
    await skipTo(u0, 6 * HOUR + 1000);
    expect(
      rungs(await escalated(utilities, 'repair_visit_utilities', 2), 'repair_visit_utilities', [
        u0 + 4 * HOUR,
        u0 + 6 * HOUR,
      ]),
    ).toEqual([
      [1, 'dept_manager', iso(u0 + 4 * HOUR)],
      [2, 'gm', iso(u0 + 4 * HOUR)],
    ]);
    expect(rungs(await view(other), 'repair_visit_other')).toEqual([]);
    await skipTo(o0, 36 * HOUR + 1000);
    expect(
      rungs(await escalated(other, 'repair_visit_other', 2), 'repair_visit_other', [o0 + 24 * HOUR, o0 + 36 * HOUR]),
    ).toEqual([
      [1, 'dept_manager', iso(o0 + 24 * HOUR)],
      [2, 'gm', iso(o0 + 24 * HOUR)],
    ]);
    const visited = await step(
      other,
      'repair_visited',
      { visitors: ['周工'], findings: '门框已修复', fixed: true },
      'qc_inspector',
    );
    expect(visited.timers.some((t) => t.id.startsWith('repair_visit'))).toBe(false);
  });

  it('daily follow-up (规则 3): a day with a call passes quietly, a day without one goes to the department manager', async () => {
    const handle = await openCase('follow-up', { declinesFollowUp: false });
    const start = await startOf(handle);
    expect((await view(handle)).timers.find((t) => t.id === 'follow_up')?.dueAt).toBe(iso(start + DAY));
    await skipTo(start, HOUR);
    await step(handle, 'follow_up_called', { reached: true, outcome: '客户确认已退款' }, 'cs_agent');
    await skipTo(start, DAY + 1000);
    const day1 = await waitFor(
      async () => {
        const v = await view(handle);
        return (v.context.followUp as { round: number }).round === 1 && v;
      },
      { what: 'the second follow-up day' },
    );
    expect(rungs(day1, 'follow_up')).toEqual([]);
    expect(day1.timers.find((t) => t.id === 'follow_up')?.dueAt).toBe(iso(start + 2 * DAY));
    await skipTo(start, 2 * DAY + 1000);
    const day2 = await escalated(handle, 'follow_up', 1);
    expect(rungs(day2, 'follow_up', [start + 2 * DAY])).toEqual([[1, 'dept_manager', iso(start + 2 * DAY)]]);
    expect(day2.context.followUp).toMatchObject({ round: 2, calledThisRound: false });
    expect(day2.timers.find((t) => t.id === 'follow_up')?.dueAt).toBe(iso(start + 3 * DAY));
    await recordHistory('complaint-follow-up', handle);
  });

  it('an agreed visit missed two days running goes to the GM at once, who then owns the case (规则 3)', async () => {
    const handle = await openCase('visit-missed', { declinesFollowUp: false });
    const start = await startOf(handle);
    await step(
      handle,
      'follow_up_called',
      { reached: true, outcome: '约定明天上门', appointment: { at: iso(start + DAY), purpose: '上门检查' } },
      'cs_agent',
    );
    await skipTo(start, DAY + HOUR);
    await step(
      handle,
      'follow_up_called',
      { reached: true, outcome: '没有人来', agreedVisit: 'nobody_came' },
      'cs_agent',
    );
    expect(await noticesOf(handle, 'notice')).toEqual([]);
    await skipTo(start, 2 * DAY + HOUR);
    const second = await step(
      handle,
      'follow_up_called',
      { reached: true, outcome: '还是没有人来', agreedVisit: 'nobody_came' },
      'cs_agent',
    );
    expect(await noticesOf(handle, 'notice', 1)).toEqual(['gm:agreed_visit_missed']);
    expect(second.context).toMatchObject({ owner: 'gm', followUp: { missedVisitDays: 2 } });
  });

  it('large complaint (顾客投诉处理流程 二.3): a claim above ¥5,000 tells leadership at once; three days open escalates', async () => {
    const claim = await openCase('large-claim', { amountClaimed: 8000 });
    const aged = await openCase('large-aged', { amountClaimed: 300 });
    await view(claim);
    expect(await noticesOf(claim, 'notice', 1)).toEqual(['executive:large_claim']);
    expect((await view(claim)).context.large).toMatchObject({ reason: 'claim_over_threshold' });
    const start = await startOf(aged);
    await skipTo(start, 3 * DAY - MIN);
    expect(rungs(await view(aged), 'large_complaint')).toEqual([]);
    await skipTo(start, 3 * DAY + 1000);
    const v = await escalated(aged, 'large_complaint', 1);
    expect(rungs(v, 'large_complaint', [start + 3 * DAY])).toEqual([[1, 'executive', iso(start + 3 * DAY)]]);
    expect(v.context.large).toMatchObject({ reason: 'open_over_three_days' });
    expect(rungs(await view(claim), 'large_complaint')).toEqual([]);
  });

  it('injury (三.1): the duty manager decides within 30 minutes, else branch GM, then GM', async () => {
    const handle = await openCase('injury', { category: 'safety', subcategory: 'accident', injury: true });
    const start = await startOf(handle);
    await skipTo(start, HOUR + 1000);
    expect(
      rungs(await escalated(handle, 'injury_decision', 2), 'injury_decision', [start + 30 * MIN, start + HOUR]),
    ).toEqual([
      [1, 'branch_gm', iso(start + 30 * MIN)],
      [2, 'gm', iso(start + 30 * MIN)],
    ]);
    expect(await noticesOf(handle, 'notice', 1)).toEqual(['dept_manager:injury_reported']);
  });

  it('runs a completed-site complaint to the customer’s acceptance, with a repeat complaint charged to QC', async () => {
    const handle = await openCase('resolved', {
      category: 'site_defined',
      siteCategory: '施工质量',
      subcategory: undefined,
      location: '星河湾 3 栋 1201',
      description: '卫生间漏水',
      request: '上门维修',
      siteStage: 'completed',
      handoverDate: daysAgo(20),
      repairKind: 'plumbing_electrical',
      declinesFollowUp: false,
    });
    await step(handle, 'record_confirmed', { readBack: true, corrections: '是主卫不是次卫' }, 'cs_agent');
    await step(handle, 'customer_contacted', contact(), 'dept_manager');
    await step(
      handle,
      'rectification_issued',
      { noticeNo: 'ZG-0100', requiredActions: '查漏补漏', handedToCustomerService: true },
      'qc_inspector',
    );
    await step(handle, 'repair_visited', { visitors: ['周工'], findings: '地漏密封失效', fixed: true }, 'qc_inspector');
    await step(
      handle,
      'remedy_proposed',
      {
        measure: 'corrective',
        cause: 'workmanship_below_standard',
        rootCause: '防水层施工不合格',
        actions: ['redo_workmanship'],
        description: '重做防水',
      },
      'dept_manager',
    );
    await step(handle, 'remedy_reviewed', { approved: false, comments: '未说明闭水试验' }, 'qc_inspector', 'qc_b');
    await step(
      handle,
      'remedy_proposed',
      {
        measure: 'corrective',
        cause: 'workmanship_below_standard',
        rootCause: '防水层施工不合格',
        actions: ['redo_workmanship'],
        description: '重做防水并闭水试验 48 小时',
      },
      'dept_manager',
    );
    await step(handle, 'remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    await step(handle, 'follow_up_called', { reached: true, outcome: '客户确认已重做防水' }, 'cs_agent');
    await step(handle, 'result_told', { outcome: '已重做防水', satisfaction: 'satisfied', accepted: true }, 'cs_agent');
    const repeat = await step(
      handle,
      'repeat_complaint_received',
      { channel: 'phone', description: '又渗水了', reason: 'repair_not_in_time', department: 'quality_inspection' },
      'cs_agent',
    );
    expect(repeat.state).toContain('open.handling.remedying.normal.awaitingProposal');
    await step(
      handle,
      'remedy_proposed',
      {
        measure: 'corrective',
        cause: 'material_wrong_or_defective',
        rootCause: '地漏配件不合格',
        actions: ['replace_material'],
        description: '更换地漏',
        repairVisit: 'plumbing_electrical',
      },
      'dept_manager',
    );
    const approved = await step(handle, 'remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    expect(approved.timers.map((t) => t.id)).toContain('repair_visit_utilities');
    await step(handle, 'repair_visited', { visitors: ['周工'], findings: '已更换地漏', fixed: true }, 'qc_inspector');
    await step(
      handle,
      'result_told',
      { outcome: '已更换地漏', satisfaction: 'very_satisfied', accepted: true },
      'cs_agent',
    );
    await step(handle, 'case_closed', { basis: 'customer_accepted' }, 'cs_agent');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedResolved', timers: [] });
    expect(result.context.penalties).toEqual([
      expect.objectContaining({ department: 'quality_inspection', rule: 9, amount: 100, complaint: 2 }),
    ]);
    expect(result.history.map((h) => h.type)).toEqual([
      'record_confirmed',
      'customer_contacted',
      'rectification_issued',
      'repair_visited',
      'remedy_proposed',
      'remedy_reviewed',
      'remedy_proposed',
      'remedy_reviewed',
      'follow_up_called',
      'result_told',
      'repeat_complaint_received',
      'remedy_proposed',
      'remedy_reviewed',
      'repair_visited',
      'result_told',
      'case_closed',
    ]);
    expect(result.escalations).toEqual([]);
    await recordHistory('complaint-resolved', handle);
  });

  it('runs an injury complaint through escalation by hand to a manager’s close with a reason', async () => {
    const handle = await openCase('closed-by-manager', {
      category: 'safety',
      subcategory: 'accident',
      description: '地面湿滑摔倒',
      request: '赔偿医药费',
      injury: true,
      amountClaimed: 6000,
    });
    await step(
      handle,
      'injury_assessed',
      {
        accompanyToHospital: true,
        advanceMedicalCosts: false,
        basis: '地面湿滑且未放警示牌',
        managementReported: true,
      },
      'ops_manager',
    );
    await step(
      handle,
      'witnesses_recorded',
      { witnesses: [{ name: '李先生', phone: '13900000000', writtenStatement: true }] },
      'cs_agent',
    );
    await step(handle, 'media_enquiry_received', { outlet: '都市快报' }, 'cs_agent');
    await step(handle, 'escalated_by_hand', { reason: '索赔金额大,部门无法决定' }, 'dept_manager');
    await step(handle, 'customer_contacted', contact('major'), 'branch_gm');
    const early = await step(
      handle,
      'case_closed',
      { basis: 'manager_decision', reason: '已达成和解' },
      'branch_gm',
    ).then(
      () => null,
      (err: unknown) => err,
    );
    expect((early as WorkflowUpdateFailedError).cause?.message).toContain('managerClosesWithReason');
    await step(
      handle,
      'insurer_notified',
      { insurer: '平安财险', reportNo: 'PA-2026-77', writtenOpinionRequested: true },
      'ops_manager',
    );
    await step(handle, 'case_closed', { basis: 'manager_decision', reason: '已与顾客达成和解,保险理赔' }, 'branch_gm');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedByManager', timers: [] });
    expect(result.context).toMatchObject({ owner: 'branch_gm', large: { reason: 'claim_over_threshold' } });
    expect(await noticesOf(handle, 'notice', 5)).toEqual([
      'branch_gm:escalated_by_hand',
      'dept_manager:injury_reported',
      'executive:large_claim',
      'executive:media_enquiry',
      'gm:injury_support_decided',
    ]);
    await recordHistory('complaint-closed-by-manager', handle);
  });

  it('rejects an event not allowed now, bad data and a wrong role, leaving history unchanged', async () => {
    const handle = await openCase('rejections');
    await view(handle);
    const before = await settledHistoryLength(handle);
    const attempts: Array<[StepInput, string]> = [
      [{ type: 'remedy_reviewed', data: { approved: true }, actor: as('qc_inspector') }, 'EventNotAllowed'],
      [
        {
          type: 'rectification_issued',
          data: { noticeNo: 'x', requiredActions: 'y', handedToCustomerService: true },
          actor: as('qc_inspector'),
        },
        'EventNotAllowed',
      ],
      [{ type: 'record_confirmed', data: { readBack: false }, actor: as('cs_agent') }, 'InvalidData'],
      [{ type: 'customer_contacted', data: contact(), actor: as('cs_agent') }, 'RoleNotAllowed'],
    ];
    await expectRefused(handle, attempts);
    // The Java test server may add empty workflow tasks, but nothing of the rejected steps.
    expect(await eventsBesidesWorkflowTasks(handle, before)).toEqual([]);
    expect((await view(handle)).history).toEqual([]);
  });
});
