import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readOutbox } from '../../../activities/outbox';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';

// Residential theft on the time-skipping Temporal test server: deadlines cross by skipped time, not by waiting.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'residential-theft-test';
const { env, cases } = timeSkippingCases('residential-theft', taskQueue);
const minutes = (n: number) => n * 60_000;

const intake = { discoveredBy: 'staff', unit: '3-2-1201', description: 'door forced open' };
const scene = { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true };
const police = { officerName: '赵', badgeNumber: '012345', policeCaseNumber: 'A-1', ledToScene: true };
const cctv = { cameras: ['B3-lobby'], findings: 'a man at 02:10', footageKept: true, footageToPolice: true };

describe('residential theft (v1) on the time-skipping test server', () => {
  it('escalates an unguarded scene at 5 minutes to the squad leader, 5 minutes later to the captain', async () => {
    const handle = await cases.open('unguarded', intake, 1);
    const start = Date.parse((await cases.view(handle)).startedAt);
    // A minute before the deadline, not seconds: the test server's clock runs on in real time while the test works.
    await env().sleep(minutes(4));
    expect((await cases.view(handle)).escalations).toEqual([]);
    await env().sleep(minutes(1) + 50_000);
    const first = await cases.view(handle);
    expect(first.escalations).toEqual([
      expect.objectContaining({
        timer: 'scene_guard',
        level: 1,
        to: 'squad_leader',
        dueAt: new Date(start + minutes(5)).toISOString(),
      }),
    ]);
    await env().sleep(minutes(5));
    expect((await cases.view(handle)).escalations.map((e) => [e.level, e.to])).toEqual([
      [1, 'squad_leader'],
      [2, 'security_captain'],
    ]);
    const secured = await cases.step(handle, 'scene_secured', scene, 'patrol_guard');
    expect(secured).toMatchObject({ state: 'awaitingResident', breaches: [] });
    // The resident contact deadline counts from the report: 1 hour after it, not after the guard came.
    expect(secured.timers).toEqual([
      expect.objectContaining({ id: 'resident_contact', dueAt: new Date(start + minutes(60)).toISOString() }),
    ]);
    await env().sleep(minutes(50));
    const late = await cases.view(handle);
    expect(late.escalations.map((e) => [e.timer, e.to])).toContainEqual(['resident_contact', 'security_captain']);
    const notices = (await readOutbox()).filter((n) => n.caseId === handle.workflowId);
    expect(notices.filter((n) => n.kind === 'escalation').map((n) => n.role)).toEqual([
      'squad_leader',
      'security_captain',
      'security_captain',
    ]);
    await cases.step(handle, 'resident_decided', { residentConfirmedLoss: false, police: 'no_police' }, 'cs_agent');
    await cases.record('residential-theft-v1-late-scene', handle);
  });

  it('runs a staff-found theft with the police to the report; the report deadline escalates meanwhile', async () => {
    const handle = await cases.open('police', intake, 1);
    await cases.step(handle, 'scene_secured', scene, 'patrol_guard');
    await cases.step(
      handle,
      'resident_decided',
      { residentConfirmedLoss: true, loss: 'laptop', police: 'report_now' },
      'cs_agent',
    );
    await env().sleep(minutes(30));
    await cases.step(handle, 'police_arrived', police, 'security_captain');
    await cases.step(handle, 'cctv_reviewed', cctv, 'monitor_guard');
    const reporting = await cases.step(handle, 'resident_followed_up', { outcome: 'police investigating' }, 'cs_agent');
    expect(reporting.state).toBe('reporting');
    const due = reporting.timers.find((t) => t.id === 'report')!.dueAt;
    await env().sleep(Date.parse(due) - Date.parse(reporting.updatedAt) + 1000);
    expect((await cases.view(handle)).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['report', 'security_captain'],
    ]);
    await cases.step(handle, 'report_filed', { summary: 'all of it', cause: 'window left open' }, 'office_director');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closed', version: 1, timers: [] });
    expect(result.history.map((h) => h.type)).toEqual([
      'scene_secured',
      'resident_decided',
      'police_arrived',
      'cctv_reviewed',
      'resident_followed_up',
      'report_filed',
    ]);
    await cases.record('residential-theft-v1-police', handle);
  });

  it('goes from the resident’s decision straight to the CCTV review without police', async () => {
    const handle = await cases.open('no-police', { ...intake, discoveredBy: 'resident' }, 1);
    await cases.step(handle, 'scene_secured', scene, 'squad_leader');
    const v = await cases.step(
      handle,
      'resident_decided',
      { residentConfirmedLoss: true, police: 'no_police' },
      'cs_agent',
    );
    expect(v).toMatchObject({ state: 'reviewingCctv', escalations: [] });
    await cases.step(handle, 'cctv_reviewed', cctv, 'monitor_guard');
    await cases.step(handle, 'resident_followed_up', { outcome: 'nothing found' }, 'cs_agent');
    await cases.step(handle, 'report_filed', { summary: 's', cause: 'c' }, 'security_captain');
    expect(await handle.result()).toMatchObject({ state: 'closed', escalations: [] });
    await cases.record('residential-theft-v1-no-police', handle);
  });
});
