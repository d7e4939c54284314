import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sendStep } from '../../../tests/support/app-worker';
import { as } from '../../../tests/support/fixtures';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import type { CaseView } from '../../engine/contract';
import { getProcedure } from '..';

// Version 2 (issue 18) deployed beside version 1: a case opened on v1 keeps waiting on the police with no deadline, as
// it did; a new case gets v2, whose police wait has a deadline and a ladder (policy: 30 minutes, then squad leader →
// security captain +15 min → office director +30 min) and an exit for police who do not come. The v1 histories
// recorded before v2 existed (tests/histories/perimeter-*.json) replay against this code in replay.test.ts.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'perimeter-alarm-versions';
const { env, cases } = timeSkippingCases('perimeter-alarm', taskQueue);
const minutes = (n: number) => n * 60_000;

const intake = { zone: 'north-wall-3', source: 'manual' };
const squadLeader = { squad_leader: { name: '保安班长 郑军', roles: ['squad_leader'] } };
const caught = { outcome: 'thief_caught', suspectUnharmed: true, facts: 'caught at the wall' };
const police = { officerName: 'Zhao', badgeNumber: '012345', ledInByGateGuard: true, cctvProvided: true };

/** Dispatch, arrival and an intrusion under the squad leader (v2: named from the staff records), then a caught thief. */
async function toPolice(handle: WorkflowHandle, version: 1 | 2): Promise<CaseView> {
  await cases.step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await cases.step(handle, 'patrol_arrived', {}, 'patrol_guard');
  const verdict = { verdict: 'intrusion', captainInformed: true, officeInformed: true };
  if (version === 1)
    await cases.step(
      handle,
      'verdict_given',
      { ...verdict, commander: { name: '郑军', role: 'squad_leader' } },
      'squad_leader',
    );
  else
    await sendStep(handle, {
      type: 'verdict_given',
      data: { ...verdict, commander: 'squad_leader' },
      actor: as('squad_leader'),
      people: squadLeader,
    });
  return cases.step(handle, 'outcome_recorded', caught, 'squad_leader');
}

/** 七.15–17: the three reports, each by its filer (the squad leader commanding); the last closes the case. */
async function fileReports(handle: WorkflowHandle): Promise<CaseView> {
  await cases.step(handle, 'report_filed', { report: 'senior_management', summary: '已报公司高层' }, 'squad_leader');
  await cases.step(
    handle,
    'report_filed',
    { report: 'investigation_form', summary: '调查表', customerUnit: '某公司', customerUnitInformed: true },
    'cs_agent',
  );
  return cases.step(handle, 'report_filed', { report: 'incident_report', summary: '事故报告' }, 'squad_leader');
}

describe('perimeter alarm: v1 and v2 side by side', () => {
  it('registers every version; a new case gets the newest', () => {
    expect(getProcedure('perimeter-alarm').version).toBe(3);
    expect(getProcedure('perimeter-alarm', 2).version).toBe(2);
    expect(getProcedure('perimeter-alarm', 1).events.police_not_coming).toBeUndefined();
  });

  it('escalates a v2 police wait up its ladder and lets the commander record that the police are not coming; v1 waits as before', async () => {
    const v1 = await cases.open('old', intake, 1);
    const v2 = await cases.open('new', intake, 2);
    expect((await cases.view(v1)).version).toBe(1);
    expect((await toPolice(v1, 1)).state).toBe('awaitingPolice');
    const waiting = await toPolice(v2, 2);
    expect(waiting).toMatchObject({ version: 2, state: 'commanding.awaitingPolice' });
    expect(waiting.allowedEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(['police_arrived', 'police_not_coming']),
    );

    // 30 minutes: the police have not come; v2 tells the squad leader, v1 nobody.
    await env().sleep(minutes(30) + 10_000);
    expect((await cases.view(v1)).escalations).toEqual([]);
    expect((await cases.view(v2)).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['police_arrival', 'squad_leader'],
    ]);
    // +15 min the captain, +30 min the director.
    await env().sleep(minutes(30));
    expect((await cases.view(v2)).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['police_arrival', 'squad_leader'],
      ['police_arrival', 'security_captain'],
      ['police_arrival', 'office_director'],
    ]);
    expect((await cases.view(v1)).escalations).toEqual([]);

    // The resident will report at the station: the case goes on to the reports; the number is added when known.
    const reporting = await cases.step(
      v2,
      'police_not_coming',
      { reason: 'resident_reports_at_station' },
      'squad_leader',
    );
    expect(reporting).toMatchObject({ state: 'commanding.reporting', breaches: [] });
    expect(reporting.deadlines.find((d) => d.timer === 'police_arrival')).toMatchObject({ outcome: 'late' });
    const numbered = await cases.step(v2, 'police_case_number_added', { policeCaseNumber: 'JB-0042' }, 'cs_agent');
    expect(numbered.context.policeCaseNumber).toBe('JB-0042');

    // v1 still waits on the police with no exit but their arrival, which demands the case number.
    const v1Closed = await cases.step(v1, 'police_arrived', { ...police, policeCaseNumber: 'A-1' }, 'gate_guard');
    expect(v1Closed.state).toBe('reporting');
    await cases.record('perimeter-v2-police-not-coming', v2);
    await cases.record('perimeter-v1-beside-v2', v1);
  });

  it('runs a v2 case to its end: police without a number at the door, reports by their filers, delivered to management', async () => {
    const handle = await cases.open('reported', intake, 2);
    await toPolice(handle, 2);
    await env().sleep(minutes(10));
    const arrived = await cases.step(handle, 'police_arrived', police, 'gate_guard');
    expect(arrived).toMatchObject({ state: 'commanding.reporting', breaches: [] });
    expect(arrived.deadlines.find((d) => d.timer === 'police_arrival')).toMatchObject({ outcome: 'met' });
    await cases.step(handle, 'police_case_number_added', { policeCaseNumber: 'A-17' }, 'squad_leader');
    await cases.step(handle, 'progress_reported', { progress: '警方已带走嫌疑人' }, 'squad_leader');
    const closed = await fileReports(handle);
    expect(closed).toMatchObject({ version: 2, state: 'closedReported', status: 'closed' });
    expect(closed.context).toMatchObject({
      policeCaseNumber: 'A-17',
      commander: { id: 'squad_leader', name: '保安班长 郑军', role: 'squad_leader' },
    });
    await cases.record('perimeter-v2-reported', handle);
  });
});

describe('perimeter alarm v3: the commander on duty, 七.6 to the 物业部经理', () => {
  // The staff records with the on-duty roster's fact, as the API hands them over at the step's time.
  const onDuty = { squad_leader: { name: '保安班长 郑军', roles: ['squad_leader'], onDuty: true } };
  const offDuty = { deputy_leader: { name: '副班长 赵磊', roles: ['squad_leader'], onDuty: false } };
  const verdict = { verdict: 'intrusion', captainInformed: true, officeInformed: true };

  it('refuses a commander off duty, takes the one on duty, and runs to its end', async () => {
    const handle = await cases.open('on-duty', intake);
    expect((await cases.view(handle)).version).toBe(3);
    await cases.step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    await cases.step(handle, 'patrol_arrived', {}, 'patrol_guard');
    const refused = await sendStep(handle, {
      type: 'verdict_given',
      data: { ...verdict, commander: 'deputy_leader' },
      actor: as('squad_leader'),
      people: offDuty,
    }).then(
      () => null,
      (err: unknown) => err as { cause?: unknown },
    );
    expect(refused?.cause).toMatchObject({
      type: 'EventNotAllowed',
      message: expect.stringContaining('intrusionByCommanderOnDuty'),
    });
    const commanding = await sendStep(handle, {
      type: 'verdict_given',
      data: { ...verdict, commander: 'squad_leader' },
      actor: as('squad_leader'),
      people: onDuty,
    });
    expect(commanding).toMatchObject({ state: 'commanding.searching', context: { commander: { id: 'squad_leader' } } });
    await cases.step(handle, 'progress_reported', { progress: '西墙已排查' }, 'squad_leader');
    await cases.step(handle, 'outcome_recorded', caught, 'squad_leader');
    await env().sleep(minutes(10));
    await cases.step(handle, 'police_arrived', police, 'gate_guard');
    const closed = await fileReports(handle);
    expect(closed).toMatchObject({ version: 3, state: 'closedReported', status: 'closed' });
    await cases.record('perimeter-v3-on-duty', handle);
  });
});
