import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox } from '../../../activities/outbox';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';

// Version 3's waits on people outside the site, on the time-skipping test server: the police call, the police who do
// not come, the resident who cannot be reached, the caught suspect handed over. Deadlines cross by skipped time.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('residential-theft', 'residential-theft-v3-test');

const intake = { discoveredBy: 'staff', unit: '3-2-1201', description: 'door forced open' };
const minutes = (n: number) => n * 60_000;
const scene = { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true };
const cctv = { cameras: ['B3-lobby'], findings: 'a man at 02:10', footageKept: true, footageToPolice: true };
const caught = {
  alarmRaised: true,
  supportCalled: true,
  postsAlerted: true,
  suspect: 'grey jacket',
  evidence: ['bag'],
};

describe('residential theft (v3) on the time-skipping test server', () => {
  it('escalates an uncalled police and an officer who does not come, then goes on without them', async () => {
    const handle = await cases.open('police-not-coming', intake);
    const opened = await cases.view(handle);
    expect(opened).toMatchObject({ version: 3, state: expect.stringContaining('responding.police.callingPolice') });
    const start = Date.parse(opened.startedAt);
    await cases.step(handle, 'scene_secured', scene, 'patrol_guard');
    await cases.step(handle, 'exits_controlled', { exitsChecked: true, entrySuspended: true }, 'gate_guard');
    // 110 is due within 5 minutes of the report (site policy for 花园 4.2 "立即"): the squad leader is told when it is not.
    await env().sleep(minutes(5) + 50_000);
    expect((await cases.view(handle)).escalations).toContainEqual(
      expect.objectContaining({
        timer: 'police_call',
        level: 1,
        to: 'squad_leader',
        dueAt: new Date(start + minutes(5)).toISOString(),
      }),
    );
    const called = await cases.step(handle, 'police_called', { calledBy: 'estate' }, 'monitor_guard');
    const due = called.timers.find((t) => t.id === 'police_arrival')!.dueAt;
    expect(Date.parse(due) - Date.parse(called.updatedAt)).toBe(minutes(30));
    // Nobody comes: at 30 minutes the captain is told, 30 minutes later the service-centre manager.
    await env().sleep(minutes(31));
    await env().sleep(minutes(30));
    expect(
      (await cases.view(handle)).escalations.filter((e) => e.timer === 'police_arrival').map((e) => [e.level, e.to]),
    ).toEqual([
      [1, 'security_captain'],
      [2, 'office_director'],
    ]);
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId && n.kind === 'escalation');
    expect(notices.map((n) => n.role)).toEqual(expect.arrayContaining(['security_captain', 'office_director']));
    await cases.step(handle, 'police_not_coming', { reason: 'no_show', advice: 'report at the station' }, 'cs_agent');
    // The resident is not reached either (the 1-hour contact deadline has passed meanwhile): the case goes on.
    const reviewing = await cases.step(handle, 'resident_unreachable', { attempts: 4 }, 'cs_agent');
    expect(reviewing).toMatchObject({ state: 'reviewingCctv' });
    expect(reviewing.escalations.map((e) => e.timer)).toContain('resident_contact');
    // The police case number, known only later, is added to the case.
    await cases.step(handle, 'police_case_number_added', { policeCaseNumber: 'JJ-2026-77' }, 'cs_agent');
    await cases.step(handle, 'cctv_reviewed', cctv, 'monitor_guard');
    await cases.step(handle, 'resident_followed_up', { outcome: 'reported at the station' }, 'cs_agent');
    const closed = await cases.step(handle, 'report_filed', { summary: 's', cause: 'c' }, 'security_captain');
    expect(closed).toMatchObject({ version: 3, state: 'closed', timers: [] });
    await cases.record('residential-theft-v3-police-not-coming', handle);
  });

  it('hands a thief caught in the act to the police, escalating while nobody takes the suspect', async () => {
    const handle = await cases.open('caught', { ...intake, inProgress: true });
    expect((await cases.view(handle)).state).toBe('catchingThief');
    const handing = await cases.step(handle, 'suspect_caught', caught, 'patrol_guard');
    expect(handing.state).toBe('handingOver');
    await env().sleep(minutes(31));
    expect((await cases.view(handle)).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['suspect_handover', 'security_captain'],
    ]);
    const handed = await cases.step(
      handle,
      'suspect_handed_over',
      { to: 'taken_to_station', evidenceHandedOver: true, ownerWitness: 'went_along' },
      'squad_leader',
    );
    expect(handed).toMatchObject({ state: 'reviewingCctv', breaches: [] });
    await cases.step(handle, 'cctv_reviewed', cctv, 'monitor_guard');
    await cases.step(handle, 'resident_followed_up', { outcome: 'goods returned by the police' }, 'cs_agent');
    const closed = await cases.step(handle, 'report_filed', { summary: 's', cause: 'c' }, 'security_captain');
    expect(closed.history.map((h) => h.type)).toEqual([
      'suspect_caught',
      'suspect_handed_over',
      'cctv_reviewed',
      'resident_followed_up',
      'report_filed',
    ]);
    await cases.record('residential-theft-v3-caught', handle);
  });
});
