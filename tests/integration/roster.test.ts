import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startSmtp } from '../../activities/channels/test-support';
import { repoRoot } from '../../config/paths';
import type { Rung } from '../../workflows/engine/policy';
import type { CaseView } from '../../workflows/engine/contract';
import type { RunProcedureInput, runProcedure } from '../../workflows/engine/run-procedure';
import { useTimeSkippingWorker, viewWhen } from '../support/app-worker';
import { caseStart } from '../support/fixtures';
import { waitFor } from '../support/wait';
import { caseSearchAttributes } from '../../workflows/engine/search-attributes';
import { caseRunner } from '../support/procedure-cases';

/**
 * The on-duty roster (issue 21 point 3) on the time-skipping test server, with the app's worker and activities: a rung
 * to a rostered role goes to the person on duty when it fires, else to the deputy, else the next rung fires at once;
 * a site without a roster tells everyone holding the role, as before. E-mail shows who was told.
 */
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = 'roster-test';
let env: TestWorkflowEnvironment;
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));

// A config folder of the repo's sites with its own people and a roster for 城市花园 (CONFIG_DIR, read by the
// activities when they first need it). Shifts from 00:00 to 00:00 every day last 24 hours: whoever is on duty does
// not depend on when the test runs.
const everyDay = '[sun, mon, tue, wed, thu, fri, sat]';
const person = (id: string, roles: string) =>
  `  - { id: ${id}, name: ${id.toUpperCase()}, email: ${id}@roster.test, password: "scrypt$x$y", roles: { ${roles} } }\n`;
beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-roster-config-'));
  symlinkSync(path.join(repoRoot, 'config', 'sites'), path.join(dir, 'sites'));
  symlinkSync(path.join(repoRoot, 'config', 'holidays'), path.join(dir, 'holidays'));
  writeFileSync(
    path.join(dir, 'users.yaml'),
    'users:\n' +
      person('li', 'chengshi-garden: [squad_leader], xinghe-mall: [squad_leader]') +
      person('zhao', 'chengshi-garden: [squad_leader], xinghe-mall: [squad_leader]') +
      person('qian', 'chengshi-garden: [guard_a]') +
      person('sun', 'chengshi-garden: [guard_a]') +
      person('zhou', 'chengshi-garden: [guard_b]') +
      person('wu', 'chengshi-garden: [guard_b]'),
  );
  mkdirSync(path.join(dir, 'rosters'));
  writeFileSync(
    path.join(dir, 'rosters', 'chengshi-garden.yaml'),
    'roles:\n' +
      `  squad_leader:\n    deputy: zhao\n    weekly:\n      - { user: li, days: ${everyDay}, from: '00:00', to: '00:00' }\n` +
      '  guard_a:\n    deputy: sun\n' + // nobody on duty, ever: the deputy
      '  guard_b: {}\n', // nobody on duty and no deputy
  );
  process.env.CONFIG_DIR = dir;
});
afterAll(() => {
  delete process.env.CONFIG_DIR;
});

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
});
afterAll(async () => {
  delete process.env.SMTP_HOST;
  delete process.env.SMTP_PORT;
  await smtp.close();
});

const { record } = caseRunner('perimeter-alarm', taskQueue, () => env);
let seq = 0;
/** A perimeter-alarm case whose 1-minute dispatch deadline escalates along `dispatch` (no visibility writes). */
async function openCase(site: string, dispatch: Rung[], rostered: string[] | undefined, visibility = false) {
  const base = caseStart('perimeter-alarm', { zone: 'north-wall-3' }, `perimeter-alarm-${site}-roster-${++seq}`);
  const input: RunProcedureInput = {
    ...base,
    site,
    procedure: 'perimeter-alarm',
    version: 1,
    visibility,
    policy: { ...base.policy, ladders: { ...base.policy.ladders, dispatch } },
    ...(rostered ? { rostered } : {}),
  };
  return env.client.workflow.start<typeof runProcedure>('runProcedure', {
    workflowId: input.caseId,
    taskQueue,
    args: [input],
  });
}
const rung = (role: string, after = 'PT0S'): Rung => ({ role, after, channels: ['in_app', 'email'] });
/** Addresses mailed for the case, one entry per message. */
const mailedFor = (caseId: string) =>
  smtp.received.filter((m) => m.headers['x-case-id'] === caseId).flatMap((m) => m.to as string[]);
/** Activity types the case's history scheduled. */
async function activitiesOf(handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }): Promise<string[]> {
  const events = ((await handle.fetchHistory()).events ?? []) as Array<{
    activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } | null;
  }>;
  return events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}
const sentBy = (v: CaseView) =>
  v.escalations.every((e) => e.roster?.by === 'next_rung' || e.notifiedVia.includes('email'));

describe('escalations under the on-duty roster', () => {
  it('sends a rung to the person on duty for its role, and to nobody else, once', async () => {
    const handle = await openCase('chengshi-garden', [rung('squad_leader')], ['guard_a', 'guard_b', 'squad_leader']);
    await env.sleep('90 seconds');
    const view = await viewWhen(handle, (v) => v.escalations.length === 1 && sentBy(v), 'the rung mailed');
    expect(view.escalations[0]).toMatchObject({
      to: 'squad_leader',
      roster: {
        by: 'on_duty',
        user: 'li',
        name: 'LI',
        shift: { days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '00:00', to: '00:00' },
      },
    });
    await env.sleep('5 minutes');
    expect(mailedFor(handle.workflowId)).toEqual(['li@roster.test']);
    // Who was on duty came from an activity, so a replay reads it from the history instead of the roster file.
    expect(await activitiesOf(handle)).toContain('onDuty');
  });

  it('falls back to the role’s deputy when nobody is on duty', async () => {
    const handle = await openCase('chengshi-garden', [rung('guard_a')], ['guard_a', 'guard_b', 'squad_leader']);
    await env.sleep('90 seconds');
    const view = await viewWhen(handle, (v) => v.escalations.length === 1 && sentBy(v), 'the rung mailed');
    expect(view.escalations[0]!.roster).toEqual({ by: 'deputy', user: 'sun', name: 'SUN' });
    expect(mailedFor(handle.workflowId)).toEqual(['sun@roster.test']);
    await env.sleep('5 minutes');
    await record('perimeter-roster-deputy', handle);
  });

  it('passes a rung over to the next at once when nobody is on duty and the role has no deputy', async () => {
    const handle = await openCase(
      'chengshi-garden',
      [rung('guard_b'), rung('squad_leader', 'PT10M')],
      ['guard_a', 'guard_b', 'squad_leader'],
      true,
    );
    await env.sleep('90 seconds');
    // The second rung is due 10 minutes after the deadline; it fires now instead, to the squad leader on duty.
    const view = await viewWhen(handle, (v) => v.escalations.length === 2 && sentBy(v), 'both rungs resolved');
    const [passed, next] = view.escalations;
    expect(passed).toMatchObject({ to: 'guard_b', level: 1, roster: { by: 'next_rung' }, notifiedVia: [] });
    expect(next).toMatchObject({ to: 'squad_leader', level: 2, roster: { by: 'on_duty', user: 'li' } });
    expect(Date.parse(next!.at) - Date.parse(passed!.at)).toBeLessThan(60_000);
    expect(view.timers.filter((t) => t.kind === 'rung')).toEqual([]);
    // Inboxes show the case to the squad leader's role, not to guard_b's, whom nobody told.
    const escalatedTo = async () =>
      (await handle.describe()).typedSearchAttributes.get(caseSearchAttributes.escalatedTo);
    await waitFor(async () => (await escalatedTo())?.includes('squad_leader'), { what: 'EscalatedTo set' });
    expect(await escalatedTo()).toEqual(['squad_leader']);
    await env.sleep('15 minutes');
    expect(mailedFor(handle.workflowId)).toEqual(['li@roster.test']);
    // The passed-over rung's timer was cancelled: the dispatch ladder fired twice, never a third time.
    const later = await viewWhen(handle, () => true, 'the case');
    expect(later.escalations.filter((e) => e.timer === 'dispatch').map((e) => e.level)).toEqual([1, 2]);
    // Kept for the replay test (RECORD_HISTORIES=1): a rostered case's onDuty answers and its passed-over rung.
    await record('perimeter-roster-next-rung', handle);
  });

  it('tells everyone holding the role when nobody is on duty on the last rung', async () => {
    const handle = await openCase('chengshi-garden', [rung('guard_b')], ['guard_a', 'guard_b', 'squad_leader']);
    await env.sleep('90 seconds');
    const view = await viewWhen(handle, (v) => v.escalations.length === 1 && sentBy(v), 'the rung mailed');
    expect(view.escalations[0]!.roster).toEqual({ by: 'everyone' });
    expect(mailedFor(handle.workflowId).sort()).toEqual(['wu@roster.test', 'zhou@roster.test']);
  });

  it('keeps today’s behaviour at a site without a roster: everyone holding the role, no roster asked', async () => {
    // Started by the API today: the site's roster covers no role, recorded as no roster.
    const started = await openCase('xinghe-mall', [rung('squad_leader')], []);
    // Started before rosters (or by a hand-built start): nothing recorded, exactly as before.
    const before = await openCase('xinghe-mall', [rung('squad_leader')], undefined);
    await env.sleep('90 seconds');
    const a = await viewWhen(started, (v) => v.escalations.length === 1 && sentBy(v), 'the rung mailed');
    const b = await viewWhen(before, (v) => v.escalations.length === 1 && sentBy(v), 'the rung mailed');
    expect(a.escalations[0]!.roster).toEqual({ by: 'no_roster' });
    expect(b.escalations[0]).not.toHaveProperty('roster');
    for (const handle of [started, before]) {
      expect(mailedFor(handle.workflowId).sort()).toEqual(['li@roster.test', 'zhao@roster.test']);
      expect(await activitiesOf(handle)).not.toContain('onDuty');
    }
  });
});
