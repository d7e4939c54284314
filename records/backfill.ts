import { isDeepStrictEqual } from 'node:util';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { CASE_WORKFLOW_TYPE, viewQuery, type CaseView } from '../workflows/engine';
import type { RecordStore } from './store';

/** What one case came to in a backfill. */
export interface BackfilledCase {
  caseId: string;
  /**
   * copied: new to the records; refreshed: a case that does not record itself changed since the last backfill;
   * unchanged: the records already hold it as it is (or the case records its own changes); skipped: not readable
   * (failed or terminated run, or its view could not be read) or purged by retention.
   */
  outcome: 'copied' | 'refreshed' | 'unchanged' | 'skipped';
  /** Why it was skipped. */
  reason?: string;
}

/** What {@link backfillRecords} did, per case and in total. */
export interface BackfillReport {
  cases: BackfilledCase[];
  copied: number;
  refreshed: number;
  unchanged: number;
  skipped: number;
}

/**
 * Copies the cases Temporal still keeps — open ones and retained closed ones — into the records (run once after an
 * upgrade, into a new database; running it again changes nothing unless a case changed).
 *
 * Each case's view comes from its workflow: a closed case's from its result, an open one's from its query (a worker
 * must be running). A case new to the records is written as revision 1, so the writes of a case that records itself
 * (started with `records`) still apply after it; a case that does not record itself (started before the records
 * existed) is written again, one revision up, when its view differs from the stored one, so re-running the backfill
 * brings such open cases up to date.
 * @param client a Temporal client on the cases' namespace
 * @throws when Temporal visibility or the records database cannot be reached (cases already written stay written)
 */
export async function backfillRecords(client: Client, store: RecordStore): Promise<BackfillReport> {
  const report: BackfillReport = { cases: [], copied: 0, refreshed: 0, unchanged: 0, skipped: 0 };
  const add = (c: BackfilledCase) => {
    report.cases.push(c);
    report[c.outcome] += 1;
  };
  let nextPageToken: Uint8Array | undefined;
  const seen = new Set<string>();
  do {
    const page = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query: `WorkflowType = '${CASE_WORKFLOW_TYPE}'`,
      pageSize: 200,
      nextPageToken,
    });
    for (const execution of page.executions ?? []) {
      const caseId = execution.execution?.workflowId;
      // Visibility lists each run of a case continued as new: the case once, by its latest run.
      if (!caseId || seen.has(caseId)) continue;
      seen.add(caseId);
      add(await backfillCase(client, store, caseId));
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  report.cases.sort((a, b) => a.caseId.localeCompare(b.caseId));
  return report;
}

async function backfillCase(client: Client, store: RecordStore, caseId: string): Promise<BackfilledCase> {
  const handle = client.workflow.getHandle(caseId);
  let view: CaseView;
  let recordsItself: boolean;
  try {
    const { status } = await handle.describe();
    // A closed case's view is its result (no worker needed); an open one answers the query.
    view = status.name === 'COMPLETED' ? ((await handle.result()) as CaseView) : await handle.query(viewQuery);
    recordsItself = await startedWithRecords(client, caseId);
  } catch (err) {
    return { caseId, outcome: 'skipped', reason: err instanceof Error ? err.message : String(err) };
  }
  const stored = await store.getCase(caseId);
  // Compared as stored: jsonb keeps no undefined members.
  const asStored = JSON.parse(JSON.stringify(view)) as CaseView;
  if (stored && (recordsItself || isDeepStrictEqual(stored.view, asStored))) return { caseId, outcome: 'unchanged' };
  // A case that records itself is only copied when missing: its own next write (revision 2 or more) follows.
  const result = await store.write({ view, revision: stored ? stored.revision + 1 : 1 });
  if (!result.applied) return { caseId, outcome: 'skipped', reason: 'purged by retention' };
  return { caseId, outcome: stored ? 'refreshed' : 'copied' };
}

/** Whether the case's latest run was started with `records` (its own writes keep the records current). */
async function startedWithRecords(client: Client, caseId: string): Promise<boolean> {
  const history = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId: caseId },
    maximumPageSize: 1,
  });
  const payload = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return false;
  return (defaultPayloadConverter.fromPayload(payload) as { records?: boolean }).records === true;
}
