import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { ProblemSchema, problemDescriptions, type ProblemStatus } from './problem';

/**
 * What every resource's `openapi.ts` describes its routes with: each resource lists its paths (`RouteConfig[]`, paths
 * relative to /api) beside its router, from the same zod schemas the router validates with; `api/openapi/registry.ts`
 * assembles them into the document.
 */
export type PathConfig = RouteConfig;

/** The security scheme of a signed-in route (registered by the document as a bearer JWT). */
export const BEARER_AUTH = 'bearerAuth';
/** `security` of a route that needs a signed-in user. */
export const signedIn = [{ [BEARER_AUTH]: [] as string[] }];
/** The security scheme of the browser's session cookie (registered by the document; GET and HEAD only). */
export const SESSION_COOKIE_AUTH = 'sessionCookie';
/**
 * `security` of a GET a browser makes without a header (the event stream, links to documents, files, CSV): the bearer
 * token or the session cookie set at sign-in.
 */
export const signedInOrCookie: Record<string, string[]>[] = [{ [BEARER_AUTH]: [] }, { [SESSION_COOKIE_AUTH]: [] }];

/**
 * A component named `name`: the same schema the route validates with, carrying zod's own `id` metadata (a copy, so
 * the app's schema is untouched). Where a named schema sits inside another, the outer one is extended with it, so
 * the document refers to it instead of repeating it. Name each schema once (one module), or the document gets two.
 */
export const named = <T extends z.ZodType>(name: string, schema: T): T => schema.meta({ id: name }) as T;

const Problem = named('Problem', ProblemSchema);

/** An `application/json` content of `schema`. */
export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** problem+json responses for the given statuses, described as `problemDescriptions` says. */
export function problems(...statuses: ProblemStatus[]): Record<number, ResponseConfig> {
  return Object.fromEntries(statuses.map((status) => [status, problem(problemDescriptions[status])]));
}

/** One problem+json response described by `description` (for a status whose meaning on a route is its own). */
export function problem(description: string): ResponseConfig {
  return { description, content: { 'application/problem+json': { schema: Problem } } };
}

/** The 422 of a route that takes an idempotency key: bad data, or a key already used for another request. */
export const keyed422: Record<number, ResponseConfig> = {
  422: problem(
    `${problemDescriptions[422]}; or (type urn:problem:idempotency-key-reused) the Idempotency-Key was already ` +
      'used by this caller for a different request, and nothing was done',
  ),
};
