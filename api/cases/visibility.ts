import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { timingSafeEqual } from 'node:crypto';
import { macOf } from '../auth/tokens';
import { HttpError } from '../errors';
import { CASE_WORKFLOW_TYPE, caseSearchAttributes as sa } from '../../workflows/engine';
import type { z } from 'zod';
import type { CaseSummarySchema } from './list-schemas';

/** One case as the visibility store knows it: enough for lists and inboxes without asking each workflow. */
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

/** The visibility clause that selects cases (runs of the case workflow), at the head of every case query. */
export const CASES = `WorkflowType = '${CASE_WORKFLOW_TYPE}'`;

/** Quotes a value for a visibility query. */
export const q = (value: string) => {
  // Found by schemathesis: a NUL in a filter broke the SQL visibility query (UNAVAILABLE, retried ~15 s, then a 500).
  if (/\p{Cc}/u.test(value))
    throw new HttpError(422, 'invalid-data', 'a filter may not contain control characters', {
      issues: [{ path: 'query', message: 'a filter may not contain control characters', code: 'custom' }],
    });
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
};
export const inList = (values: string[]) => `(${values.map(q).join(', ')})`;

// A cursor is Temporal's page token sealed with an HMAC, so a forged one is a 404 here and never reaches Temporal: its
// SQL visibility answers UNKNOWN to a bad token, which the client retries for ~20 s before the API gave up with a 500.
// (Not bound to the query: the overdue filter's "now" changes the query from page to page.)
/** A list cursor: `payload` (a page token or a place) with an HMAC, so only cursors this API handed out open. */
export const sealCursor = (token: Buffer) => {
  const raw = token.toString('base64url');
  return `${raw}.${macOf(`cursor\n${raw}`).slice(0, 22)}`;
};
/** The payload of a cursor {@link sealCursor} made. @throws HttpError 404 no-such-page for any other string */
export function openCursor(cursor: string): Buffer {
  const [raw = '', mac = ''] = cursor.split('.');
  const expected = macOf(`cursor\n${raw}`).slice(0, 22);
  if (
    cursor.split('.').length !== 2 ||
    mac.length !== expected.length ||
    !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
  )
    // The page a cursor names: none, for one this list never handed out (the document says so: a 404).
    throw new HttpError(404, 'no-such-page', 'cursor: not a cursor this list handed out');
  return Buffer.from(raw, 'base64url');
}

/** One page of cases matching a visibility query; the cursor is Temporal's page token, sealed (see sealCursor). */
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
    nextPageToken: cursor ? openCursor(cursor) : undefined,
  });
  const token = res.nextPageToken?.length ? sealCursor(Buffer.from(res.nextPageToken)) : null;
  return { cases: (res.executions ?? []).map((e) => summaryOf(e, now)), nextCursor: token };
}

/**
 * The cases matching a visibility query, read page after page (`pageSize` each) until the pages end or `max` are
 * kept: the one paging loop of the API. `keep` picks the cases that count (all when absent); `now` (epoch ms) is read
 * for each page, for its cases' overdue flags.
 */
export async function collectCases(
  client: Client,
  query: string,
  opts: { pageSize: number; now: () => number; keep?: (c: CaseSummary) => boolean; max?: number },
): Promise<CaseSummary[]> {
  const { pageSize, now, keep = () => true, max = Infinity } = opts;
  const found: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(client, query, pageSize, cursor, now());
    found.push(...page.cases.filter(keep));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && found.length < max);
  return found;
}

/**
 * An instant as the API writes every instant: `toISOString()`, three fraction digits. Visibility hands a Datetime
 * search attribute back in its own form, without trailing zeros (`…:38.53Z` for `…:38.530Z`), so the same case read
 * from visibility and from the records differed by a digit.
 */
const isoInstant = <T extends string | null>(value: T): T => (value ? new Date(value).toISOString() : value) as T;

/** A list entry from a case workflow's visibility record (its search attributes); `now` (epoch ms) judges `overdue`. */
export function summaryOf(execution: temporal.api.workflow.v1.IWorkflowExecutionInfo, now: number): CaseSummary {
  const fields = execution.searchAttributes?.indexedFields ?? {};
  const read = <T>(name: string, fallback: T): T => {
    const payload = fields[name];
    return payload ? (defaultPayloadConverter.fromPayload(payload) as T) : fallback;
  };
  const first = <T>(v: T | T[]): T => (Array.isArray(v) ? (v[0] as T) : v);
  const nextDueAt = isoInstant(first(read<string | null>(sa.nextDueAt.name, null)));
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
    // Visibility keeps roles only: a rung the on-duty roster gave to one person still shows as its role's here.
    escalatedToUsers: [],
    awaitingRoles: read<string[]>(sa.awaitingRoles.name, []),
    updatedAt: isoInstant(first(read(sa.updatedAt.name, ''))),
  };
}
