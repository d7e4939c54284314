/**
 * What one step and one escalation ask of Temporal (issue 23), counted in the case's history on the time-skipping
 * test server with the app's real activities and a real PostgreSQL records database, as production cases run
 * (`records: true`, search attributes on). Counts, not times: the counts do not depend on the machine's load.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { closeRecords } from '../../activities/records';
import { viewQuery } from '../../workflows/engine';
import type { runProcedure } from '../../workflows/engine/run-procedure';
import { sendStep, useTimeSkippingWorker } from '../support/app-worker';
import { as, caseStart } from '../support/fixtures';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { waitFor } from '../support/wait';
import { localActivityTypeOf, type EventLike } from '../support/history-events';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'temporal-cost';
let pg: TestPostgres;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  pg = await startTestPostgres();
  process.env.DATABASE_URL = pg.url;
}, 180_000);
useTimeSkippingWorker(taskQueue, (ready) => (env = ready));
afterAll(async () => {
  await closeRecords();
  await pg?.destroy();
});

/**
 * The names of the history events added since `before`, once the case is idle again: no activity and no workflow task
 * pending, the last workflow task answered, and the history the same length on two reads 200 ms apart (a change nobody waits on may end on a marker,
 * not on a completed workflow task). Throws after 60 s (real time).
 */
async function addedEvents(handle: WorkflowHandle, before: number): Promise<string[]> {
  let last = -1;
  await waitFor(
    async () => {
      const { raw } = await handle.describe();
      const events = (await handle.fetchHistory()).events ?? [];
      // 5, 6 = WorkflowTaskScheduled, WorkflowTaskStarted: the worker has not answered yet (the test server's
      // describe does not report a pending workflow task).
      const answered = ![5, 6].includes(Number(events.at(-1)?.eventType));
      const idle = !raw.pendingActivities?.length && answered && events.length === last;
      last = events.length;
      return idle;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: `${handle.workflowId} to be idle` },
  );
  const events = (await handle.fetchHistory()).events ?? [];
  return events.slice(before).map((e) => shortName(e));
}

/** An event's type without its prefix; an activity's or a local activity's type in brackets, `patch` for a patch. */
function shortName(e: EventLike): string {
  const name = String(temporal.api.enums.v1.EventType[Number(e.eventType)] ?? e.eventType).replace('EVENT_TYPE_', '');
  const activity = e.activityTaskScheduledEventAttributes?.activityType?.name ?? localActivityTypeOf(e);
  if (activity) return `${name}(${activity})`;
  return e.markerRecordedEventAttributes?.markerName === 'core_patch' ? `${name}(patch)` : name;
}

/** How many events of each kind (activities named), for comparing without depending on their order. */
function tally(events: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e] = (counts[e] ?? 0) + 1;
  return counts;
}

let seq = 0;
function openCase(
  extra: { rostered?: string[]; fullVisibility?: boolean } = {},
): Promise<WorkflowHandle<typeof runProcedure>> {
  const caseId = `cost-${++seq}`;
  const start = caseStart('perimeter-alarm', { zone: '北墙三号', source: 'panel' }, caseId, 1);
  return env.client.workflow.start('runProcedure', {
    workflowId: caseId,
    taskQueue,
    args: [{ ...start, procedure: 'perimeter-alarm', version: 1, records: true, ...extra }],
  });
}

/** Opens a case, dispatches the patrol (a step) and lets the patrol's 5-minute arrival deadline fire its first rung. */
async function startStepRung(extra: { rostered?: string[]; fullVisibility?: boolean } = {}) {
  const handle = await openCase(extra);
  const started = await addedEvents(handle, 0);
  await sendStep(handle, {
    type: 'patrol_dispatched',
    data: { patrol: ['孙伟'], squadLeaderInformed: true },
    actor: as('monitor_guard'),
  });
  const step = await addedEvents(handle, started.length);
  await env.sleep(5 * 60_000 + 50_000);
  await waitFor(async () => (await handle.query(viewQuery)).escalations.length === 1, { timeoutMs: 60_000 });
  const rung = await addedEvents(handle, started.length + step.length);
  // RECORD_HISTORIES=1 keeps a history of the newest path for the replay test (tests/histories; the one of the path
  // before, perimeter-folded-patches-rostered-rung.json, stays as it was recorded).
  if (process.env.RECORD_HISTORIES === '1' && extra.rostered) {
    writeFileSync(
      path.join(__dirname, '..', 'histories', 'perimeter-records-local-rostered-rung.json'),
      historyToJSON(await handle.fetchHistory()),
    );
  }
  await handle.terminate('test done');
  return { started, step, rung };
}

// The workflow task that answers a bare Update, and the one that follows a bare timer: what Temporal cannot do without.
const workflowTask = { WORKFLOW_TASK_SCHEDULED: 1, WORKFLOW_TASK_STARTED: 1, WORKFLOW_TASK_COMPLETED: 1 };
// The records write of a change (issue 16), written inside the workflow task that made the change as a local
// activity (RECORDS_WRITTEN_LOCALLY): one marker. Before, an activity task and the workflow task its completion
// scheduled: six events.
const recordsWrite = { 'MARKER_RECORDED(recordCase)': 1 };
const plus = (...parts: Array<Record<string, number>>) => {
  const sum: Record<string, number> = {};
  for (const part of parts) for (const [k, n] of Object.entries(part)) sum[k] = (sum[k] ?? 0) + n;
  return sum;
};

// Pinned counts (issue 23; README, Performance): a change that makes a start, a step or an escalation ask more of
// Temporal fails here and has to say why. Counts of events, not times: load does not change them.
describe('what Temporal does for a case', () => {
  it('a start, a step and an escalation ask for the events they need and no more', async () => {
    const { started, step, rung } = await startStepRung();
    // Start: the folded patch's one marker and Temporal's TemporalChangeVersion upsert (written by the SDK for every
    // patch), the case's fixed attributes and status in one upsert, its two first deadlines, and its records write.
    // 10 events (15 before RECORDS_WRITTEN_LOCALLY).
    expect(tally(started)).toEqual(
      plus(
        {
          WORKFLOW_EXECUTION_STARTED: 1,
          'MARKER_RECORDED(patch)': 1,
          UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: 2,
          TIMER_STARTED: 2,
        },
        workflowTask,
        recordsWrite,
      ),
    );
    // Step: a bare Update (5 events), the step's own timer change and the records write inside the Update's own
    // workflow task; no upsert (a case that keeps records publishes only its status, which a step leaves open). 7
    // events (13 before RECORDS_WRITTEN_LOCALLY: an upsert, and the write as an activity task and a second workflow task).
    expect(tally(step)).toEqual(
      plus(
        { WORKFLOW_EXECUTION_UPDATE_ACCEPTED: 1, WORKFLOW_EXECUTION_UPDATE_COMPLETED: 1, TIMER_CANCELED: 1 },
        workflowTask,
        recordsWrite,
      ),
    );
    // Escalation: a bare timer (4 events), the next rung's timer and the records write that carries the rung's in-app
    // notice, run inside the timer's own workflow task as a local activity (one marker): no activity task, no second
    // workflow task, no notify activity, no outbox file, no upsert. 6 events (12 before ENGINE_PATCHES_FOLDED, 7 before
    // RECORDS_WRITTEN_LOCALLY).
    expect(tally(rung)).toEqual(plus({ TIMER_FIRED: 1, TIMER_STARTED: 1 }, workflowTask, recordsWrite));
  });

  it('upserts what a step and a rung change to visibility too where the site asks for it (CASE_VISIBILITY=full)', async () => {
    const { step, rung } = await startStepRung({ fullVisibility: true });
    // The same events as above, and one upsert each (state and updatedAt; escalation level and roles told).
    expect(tally(step)).toEqual(
      plus(
        {
          WORKFLOW_EXECUTION_UPDATE_ACCEPTED: 1,
          WORKFLOW_EXECUTION_UPDATE_COMPLETED: 1,
          TIMER_CANCELED: 1,
          UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: 1,
        },
        workflowTask,
        recordsWrite,
      ),
    );
    expect(tally(rung)).toEqual(
      plus({ TIMER_FIRED: 1, TIMER_STARTED: 1, UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: 1 }, workflowTask, recordsWrite),
    );
  });

  it("asks who is on duty inside the rung's own workflow task, and writes the rung once after the answer", async () => {
    const { rung } = await startStepRung({ rostered: ['squad_leader'] });
    // The on-duty lookup and the records write are a local-activity marker each; before, three activity tasks (the
    // lookup and the rung written twice, before and after the lookup) and two workflow tasks more, and an upsert. 7 events (23
    // before ENGINE_PATCHES_FOLDED, 8 before RECORDS_WRITTEN_LOCALLY).
    expect(tally(rung)).toEqual(
      plus(
        {
          TIMER_FIRED: 1,
          TIMER_STARTED: 1,
          'MARKER_RECORDED(onDuty)': 1,
          'MARKER_RECORDED(recordCase)': 1,
        },
        workflowTask,
      ),
    );
  });
});
