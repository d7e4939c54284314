/**
 * Retention-proof case records (issue 16): a closed case whose workflow execution is deleted, as Temporal's retention
 * does, is still served whole from the records. A Temporal CLI dev server (the time-skipping server cannot delete
 * executions), the app's worker in this process, and a real PostgreSQL this test starts.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { closeRecords } from '../../activities/records';
import { CaseService } from '../../api/cases/service';
import { HttpError } from '../../api/errors';
import { lazyArchive } from '../../records';
import type { CaseView } from '../../workflows/engine';
import type { runProcedure } from '../../workflows/engine/run-procedure';
import { sendStep } from '../support/app-worker';
import { useDevServer } from '../support/dev-server-fixture';
import { as, caseStart } from '../support/fixtures';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { waitFor } from '../support/wait';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'records-retention';
let pg: TestPostgres;

beforeAll(async () => {
  pg = await startTestPostgres();
  // The worker's recordCase connects with DATABASE_URL, as in production.
  process.env.DATABASE_URL = pg.url;
}, 180_000);
const temporal = useDevServer({ inProcessWorker: taskQueue });
afterAll(async () => {
  await closeRecords();
  await pg?.destroy();
});

async function closedCase(caseId: string): Promise<{ handle: WorkflowHandle<typeof runProcedure>; final: CaseView }> {
  const input = {
    ...caseStart('perimeter-alarm', { zone: '北墙三号', source: 'panel' }, caseId),
    procedure: 'perimeter-alarm',
    version: 1,
    records: true,
  };
  const handle = await temporal.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
  const step = (type: string, data: Record<string, unknown>, role: string) =>
    sendStep(handle, { type, data, actor: as(role) });
  await step('patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await step('patrol_arrived', {}, 'patrol_guard');
  await step('verdict_given', { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true }, 'patrol_guard');
  return { handle, final: await handle.result() };
}

describe('case records outlive the workflow', () => {
  it('serves a case whose workflow execution was deleted whole from the records, history included', async () => {
    const { handle, final } = await closedCase('perimeter-alarm-test-site-retention-1');
    const archive = lazyArchive(pg.url);
    try {
      const withRecords = new CaseService(temporal.client, new Map(), archive);
      const withoutRecords = new CaseService(temporal.client, new Map());
      expect(await withRecords.view(handle.workflowId)).toEqual(final);

      // What Temporal's retention does to a closed case (`temporal workflow delete`).
      await temporal.client.workflowService.deleteWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: handle.workflowId },
      });
      await waitFor(
        () =>
          withoutRecords.view(handle.workflowId).then(
            () => false,
            (err: unknown) => err instanceof HttpError && err.status === 404,
          ),
        { timeoutMs: 60_000, what: 'the workflow execution to be gone' },
      );

      const kept = await withRecords.view(handle.workflowId);
      expect(kept).toEqual(final);
      expect(kept.status).toBe('closed');
      expect(kept.history.map((s) => s.type)).toEqual(['patrol_dispatched', 'patrol_arrived', 'verdict_given']);
      await expect(withRecords.view('perimeter-alarm-test-site-never-was')).rejects.toMatchObject({ status: 404 });
    } finally {
      await archive.close();
    }
  });
});
