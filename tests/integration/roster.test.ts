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
import pino from 'pino';
import request from 'supertest';
import { readOutbox } from '../../activities/outbox';
import { closeRecords } from '../../activities/records';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { lazyArchive, type RecordsAccess } from '../../records';
import { bearerFor } from '../support/http-api';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { activityTypesOf } from '../support/history-events';

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
// Every password is demo123 (config/users.yaml's hash), so the API tests below sign them in.
const demo123 = '$argon2id$v=19$m=19456,t=2,p=1$siG7dRV2mG5qiT8AxVXb8Q$qpSrcFt2zwRR3L0Ef9nfqn2MOIZ231FtdLqYgVNfdJM';
const person = (id: string, roles: string) =>
  `  - { id: ${id}, name: ${id.toUpperCase()}, email: ${id}@roster.test, password: '${demo123}', roles: { ${roles} } }\n`;
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
async function openCase(
  site: string,
  dispatch: Rung[],
  rostered: string[] | undefined,
  visibility = false,
  records = false,
) {
  const base = caseStart('perimeter-alarm', { zone: 'north-wall-3' }, `perimeter-alarm-${site}-roster-${++seq}`);
  const input: RunProcedureInput = {
    ...base,
    site,
    procedure: 'perimeter-alarm',
    version: 1,
    visibility,
    policy: { ...base.policy, ladders: { ...base.policy.ladders, dispatch } },
    ...(rostered ? { rostered } : {}),
    ...(records ? { records } : {}),
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
/** Activity types the case's history ran, local ones too (the on-duty lookup of cases since ENGINE_PATCHES_FOLDED). */
async function activitiesOf(handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }): Promise<string[]> {
  return activityTypesOf((await handle.fetchHistory()).events ?? []);
}
/** The in-app notices of the dispatch deadline's rungs of a case without records (the outbox). */
const inAppOf = async (caseId: string) =>
  (await readOutbox()).filter((n) => n.caseId === caseId && n.kind === 'escalation' && n.about === 'dispatch');
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
    // In-app too (a case without records: the outbox): the rung's notice is li's, not the role's.
    expect(await inAppOf(handle.workflowId)).toMatchObject([{ role: 'squad_leader', user: 'li' }]);
    // Who was on duty came from a (local) activity, so a replay reads it from the history instead of the roster file.
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
      const [notice] = await inAppOf(handle.workflowId);
      expect(notice).toMatchObject({ role: 'squad_leader' });
      expect(notice).not.toHaveProperty('user');
      expect(await activitiesOf(handle)).not.toContain('onDuty');
    }
  });
});

/**
 * In-app under the roster, through the API with a real records database: a rung the roster gave to one person shows in
 * that person's inbox and notices only; the other holders of the role may still open the case. Without a roster every
 * holder sees it, as before.
 */
describe('in-app escalations under the on-duty roster', () => {
  let pg: TestPostgres;
  let records: RecordsAccess;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    pg = await startTestPostgres();
    process.env.DATABASE_URL = pg.url; // the worker's recordCase writes there
    records = lazyArchive(pg.url);
    app = createApp({ client: env.client, config: loadConfig(), logger: pino({ level: 'silent' }), records });
  }, 180_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await closeRecords();
    await records?.close();
    await pg?.destroy();
  });
  const auth = bearerFor(() => app);
  const get = async (user: string, url: string) =>
    (
      await request(app)
        .get(`/api${url}`)
        .set('Authorization', await auth(user))
        .expect(200)
    ).body as Record<string, unknown>;
  type Item = { caseId: string; reason: string; escalatedTo: string[]; escalatedToUsers: string[] };
  const inboxOf = async (user: string, caseId: string) =>
    ((await get(user, '/inbox')).items as Item[]).find((i) => i.caseId === caseId);
  /** The in-app escalation notices of the case that `user` reads (site and roles as the API's session has them). */
  const noticesOf = async (user: string, site: string, roles: string[], caseId: string) =>
    (await (await records.reads()).notices([{ site, roles, hide: [] }], 100, user)).filter(
      (n) => n.caseId === caseId && n.kind === 'escalation',
    );
  /** Opens a case whose dispatch rung to `role` fires, and waits for the records to hold it. */
  async function escalated(site: string, role: string, rostered: string[]) {
    const handle = await openCase(site, [rung(role)], rostered, false, true);
    await env.sleep('90 seconds');
    await viewWhen(handle, (v) => v.escalations.length === 1 && sentBy(v), 'the rung mailed');
    await waitFor(
      async () => (await records.getCase(handle.workflowId))?.view.escalations[0]?.notifiedVia.includes('email'),
      { timeoutMs: 30_000, what: 'the rung recorded' },
    );
    return handle.workflowId;
  }

  it('shows a rung the roster gave to the person on duty to them, not to the other holders of the role', async () => {
    const caseId = await escalated('chengshi-garden', 'squad_leader', ['guard_a', 'guard_b', 'squad_leader']);
    // li is on duty: the case is in li's inbox as escalated to li, with the rung's notice addressed to li.
    expect(await inboxOf('li', caseId)).toMatchObject({
      reason: 'escalated_to_me',
      escalatedTo: [],
      escalatedToUsers: ['li'],
    });
    const [notice, ...more] = await noticesOf('li', 'chengshi-garden', ['squad_leader'], caseId);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ role: 'squad_leader', user: 'li', kind: 'escalation' });
    // zhao holds the same role (and is its deputy): neither the inbox nor the notices show the rung as theirs. The
    // case still awaits a step the role may take, so it stays in zhao's inbox for that reason, as before.
    expect(await inboxOf('zhao', caseId)).toMatchObject({ reason: 'awaiting_my_step' });
    expect(await noticesOf('zhao', 'chengshi-garden', ['squad_leader'], caseId)).toEqual([]);
    // The change the event stream sends (the list's summary) names li, not the role.
    const listed = ((await get('zhao', '/cases?site=chengshi-garden')).cases as Item[]).find(
      (c) => c.caseId === caseId,
    );
    expect(listed).toMatchObject({ escalatedTo: [], escalatedToUsers: ['li'] });
    // Access is unchanged: zhao may still open the case.
    expect(await get('zhao', `/cases/${encodeURIComponent(caseId)}`)).toMatchObject({ caseId });
  });

  it('shows a rung the roster gave to the deputy in the deputy’s inbox only', async () => {
    const caseId = await escalated('chengshi-garden', 'guard_a', ['guard_a', 'guard_b', 'squad_leader']);
    // Nobody is on duty for guard_a: sun, its deputy, was told; qian holds the role too and was not.
    expect(await inboxOf('sun', caseId)).toMatchObject({ reason: 'escalated_to_me', escalatedToUsers: ['sun'] });
    expect(await noticesOf('sun', 'chengshi-garden', ['guard_a'], caseId)).toMatchObject([{ user: 'sun' }]);
    expect(await inboxOf('qian', caseId)).toBeUndefined();
    expect(await noticesOf('qian', 'chengshi-garden', ['guard_a'], caseId)).toEqual([]);
  });

  it('shows a rung at a site without a roster to every holder of the role, as before', async () => {
    const caseId = await escalated('xinghe-mall', 'squad_leader', []);
    for (const user of ['li', 'zhao']) {
      expect(await inboxOf(user, caseId)).toMatchObject({
        reason: 'escalated_to_me',
        escalatedTo: ['squad_leader'],
        escalatedToUsers: [],
      });
      const notices = await noticesOf(user, 'xinghe-mall', ['squad_leader'], caseId);
      expect(notices).toHaveLength(1);
      expect(notices[0]).not.toHaveProperty('user');
    }
  });
});
