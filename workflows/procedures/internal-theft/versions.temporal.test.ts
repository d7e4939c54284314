import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { deliveredView } from '../../../tests/support/app-worker';
import { caseStart } from '../../../tests/support/fixtures';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import { dueAt } from '../../calendar';
import type { CaseView } from '../../engine/contract';
import { getProcedure } from '..';
import { file, intake as intakeOf } from './test-data';

// Version 2 deployed beside version 1 (issue 18): a v1 case finishes on v1's rules (the supervisor decides, leadership
// consents to a referral only); a v2 case waits for leadership's decision on the proposal, whose 2-working-day
// deadline escalates by skipped time. The v1 histories recorded before v2 (tests/histories/internal-theft-*.json)
// replay against this code in tests/integration/replay.test.ts.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('internal-theft', 'internal-theft-versions', { visibility: false });
const calendar = caseStart('internal-theft', {}).policy.calendar;
const iso = (ms: number) => new Date(ms).toISOString();

const intake = intakeOf();
const evidence = { kind: 'cctv_footage', description: '员工通道监控 18:02', attachments: [file('cctv.mp4', 'a')] };
const report = {
  suspectProfile: '入职两年',
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
const summary = { loss: '白酒两瓶 199.90 元', investigation: '监控取证', responsibility: '按公司领导决定' };

/** Skips the test server's clock to `ms` after the instant `at` (epoch ms); negative `ms` stops short of it. */
async function skipTo(at: number, ms = 0) {
  const now = await env().currentTimeMs();
  if (at + ms > now) await env().sleep(at + ms - now);
}

describe('internal theft: v1 and v2 side by side', () => {
  it('registers both versions; a new case gets the newest', () => {
    expect(getProcedure('internal-theft').version).toBe(2);
    expect(getProcedure('internal-theft', 1).events.decision_made).toBeDefined();
  });

  it('keeps a v1 case on v1 rules while a v2 case waits for leadership, escalating its overdue decision', async () => {
    const v1 = await cases.open('old', intake, 1, 'cs_agent');
    const v2 = await cases.open('new', intake, undefined, 'cs_agent');
    for (const handle of [v1, v2]) {
      await cases.step(handle, 'evidence_added', evidence, 'lp_officer');
      await cases.step(handle, 'reported_to_supervisor', report, 'lp_officer');
    }
    // v1 decides at once; v2 hears the employee first.
    expect((await cases.step(v1, 'review_done', established, 'lp_supervisor')).state).toBe('deciding');
    const hearing = await cases.step(v2, 'review_done', established, 'lp_supervisor');
    expect(hearing).toMatchObject({ version: 2, state: 'hearingEmployee' });
    const refused = await v1
      .executeUpdate('step', {
        args: [
          {
            type: 'employee_account_recorded',
            data: { outcome: 'declined', witnessedBy: '周宁' },
            actor: { id: 'lp_supervisor', name: 'lp_supervisor', role: 'lp_supervisor' },
          },
        ],
      })
      .catch((err: unknown) => err);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'EventNotAllowed' });

    await cases.step(
      v1,
      'decision_made',
      { dismissed: true, compensationMultiple: 2, referToAuthorities: false, reasoning: '初犯' },
      'lp_supervisor',
    );
    await cases.step(
      v2,
      'employee_account_recorded',
      { outcome: 'given', position: 'admits', summary: '我拿了' },
      'lp_assistant_supervisor',
    );
    const proposed = await cases.step(
      v2,
      'outcome_proposed',
      { dismissal: true, compensationMultiple: 2, residenceNotice: true, reasoning: '初犯,证据确凿' },
      'lp_supervisor',
    );
    expect(proposed.state).toBe('awaitingLeadershipDecision');
    const proposedAt = Date.parse(proposed.history.at(-1)!.at);
    const decisionDue = dueAt('2WD', proposedAt, calendar);
    const secondRung = dueAt('1WD', decisionDue, calendar);
    expect(proposed.timers.map((t) => [t.id, t.dueAt])).toEqual([['leadership_decision', iso(decisionDue)]]);

    await skipTo(decisionDue, -60_000);
    expect((await cases.view(v2)).escalations).toEqual([]);
    await skipTo(decisionDue, 60_000);
    expect((await deliveredView(v2, 1)).escalations).toEqual([
      expect.objectContaining({ timer: 'leadership_decision', level: 1, to: 'executive', dueAt: iso(decisionDue) }),
    ]);
    await skipTo(secondRung, 60_000);
    expect((await deliveredView(v2, 2)).escalations.map((e) => [e.timer, e.level, e.to])).toEqual([
      ['leadership_decision', 1, 'executive'],
      ['leadership_decision', 2, 'lp_supervisor'],
    ]);

    const decided = await cases.step(v2, 'leadership_decided', { decision: 'approved' }, 'executive');
    expect(decided).toMatchObject({ state: 'concluding', timers: [] });
    expect(decided.deadlines).toEqual(
      expect.arrayContaining([expect.objectContaining({ timer: 'leadership_decision', outcome: 'late' })]),
    );

    const closed: CaseView[] = [];
    for (const handle of [v1, v2]) {
      await cases.step(
        handle,
        'residence_notified',
        { publicSecurityOffice: '某县公安局', localOffice: '某居委会' },
        'lp_supervisor',
      );
      await cases.step(handle, 'reward_recorded', { amount: 50 }, 'lp_supervisor');
      closed.push(await cases.step(handle, 'case_closed', summary, 'lp_supervisor'));
    }
    const [done1, done2] = closed as [CaseView, CaseView];
    expect(done1).toMatchObject({
      version: 1,
      state: 'closedDecided',
      context: { decision: { compensationAmount: 399.8 } },
    });
    expect(done2).toMatchObject({
      version: 2,
      state: 'closedDecided',
      context: { outcome: { dismissal: true, compensationAmount: 399.8, decidedBy: { role: 'executive' } } },
    });
    await cases.record('internal-theft-v2-leadership-late', v2);
    await cases.record('internal-theft-v1-beside-v2', v1);
  });
});
