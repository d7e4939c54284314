import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import type { CaseView } from '../../engine/contract';
import { getProcedure } from '..';

// Version 2 deployed beside version 1: cases opened on v1 finish on v1's rules; new cases get v2. The v1 histories
// recorded before v2 existed (tests/histories/residential-theft-v1-*.json) replay against this code in replay.test.ts.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'residential-theft-versions';
const { env, cases } = timeSkippingCases('residential-theft', taskQueue);
const minutes = (n: number) => n * 60_000;

const intake = { discoveredBy: 'resident', unit: '5-1-302', description: 'jewellery missing' };
const scene = { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true };
const decided = { residentConfirmedLoss: true, police: 'no_police' };
const cctv = { cameras: ['5-lobby'], findings: 'none', footageKept: true };

describe('residential theft: v1 and v2 side by side', () => {
  it('registers every version; a new case gets the newest (version 3 since issue 18)', () => {
    expect(getProcedure('residential-theft').version).toBe(3);
    expect(getProcedure('residential-theft', 1).events.exits_controlled).toBeUndefined();
  });

  it('keeps a v1 case on v1 rules to the end while a v2 case runs the new step and the shorter deadline', async () => {
    const v1 = await cases.open('old', intake, 1);
    const v2 = await cases.open('new', intake, 2);
    expect((await cases.view(v1)).version).toBe(1);
    expect((await cases.view(v2)).version).toBe(2);

    // v2 guards the scene within 3 minutes, v1 within 5.
    await env().sleep(minutes(3) + 10_000);
    expect((await cases.view(v1)).escalations).toEqual([]);
    expect((await cases.view(v2)).escalations.map((e) => [e.timer, e.to, e.rule])).toEqual([
      ['scene_guard', 'squad_leader', 'PT3M'],
    ]);
    await env().sleep(minutes(2));
    expect((await cases.view(v1)).escalations.map((e) => [e.timer, e.to, e.rule])).toEqual([
      ['scene_guard', 'squad_leader', 'PT5M'],
    ]);

    // v1 goes from the guarded scene straight to the resident; v2 first controls the gates.
    expect((await cases.step(v1, 'scene_secured', scene, 'patrol_guard')).state).toBe('awaitingResident');
    const controlling = await cases.step(v2, 'scene_secured', scene, 'patrol_guard');
    expect(controlling.state).toBe('controllingExits');
    expect(controlling.allowedEvents.map((e) => e.type)).toEqual(['exits_controlled']);
    const refused = await v1
      .executeUpdate('step', {
        args: [{ type: 'exits_controlled', data: { exitsChecked: true, entrySuspended: false }, actor: gate }],
      })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'EventNotAllowed' });

    // The gate deadline (10 min from the report) has passed for v2: it escalated; the step ends the breach.
    await env().sleep(minutes(5) + 10_000);
    expect((await cases.view(v2)).escalations.map((e) => e.timer)).toContain('exits_control');
    const resident = await cases.step(
      v2,
      'exits_controlled',
      { exitsChecked: true, entrySuspended: true },
      'gate_guard',
    );
    expect(resident).toMatchObject({ state: 'awaitingResident', breaches: [] });

    const closed: CaseView[] = [];
    for (const handle of [v1, v2]) {
      await cases.step(handle, 'resident_decided', decided, 'cs_agent');
      await cases.step(handle, 'cctv_reviewed', cctv, 'monitor_guard');
      await cases.step(handle, 'resident_followed_up', { outcome: 'nothing found' }, 'cs_agent');
      // The last step's answer is the closed case. (Awaiting result() would let the test server skip time freely
      // while the closing notices still run, which on a loaded machine ended in "execution timed out".)
      closed.push(await cases.step(handle, 'report_filed', { summary: 's', cause: 'c' }, 'security_captain'));
    }
    const [done1, done2] = closed as [CaseView, CaseView];
    expect(done1).toMatchObject({ version: 1, state: 'closed' });
    expect(done1.history.map((h) => h.type)).not.toContain('exits_controlled');
    expect(done2).toMatchObject({ version: 2, state: 'closed' });
    expect(done2.history.map((h) => h.type)).toContain('exits_controlled');
    await cases.record('residential-theft-v2-exits', v2);
    await cases.record('residential-theft-v1-beside-v2', v1);
  });
});

const gate = { id: 'gate_guard', name: 'gate_guard', role: 'gate_guard' };
