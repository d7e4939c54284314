/**
 * `npm run records:backfill` (issue 16): the cases Temporal keeps — open and closed, started before the records existed
 * or recording themselves — copied into a new records database; a second run changes nothing; an old open case that
 * moved on is brought up to date by the next run. A Temporal CLI dev server, the app's worker in this process, and a
 * real PostgreSQL this test starts.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'kysely';
import { closeRecords } from '../../activities/records';
import { backfillRecords, openRecords, verifyRecords, type Records } from '../../records';
import { viewQuery } from '../../workflows/engine';
import { useDevServer } from '../support/dev-server-fixture';
import { caseRunner } from '../support/procedure-cases';
import { repoRoot } from '../support/process';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { waitFor } from '../support/wait';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const run = promisify(execFile);
const taskQueue = 'records-backfill';
let pg: TestPostgres;
let live: Records; // the database the recording case writes to as it runs
let fresh: Records; // the new database the backfill fills
let freshUrl: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  process.env.DATABASE_URL = pg.url; // the worker's recordCase writes here
  live = await openRecords({ url: pg.url });
  await sql`CREATE DATABASE backfilled`.execute(live.db);
  freshUrl = pg.url.replace(/\/records$/, '/backfilled');
  fresh = await openRecords({ url: freshUrl });
}, 180_000);
const temporal = useDevServer({ inProcessWorker: taskQueue });
afterAll(async () => {
  await closeRecords();
  await fresh?.close();
  await live?.close();
  await pg?.destroy();
});

const oldCases = caseRunner('perimeter-alarm', taskQueue, () => temporal);
const recordingCases = caseRunner('perimeter-alarm', taskQueue, () => temporal, { records: true });
const start = (name: string, records: boolean) =>
  (records ? recordingCases : oldCases).open(name, { zone: '北墙三号', source: 'panel' });
const step = oldCases.step;
async function close(handle: WorkflowHandle) {
  await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await step(handle, 'patrol_arrived', {}, 'patrol_guard');
  await step(
    handle,
    'verdict_given',
    { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true },
    'patrol_guard',
  );
  return handle.result();
}

/** Everything a database holds of the cases, to compare two moments. */
const contents = async (records: Records) => ({
  cases: await records.db.selectFrom('cases').selectAll().orderBy('case_id').execute(),
  entries: await records.db.selectFrom('case_entries').selectAll().orderBy('case_id').orderBy('seq').execute(),
});

describe('records:backfill', () => {
  it('copies open and closed cases into a new database once; again, nothing changes; a moved-on old case is refreshed', async () => {
    const oldClosed = await start('old-closed', false);
    const oldClosedView = await close(oldClosed);
    const oldOpen = await start('old-open', false);
    const recording = await start('recording', true);
    const recordingView = await close(recording);
    // The recording case reached the live database by itself; the new one has nothing yet.
    await waitFor(async () => (await live.store.getCase(recording.workflowId))?.view.status === 'closed', {
      timeoutMs: 60_000,
      what: 'the recording case in the live records',
    });
    // Visibility lists the three cases.
    await waitFor(
      async () =>
        (
          await temporal.client.workflowService.listWorkflowExecutions({
            namespace: 'default',
            query: `WorkflowType = 'runProcedure'`,
          })
        ).executions?.length === 3,
      { timeoutMs: 60_000, what: 'visibility to list the three cases' },
    );

    const first = await backfillRecords(temporal.client, fresh.store);
    expect(first.cases).toEqual([
      { caseId: oldClosed.workflowId, outcome: 'copied' },
      { caseId: oldOpen.workflowId, outcome: 'copied' },
      { caseId: recording.workflowId, outcome: 'copied' },
    ]);
    expect((await fresh.store.getCase(oldClosed.workflowId))!.view).toEqual(JSON.parse(JSON.stringify(oldClosedView)));
    expect((await fresh.store.getCase(recording.workflowId))!.view).toEqual(JSON.parse(JSON.stringify(recordingView)));
    expect((await fresh.store.getCase(oldOpen.workflowId))!.view).toEqual(
      JSON.parse(JSON.stringify(await oldOpen.query(viewQuery))),
    );
    // The copied chains are the same as the one the recording case wrote change by change.
    expect((await fresh.store.entries(recording.workflowId)).map((e) => [e.kind, e.at])).toEqual(
      (await live.store.entries(recording.workflowId)).map((e) => [e.kind, e.at]),
    );
    expect(await verifyRecords(fresh.db)).toMatchObject({ cases: 3, breaks: [] });

    // Again: nothing changes, not even a row's recorded_at.
    const before = await contents(fresh);
    const again = await backfillRecords(temporal.client, fresh.store);
    expect(again).toMatchObject({ copied: 0, refreshed: 0, unchanged: 3, skipped: 0 });
    expect(await contents(fresh)).toEqual(before);

    // The old open case takes a step (it does not record itself): the next run brings it up to date, chained on.
    await step(oldOpen, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    const now = await oldOpen.query(viewQuery);
    const command = await run('npx', ['tsx', 'records/cli.ts', 'backfill'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: freshUrl,
        TEMPORAL_ADDRESS: temporal.server.address,
        TEMPORAL_NAMESPACE: 'default',
      },
    });
    expect(command.stdout).toContain(`refreshed: ${oldOpen.workflowId}`);
    expect(command.stdout).toMatch(/records: 0 copied, 1 refreshed, 2 unchanged, 0 skipped/);
    const refreshed = await fresh.store.getCase(oldOpen.workflowId);
    expect(refreshed).toMatchObject({ revision: 2, view: JSON.parse(JSON.stringify(now)) });
    expect((await fresh.store.entries(oldOpen.workflowId)).map((e) => e.kind)).toEqual(['opened', 'step']);
    expect(await verifyRecords(fresh.db)).toMatchObject({ cases: 3, breaks: [] });
  });
});
