import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import { dueAt } from '../../workflows/calendar';
import type { CaseView, StepInput } from '../../workflows/engine/contract';
import {
  eventsBesidesWorkflowTasks,
  settledHistoryLength,
  deliveredView,
  expectRefused,
  useTimeSkippingWorker,
} from '../support/app-worker';
import { as, caseStart } from '../support/fixtures';
import { caseRunner } from '../support/procedure-cases';

// Time-skipping runs of the store-theft procedure on the real Java test server: deadlines cross by skipped time.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'store-theft-test';
const intake = {
  location: '3F 化妆品区',
  description: '约30岁女性,黑色外套,背灰色双肩包',
  suspectGender: 'female',
  postsAlerted: true,
};
const calendar = caseStart('store-theft', intake).policy.calendar;
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

const cases = caseRunner('store-theft', taskQueue, () => env, { by: 'patrol_guard', visibility: false });
// Version 1's cases (their histories are store-theft-*.json); version 2's staff-record check is in store-theft/v2.temporal.test.ts.
const openCase = (name: string, data: Record<string, unknown> = intake) => cases.open(name, data, 1);
const { step, view, record: recordHistory } = cases;
const minutes = (n: number) => n * 60_000;
/** Skips the test server's clock to `instant` plus `extra` ms. */
const sleepUntil = async (instant: number, extra = 0) => env.sleep(instant - (await env.currentTimeMs()) + extra);
const at = (v: CaseView, type: string) => Date.parse(v.history.find((h) => h.type === type)!.at);
const escalations = (v: CaseView) => v.escalations.map((e) => [e.timer, e.level, e.to]);

const intercepted = async (handle: WorkflowHandle) => {
  await step(handle, 'theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
  return step(handle, 'customer_intercepted', { where: 'at_exit' }, 'gate_guard');
};

describe('store theft on the time-skipping test server', () => {
  it('reminds the squad leader at 3 minutes and tells the security captain 2 minutes later, until they arrive', async () => {
    const handle = await openCase('squad-leader-late');
    const confirmed = await step(handle, 'theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
    const due = at(confirmed, 'theft_confirmed') + minutes(3);
    expect(confirmed.timers).toEqual([
      {
        id: 'squad_leader_arrival',
        kind: 'deadline',
        state: 'theftConfirmed.squadLeader.awaitingSquadLeader',
        dueAt: new Date(due).toISOString(),
      },
    ]);

    // A minute before the deadline, not seconds: the test server's clock runs on in real time while the test works.
    await sleepUntil(due, -60_000);
    expect((await view(handle)).escalations).toEqual([]);

    await sleepUntil(due, 1000);
    const first = await deliveredView(handle, 1);
    expect(first.escalations).toEqual([
      expect.objectContaining({
        n: 1,
        timer: 'squad_leader_arrival',
        level: 1,
        to: 'squad_leader',
        dueAt: new Date(due).toISOString(),
      }),
    ]);
    expect(Date.parse(first.escalations[0]!.at)).toBeGreaterThanOrEqual(due);

    // The interception goes on meanwhile.
    await step(handle, 'customer_intercepted', { where: 'before_exit' }, 'patrol_guard');
    await sleepUntil(due + minutes(2), 1000);
    const second = await deliveredView(handle, 2);
    expect(escalations(second)).toEqual([
      ['squad_leader_arrival', 1, 'squad_leader'],
      ['squad_leader_arrival', 2, 'security_captain'],
    ]);
    expect(Date.parse(second.escalations[1]!.at)).toBeGreaterThanOrEqual(due + minutes(2));
    expect(Date.parse(second.escalations[1]!.at)).toBeLessThan(due + minutes(3));
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'escalation');
    expect(notices.map((n) => n.role)).toEqual(['squad_leader', 'security_captain']);
    expect(second.escalations.every((e) => e.notifiedVia.includes('in_app'))).toBe(true);

    const arrived = await step(handle, 'squad_leader_arrived', {}, 'squad_leader');
    expect(arrived.state.split(',').sort()).toEqual([
      'theftConfirmed.customer.customerIntercepted',
      'theftConfirmed.squadLeader.squadLeaderOnScene',
    ]);
    expect(arrived.timers).toEqual([]);
    await step(handle, 'customer_paid', { escortedToTill: true }, 'squad_leader');
    expect((await handle.result()).state).toBe('closedPaidAtTill');
  });

  it('never escalates when the squad leader arrives at 2 minutes; the customer pays at the till and the case closes', async () => {
    const handle = await openCase('paid-at-till');
    await step(handle, 'theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
    await env.sleep(minutes(2));
    await step(handle, 'squad_leader_arrived', {}, 'squad_leader');
    await step(handle, 'customer_intercepted', { where: 'before_exit' }, 'patrol_guard');
    await env.sleep(minutes(10));
    expect((await view(handle)).escalations).toEqual([]);
    await step(handle, 'customer_paid', { escortedToTill: true, receiptNumber: 'R-0001', amount: 259 }, 'squad_leader');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedPaidAtTill', timers: [], escalations: [] });
    expect(result.context).toMatchObject({ payment: { escortedToTill: true, amount: 259 }, searchPerformed: false });
    expect(result.history.map((h) => h.type)).toEqual([
      'theft_confirmed',
      'squad_leader_arrived',
      'customer_intercepted',
      'customer_paid',
    ]);
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'notice');
    // Notices of one step are delivered concurrently, so their order is not fixed.
    expect(notices.map((n) => `${n.role}:${n.about}`).sort()).toEqual([
      'gate_guard:theft_confirmed',
      'monitor_guard:suspect_noticed',
      'squad_leader:theft_confirmed',
    ]);
    await recordHistory('store-theft-paid-at-till', handle);
  });

  it('a female customer in the office: no interview before female staff, the captain then the gm told of a long stay, handed to police, the report late', async () => {
    const handle = await openCase('police');
    await intercepted(handle);
    await step(handle, 'squad_leader_arrived', {}, 'squad_leader');
    const refused = await step(
      handle,
      'customer_refused',
      { customerGender: 'female', invitedToOffice: true },
      'gate_guard',
    );
    const officeDue = at(refused, 'customer_refused') + minutes(30);
    expect(refused.timers.map((t) => [t.id, t.dueAt])).toEqual([
      ['interview_decision', new Date(officeDue).toISOString()],
    ]);

    // The rule holds on the server too: refused before a female staff member is recorded, nothing written.
    const refusal = await step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager').then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'EventNotAllowed',
      message: expect.stringContaining('femaleStaffPresentForFemaleCustomer'),
    });
    await env.sleep(minutes(5));
    await step(handle, 'female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager');
    await step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');

    // A minute before the deadline, not seconds: the test server's clock runs on in real time while the test works.
    await sleepUntil(officeDue, -60_000);
    expect((await view(handle)).escalations).toEqual([]);
    await sleepUntil(officeDue, 1000);
    expect(escalations(await deliveredView(handle, 1))).toEqual([['interview_decision', 1, 'security_captain']]);
    await sleepUntil(officeDue + minutes(30), 1000);
    const held = await deliveredView(handle, 2);
    expect(escalations(held)).toEqual([
      ['interview_decision', 1, 'security_captain'],
      ['interview_decision', 2, 'gm'],
    ]);
    expect(Date.parse(held.escalations[1]!.at)).toBeLessThan(officeDue + minutes(31));

    const decided = await step(
      handle,
      'decision_made',
      {
        outcome: 'handed_to_police',
        officerName: '赵警官(二级警司)',
        badgeNumber: '012345',
        policeCaseNumber: 'GA-2026-1',
        detainedByStaff: false,
        evidence: [
          { kind: 'cctv', ref: 'sha256:9f2c' },
          { kind: 'photo', ref: '企划部相册 2026-11-24' },
        ],
        goods: [{ item: '口红', quantity: 2, value: 398 }],
        witnesses: [{ name: '收银员小陈', contact: '138 0000 0000' }],
        searchPerformed: false,
      },
      'ops_manager',
    );
    expect(decided.state).toBe('reporting');
    // The report falls due one working day after the decision, on the site's working calendar.
    const reportDue = dueAt('1WD', at(decided, 'decision_made'), calendar);
    expect(decided.timers.map((t) => [t.id, t.dueAt])).toEqual([['report', new Date(reportDue).toISOString()]]);

    await sleepUntil(reportDue, -minutes(1));
    expect(escalations(await view(handle))).toHaveLength(2);
    await sleepUntil(reportDue, 1000);
    const late = await deliveredView(handle, 3);
    expect(escalations(late).slice(2)).toEqual([['report', 1, 'security_captain']]);
    expect(late.escalations[2]!.dueAt).toBe(new Date(reportDue).toISOString());
    const gmDue = dueAt('1WD', reportDue, calendar);
    await sleepUntil(gmDue, -minutes(1));
    expect(escalations(await view(handle))).toHaveLength(3);
    await sleepUntil(gmDue, 1000);
    expect(escalations(await deliveredView(handle, 4)).slice(2)).toEqual([
      ['report', 1, 'security_captain'],
      ['report', 2, 'gm'],
    ]);

    await step(handle, 'report_filed', { summary: '事件报告已报总经办' }, 'security_captain');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedReported', timers: [] });
    expect(result.context).toMatchObject({
      customerGender: 'female',
      femaleStaff: { staffName: '李娟' },
      decision: { outcome: 'handed_to_police', badgeNumber: '012345', policeCaseNumber: 'GA-2026-1' },
      goodsValue: 398,
      searchPerformed: false,
    });
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'notice');
    expect(notices.map((n) => `${n.role}:${n.about}`)).toEqual(
      expect.arrayContaining([
        'security_captain:customer_refused',
        'ops_manager:customer_refused',
        'security_captain:decision_made',
      ]),
    );
    await recordHistory('store-theft-police', handle);
  });

  it('a male customer settles within the half hour and the report is filed in time: nothing escalates', async () => {
    const handle = await openCase('settled', { ...intake, suspectGender: 'male' });
    await intercepted(handle);
    await env.sleep(minutes(1));
    await step(handle, 'squad_leader_arrived', {}, 'squad_leader');
    await step(handle, 'customer_refused', { customerGender: 'male', invitedToOffice: true }, 'squad_leader');
    await step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    await env.sleep(minutes(20));
    await step(
      handle,
      'decision_made',
      {
        outcome: 'settled',
        resolution: 'paid',
        goods: [
          { item: '剃须刀', quantity: 1, value: 199.9 },
          { item: '电池', quantity: 2, value: 0.2 },
        ],
        customerAdmitted: true,
        searchPerformed: false,
      },
      'ops_manager',
    );
    await env.sleep(minutes(60));
    await step(handle, 'report_filed', { summary: '顾客补交货款' }, 'squad_leader');
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'closedReported', escalations: [] });
    expect(result.context).toMatchObject({ goodsValue: 200.1, decision: { outcome: 'settled', resolution: 'paid' } });
    await recordHistory('store-theft-settled', handle);
  });

  it('lets a customer leave the office, and closes a dropped suspicion with no report', async () => {
    const leaving = await openCase('left');
    await intercepted(leaving);
    await step(leaving, 'customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard');
    const left = await step(leaving, 'suspect_left', { direction: '向地铁口方向', policeCalled: true }, 'ops_manager');
    expect(left).toMatchObject({ state: 'reporting', timers: [expect.objectContaining({ id: 'report' })] });
    await step(leaving, 'report_filed', { summary: '顾客自行离开,已报警' }, 'security_captain');
    expect(await leaving.result()).toMatchObject({ state: 'closedReported', escalations: [] });

    const dropped = await openCase('dropped');
    await step(dropped, 'suspicion_dropped', { reason: 'goods_put_back' }, 'patrol_guard');
    expect(await dropped.result()).toMatchObject({ status: 'closed', state: 'closedNoTheft', timers: [] });
  });

  it('rejects a search, bad data and a wrong role, leaving history unchanged', async () => {
    const handle = await openCase('rejections', { ...intake, suspectGender: 'male' });
    await intercepted(handle);
    await step(handle, 'customer_refused', { customerGender: 'male', invitedToOffice: true }, 'gate_guard');
    await step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    const before = await settledHistoryLength(handle);
    const attempts: Array<[StepInput, string]> = [
      [
        {
          type: 'decision_made',
          data: { outcome: 'released', reason: '误会', searchPerformed: true },
          actor: as('ops_manager'),
        },
        'InvalidData',
      ],
      [
        {
          type: 'decision_made',
          data: { outcome: 'handed_to_police', detainedByStaff: false, searchPerformed: false, evidence: [] },
          actor: as('ops_manager'),
        },
        'InvalidData',
      ],
      [{ type: 'decision_made', data: {}, actor: as('patrol_guard') }, 'RoleNotAllowed'],
      [{ type: 'customer_paid', data: { escortedToTill: true }, actor: as('gate_guard') }, 'EventNotAllowed'],
    ];
    await expectRefused(handle, attempts);
    // The Java test server may add empty workflow tasks for rejected updates, but nothing else.
    expect(await eventsBesidesWorkflowTasks(handle, before)).toEqual([]);
    expect((await view(handle)).history.map((h) => h.type)).toEqual([
      'theft_confirmed',
      'customer_intercepted',
      'customer_refused',
      'interview_started',
    ]);
    await step(
      handle,
      'decision_made',
      { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
      'ops_manager',
    );
    await step(handle, 'report_filed', { summary: '放行' }, 'security_captain');
    expect(await handle.result()).toMatchObject({
      state: 'closedReported',
      context: { decision: { outcome: 'released' } },
    });
  });
});
