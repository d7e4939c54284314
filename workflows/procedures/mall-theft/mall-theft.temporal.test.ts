import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox } from '../../../activities/outbox';
import { deliveredView } from '../../../tests/support/app-worker';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import { waitFor } from '../../../tests/support/wait';
import { getProcedure } from '..';

// A theft in the mall on the time-skipping Temporal test server: the dispatch and police deadlines (policy: the seed
// says 尽快) cross by skipped time, not by waiting.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('mall-theft', 'mall-theft-test', { by: 'patrol_guard' });
const minutes = (n: number) => n * 60_000;
const intake = getProcedure('mall-theft').example!.data;
const dispatched = { guards: ['孙伟', '李强'], policeCalled: true };
const report = { summary: '储物柜被撬,嫌疑人逃离', evidenceRecorded: true, sentToGeneralOffice: true };

describe('mall theft on the time-skipping test server', () => {
  it('escalates late guards to the squad leader at 5 minutes, then the manager; waits for police with an exit', async () => {
    const handle = await cases.open('late', intake);
    await env().sleep(minutes(4));
    expect((await cases.view(handle)).escalations).toEqual([]);
    await env().sleep(minutes(2));
    expect((await deliveredView(handle, 1)).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['dispatch', 'squad_leader'],
    ]);
    await env().sleep(minutes(5));
    expect((await deliveredView(handle, 2)).escalations.map((e) => e.to)).toEqual(['squad_leader', 'security_captain']);
    await cases.step(handle, 'guards_dispatched', dispatched, 'squad_leader');
    const waiting = await cases.step(
      handle,
      'scene_secured',
      { outcome: 'suspect_fled', sceneProtected: true },
      'squad_leader',
    );
    expect(waiting.state).toBe('responding.awaitingPolice');

    // The police do not come within 30 minutes: the manager is told, then the office director.
    await env().sleep(minutes(31));
    expect((await deliveredView(handle, 3)).escalations.map((e) => [e.timer, e.to])).toContainEqual([
      'police_arrival',
      'security_captain',
    ]);
    const noPolice = await cases.step(
      handle,
      'police_not_coming',
      { reason: 'report_at_station', explanation: '失主到派出所报案' },
      'security_captain',
    );
    expect(noPolice).toMatchObject({ state: 'reporting', timers: [expect.objectContaining({ id: 'report' })] });
    const closed = await cases.step(handle, 'report_filed', report, 'security_captain');
    expect(closed).toMatchObject({ status: 'closed', timers: [] });
    // 总经办 hears of the police not coming and of the report (三.11): the closing notice runs after the answer.
    const toGm = await waitFor(
      async () => {
        const told = (await readOutbox())
          .filter((n) => n.caseId === handle.workflowId && n.role === 'gm')
          .map((n) => n.about);
        return told.includes('report_filed') && told;
      },
      { timeoutMs: 30_000, what: 'the report notice to gm' },
    );
    expect(toGm).toEqual(expect.arrayContaining(['police_not_coming', 'report_filed']));
    await cases.record('mall-theft-late-no-police', handle);
  });

  it('runs to the end in time without escalating: suspect caught and handed to the police', async () => {
    const handle = await cases.open('in-time', { ...intake, inProgress: true, suspect: '男,30 岁左右,黑色夹克' });
    await cases.step(
      handle,
      'monitoring_started',
      { cameras: ['B1-07'], departmentsCalled: ['general_affairs'] },
      'monitor_guard',
    );
    await cases.step(handle, 'guards_dispatched', dispatched, 'security_captain');
    await cases.step(handle, 'exits_closed', { exits: ['B1 东门'] }, 'squad_leader');
    await cases.step(
      handle,
      'scene_secured',
      { outcome: 'suspect_caught', statementRecorded: true, noForceUsed: true },
      'patrol_guard',
    );
    await env().sleep(minutes(20));
    await cases.step(
      handle,
      'police_arrived',
      { officer: '王警官', rank: '二级警司', badgeNumber: '012345', suspectHandedOver: true },
      'security_captain',
    );
    await cases.step(handle, 'police_case_number_added', { policeCaseNumber: 'A2026-001' }, 'squad_leader');
    const closed = await cases.step(handle, 'report_filed', report, 'security_captain');
    expect(closed).toMatchObject({ status: 'closed', state: 'closed', timers: [], escalations: [] });
    await cases.record('mall-theft-caught', handle);
  });
});
