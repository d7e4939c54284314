import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { readOutbox } from '../../activities/outbox';
import { dueAt } from '../../workflows/calendar';
import type { CaseView, StepInput } from '../../workflows/engine/contract';
import { confidentialRoles } from '../../workflows/procedures/internal-theft/events';
import {
  eventsBesidesWorkflowTasks,
  settledHistoryLength,
  expectRefused,
  deliveredView,
  useTimeSkippingWorker,
} from '../support/app-worker';
import { as, caseStart } from '../support/fixtures';
import { caseRunner } from '../support/procedure-cases';

// Time-skipping runs of the internal-theft investigation on the real Java test server: working-day deadlines cross by
// skipped time; every due instant is computed with the site calendar from the case's own times.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'internal-theft-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

const calendar = caseStart('internal-theft', {}).policy.calendar;
const due = (spec: string, from: number) => dueAt(spec, from, calendar);
const iso = (ms: number) => new Date(ms).toISOString();

const cases = caseRunner('internal-theft', taskQueue, () => env, { visibility: false });
const reported = {
  suspect: { name: '张三', employeeNo: 'E1024', department: '生鲜部' },
  account: '下班时看到他把两瓶酒放进背包',
  rulesAcknowledged: true,
};
const openCase = (name: string, extra: Record<string, unknown> = {}, reporter = 'cs_agent') =>
  cases.open(name, { ...reported, ...extra }, 1, reporter); // version 1: its histories are the ones recorded here
const { step, view, record: recordHistory } = cases;

/** Skips the test server's clock to `ms` after the instant `at` (epoch ms); negative `ms` stops short of it. */
async function skipTo(at: number, ms = 0) {
  const now = await env.currentTimeMs();
  if (at + ms > now) await env.sleep(at + ms - now);
}

const file = (name: string, c: string) => ({ name, sha256: c.repeat(64), size: 2048 });
const evidence = { kind: 'cctv_footage', description: '员工通道监控 18:02', attachments: [file('cctv.mp4', 'a')] };
const report = {
  suspectProfile: '入职两年,无违纪记录',
  account: '18:02 经员工通道带出两瓶白酒',
  nothingWithheld: true,
  keptWithinLossPrevention: true,
};
const established = {
  verdict: 'facts_established',
  factsClear: true,
  evidenceConclusive: true,
  goodsDescription: '白酒两瓶',
  goodsValue: 199.9,
  findings: '监控与陈述一致',
};
const residence = { publicSecurityOffice: '某县公安局', localOffice: '某街道居委会' };
const summary = { loss: '白酒两瓶 199.90 元', investigation: '监控取证', responsibility: '辞退,赔偿' };

const escalationsOf = (v: CaseView) => v.escalations.map((e) => [e.timer, e.level, e.to]);

describe('internal theft on the time-skipping test server', () => {
  it('escalates a late report to the supervisor at 1 working day, then to leadership, and runs on to dismissal', async () => {
    const handle = await openCase('late-report');
    const start = Date.parse((await view(handle)).startedAt);
    const reportDue = due('1WD', start);
    const secondRung = due('1WD', reportDue);

    await skipTo(reportDue, -60_000);
    expect((await view(handle)).escalations).toEqual([]);
    await step(handle, 'evidence_added', evidence, 'lp_officer');

    await skipTo(reportDue, 60_000);
    const first = await deliveredView(handle, 1);
    expect(first.escalations).toEqual([
      expect.objectContaining({
        n: 1,
        timer: 'supervisor_report',
        level: 1,
        to: 'lp_supervisor',
        dueAt: iso(reportDue),
      }),
    ]);
    expect(first.timers.map((t) => [t.id, t.dueAt])).toEqual([['supervisor_report#2', iso(secondRung)]]);

    await skipTo(secondRung, 60_000);
    const second = await deliveredView(handle, 2);
    expect(escalationsOf(second)).toEqual([
      ['supervisor_report', 1, 'lp_supervisor'],
      ['supervisor_report', 2, 'executive'],
    ]);
    expect(Date.parse(second.escalations[1]!.at)).toBeGreaterThanOrEqual(secondRung);
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'escalation');
    expect(notices.map((n) => n.role)).toEqual(['lp_supervisor', 'executive']);
    expect(second.escalations.every((e) => e.notifiedVia.includes('in_app'))).toBe(true);

    // The report ends the reporting deadline and starts the review deadline, 3 working days from the report.
    const reported = await step(handle, 'reported_to_supervisor', report, 'lp_officer');
    const reportAt = Date.parse(reported.history.at(-1)!.at);
    expect(reported.state).toBe('underReview');
    expect(reported.timers.map((t) => [t.id, t.dueAt])).toEqual([['review', iso(due('3WD', reportAt))]]);

    await step(handle, 'review_done', established, 'lp_supervisor');
    const decided = await step(
      handle,
      'decision_made',
      { dismissed: true, compensationMultiple: 2, referToAuthorities: false, reasoning: '初犯' },
      'lp_supervisor',
    );
    expect(decided.context).toMatchObject({
      compensationRange: { minAmount: 199.9, maxAmount: 1999 },
      decision: { compensationMultiple: 2, compensationAmount: 399.8 },
    });
    await step(handle, 'residence_notified', residence, 'lp_supervisor');
    await step(handle, 'reward_recorded', { amount: 100 }, 'lp_supervisor');
    await step(handle, 'case_closed', summary, 'lp_supervisor');
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'closed',
      state: 'closedDecided',
      timers: [],
      context: { reporter: { id: 'cs_agent' }, reward: { amount: 100, recipient: { id: 'cs_agent' } } },
    });
    await recordHistory('internal-theft-late-report', handle);
  });

  it('escalates a late review at 3 working days from the report, then to leadership; sending it back stops the ladder', async () => {
    const handle = await openCase('late-review', {}, 'lp_officer');
    await step(handle, 'evidence_added', evidence, 'lp_officer');
    const reported = await step(handle, 'reported_to_supervisor', report, 'lp_officer');
    const reportAt = Date.parse(reported.history.at(-1)!.at);
    const reviewDue = due('3WD', reportAt);
    const secondRung = due('1WD', reviewDue);
    expect(reported.escalations).toEqual([]);

    await skipTo(reviewDue, -60_000);
    expect((await view(handle)).escalations).toEqual([]);
    await skipTo(reviewDue, 60_000);
    const first = await deliveredView(handle, 1);
    expect(first.escalations).toEqual([
      expect.objectContaining({ n: 1, timer: 'review', level: 1, to: 'lp_supervisor', dueAt: iso(reviewDue) }),
    ]);
    await skipTo(secondRung, 60_000);
    expect(escalationsOf(await deliveredView(handle, 2))).toEqual([
      ['review', 1, 'lp_supervisor'],
      ['review', 2, 'executive'],
    ]);

    // Back to evidence gathering: no open timer; new evidence, a new report, a new 3-working-day review deadline.
    const back = await step(
      handle,
      'review_done',
      { verdict: 'more_evidence_needed', missing: '收银记录' },
      'lp_supervisor',
    );
    expect(back.state).toBe('gatheringMoreEvidence.collecting');
    expect(back.timers).toEqual([]);
    await step(
      handle,
      'evidence_added',
      { ...evidence, kind: 'inventory_record', attachments: [file('pos.csv', 'c')] },
      'lp_officer',
    );
    const again = await step(handle, 'reported_to_supervisor', report, 'lp_officer');
    const againAt = Date.parse(again.history.at(-1)!.at);
    expect(again.timers.map((t) => [t.id, t.dueAt])).toEqual([['review', iso(due('3WD', againAt))]]);

    await step(handle, 'review_done', { verdict: 'unfounded', reason: '酒为自购,有小票' }, 'lp_supervisor');
    await step(handle, 'case_closed', { ...summary, responsibility: '无' }, 'lp_supervisor');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedUnfounded', timers: [] });
    expect(result.escalations).toHaveLength(2);
    await recordHistory('internal-theft-unfounded', handle);
  });

  it('never escalates when the report and the review come in time: caught in the act, to the authorities', async () => {
    const handle = await openCase('caught', { caughtInAct: true, informant: { name: '李四' } }, 'lp_officer');
    const opened = await view(handle);
    expect(opened.state).toBe('awaitingSupervisorReport.recoveringGoods');
    const start = Date.parse(opened.startedAt);

    await step(
      handle,
      'goods_recovered',
      { items: [{ description: '白酒', quantity: 2, value: 199.9 }], recoveredInFull: true },
      'lp_officer',
    );
    const apart = await step(
      handle,
      'statement_taken',
      {
        admittedVoluntarily: true,
        summary: '承认拿了两瓶酒',
        attachments: [file('statement.pdf', 'b')],
        employeeKeptApart: true,
      },
      'lp_officer',
    );
    expect(apart.state).toBe('awaitingSupervisorReport.gatheringEvidence.employeeKeptApart');
    await step(handle, 'supervisor_arrived', {}, 'lp_supervisor');
    await step(handle, 'evidence_added', evidence, 'lp_officer');

    await skipTo(due('1WD', start), -10 * 60_000);
    const reported = await step(handle, 'reported_to_supervisor', report, 'lp_officer');
    const reportAt = Date.parse(reported.history.at(-1)!.at);
    await skipTo(due('3WD', reportAt), -10 * 60_000);
    await step(handle, 'review_done', established, 'lp_supervisor');

    const referral = await step(
      handle,
      'decision_made',
      {
        dismissed: true,
        compensationMultiple: 5,
        referToAuthorities: true,
        referralGrounds: ['uncooperative'],
        reasoning: '拒不配合公司处理',
      },
      'lp_supervisor',
    );
    expect(referral.state).toBe('awaitingLeadershipApproval');
    await step(handle, 'referral_decided', { approved: true, authority: '星河派出所' }, 'executive');
    await step(handle, 'reward_recorded', { amount: 50 }, 'executive');
    await step(handle, 'residence_notified', residence, 'lp_supervisor');
    await step(handle, 'case_closed', summary, 'lp_supervisor');

    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closedDecided', escalations: [], timers: [] });
    expect(result.context).toMatchObject({
      caughtInAct: true,
      goodsRecovered: { totalValue: 199.9 },
      decision: { compensationAmount: 999.5 },
      referral: { approved: true, authority: '星河派出所', by: 'executive' },
      reward: { amount: 50, recipient: { name: '李四' } },
    });
    // Everyone told about the case is loss prevention or leadership.
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId);
    expect(notices.map((n) => `${n.role}:${n.about}`)).toEqual(
      expect.arrayContaining([
        'lp_officer:theft_reported',
        'lp_supervisor:caught_in_act',
        'lp_supervisor:statement_taken',
        'lp_supervisor:reported_to_supervisor',
        'executive:referral_requested',
        'executive:case_closed',
      ]),
    );
    expect(confidentialRoles).toEqual(expect.arrayContaining(notices.map((n) => n.role)));
    await recordHistory('internal-theft-caught-in-act', handle);
  });

  it('rejects a statement before evidence, a multiple above 10 and an employee outside loss prevention, leaving history unchanged', async () => {
    const handle = await openCase('rejections');
    await view(handle);
    const before = await settledHistoryLength(handle);
    const attempts: Array<[StepInput, string, Record<string, unknown>]> = [
      [
        {
          type: 'statement_taken',
          data: { admittedVoluntarily: true, summary: 'x', attachments: [file('s.pdf', 'b')], employeeKeptApart: true },
          actor: as('lp_officer'),
        },
        'EventNotAllowed',
        { blockedBy: ['evidenceOnFile'] },
      ],
      [{ type: 'evidence_added', data: evidence, actor: as('cs_agent') }, 'RoleNotAllowed', {}],
      [{ type: 'evidence_added', data: { ...evidence, attachments: [] }, actor: as('lp_officer') }, 'InvalidData', {}],
    ];
    await expectRefused(handle, attempts);
    // The Java test server may add empty workflow tasks, but nothing of the rejected steps.
    expect(await eventsBesidesWorkflowTasks(handle, before)).toEqual([]);
    expect((await view(handle)).history).toEqual([]);

    // A decision outside 1–10 times the goods value is refused by the running case too.
    await step(handle, 'evidence_added', evidence, 'lp_officer');
    await step(handle, 'reported_to_supervisor', report, 'lp_officer');
    await step(handle, 'review_done', established, 'lp_supervisor');
    const tooMuch = await step(
      handle,
      'decision_made',
      { dismissed: true, compensationMultiple: 11, referToAuthorities: false, reasoning: 'x' },
      'lp_supervisor',
    ).then(
      () => null,
      (err: unknown) => err,
    );
    expect((tooMuch as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidData' });
    expect((await view(handle)).state).toBe('deciding');
    await handle.terminate('test done');
  });
});
