import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { caseSearchAttributes as sa } from '../../workflows/engine/search-attributes';

/** One case as the visibility store knows it: enough for lists and inboxes without asking each workflow. */
export interface CaseSummary {
  caseId: string;
  number: string;
  procedure: string;
  site: string;
  state: string;
  status: string;
  drill: boolean;
  nextDueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  escalatedTo: string[];
  awaitingRoles: string[];
  updatedAt: string;
}

/** Quotes a value for a visibility query. */
export const q = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
export const inList = (values: string[]) => `(${values.map(q).join(', ')})`;

/** One page of cases matching a visibility query; the cursor is Temporal's page token, base64url. */
export async function listCases(
  client: Client,
  query: string,
  pageSize: number,
  cursor: string | undefined,
  now: number,
): Promise<{ cases: CaseSummary[]; nextCursor: string | null }> {
  const res = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize,
    nextPageToken: cursor ? Buffer.from(cursor, 'base64url') : undefined,
  });
  const token = res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64url') : null;
  return { cases: (res.executions ?? []).map((e) => summaryOf(e, now)), nextCursor: token };
}

function summaryOf(execution: temporal.api.workflow.v1.IWorkflowExecutionInfo, now: number): CaseSummary {
  const fields = execution.searchAttributes?.indexedFields ?? {};
  const read = <T>(name: string, fallback: T): T => {
    const payload = fields[name];
    return payload ? (defaultPayloadConverter.fromPayload(payload) as T) : fallback;
  };
  const first = <T>(v: T | T[]): T => (Array.isArray(v) ? (v[0] as T) : v);
  const nextDueAt = first(read<string | null>(sa.nextDueAt.name, null));
  const status = first(read(sa.status.name, 'open'));
  return {
    caseId: execution.execution?.workflowId ?? '',
    number: first(read(sa.number.name, '')),
    procedure: first(read(sa.procedure.name, '')),
    site: first(read(sa.site.name, '')),
    state: first(read(sa.state.name, '')),
    status,
    drill: Boolean(first(read(sa.drill.name, false))),
    nextDueAt,
    overdue: status === 'open' && nextDueAt !== null && Date.parse(nextDueAt) < now,
    escalationLevel: Number(first(read(sa.escalationLevel.name, 0))),
    escalatedTo: read<string[]>(sa.escalatedTo.name, []),
    awaitingRoles: read<string[]>(sa.awaitingRoles.name, []),
    updatedAt: first(read(sa.updatedAt.name, '')),
  };
}
