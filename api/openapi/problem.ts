import { z } from 'zod';

/** The application/problem+json body (RFC 9457) that api/errors.ts writes for every error. */
export const ProblemIssueSchema = z.object({
  path: z.string().describe('Where, e.g. body.data.zone'),
  message: z.string(),
  code: z.string().describe('zod issue code'),
});

export const ProblemSchema = z
  .object({
    type: z.string().describe('urn:problem:<code>, e.g. urn:problem:invalid-data'),
    title: z.string().describe('Short title in the caller’s language (zh-CN unless en is preferred)'),
    status: z.number().int().describe('The HTTP status'),
    detail: z.string().describe('What went wrong, naming the thing involved'),
    issues: z.array(ProblemIssueSchema).optional().describe('422: the zod issues by path'),
    state: z.string().optional().describe('409: the state the case is in'),
    allowed: z.array(z.string()).optional().describe('409: the events allowed in that state'),
    roles: z.array(z.string()).optional().describe('403: the roles that may do this'),
    appliedAt: z.string().optional().describe('422 idempotency-key-reused: when the key’s request was applied'),
  })
  .catchall(z.unknown());
export type Problem = z.infer<typeof ProblemSchema>;

/** What each error status means in this API, as the document's response descriptions. */
export const problemDescriptions = {
  400: 'Malformed JSON',
  401: 'No token, a bad or expired token, or (webhook) a bad signature',
  403: 'The caller’s role or site may not do this',
  404: 'No such case or procedure (or not visible to the caller)',
  409: 'The event is not allowed in the current state; the body names the state and the allowed events',
  413: 'The request body is too large',
  422: 'The data fails its schema; the body lists the zod issues by path',
  429: 'Rate limited; wait and try again',
  503: 'Temporal cannot be reached; try again',
} as const;
export type ProblemStatus = keyof typeof problemDescriptions;
