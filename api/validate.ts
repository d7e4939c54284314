import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { dataIssuesOf, invalidDataError } from './errors';
import { requestRefusal } from './messages';

type Parts = { body?: z.ZodType; params?: z.ZodType; query?: z.ZodType };

/** Parses the request parts with their zod schemas into res.locals.input; a failure is a 422 listing issues by path, its detail
 * in the caller's language naming each field by its label (「场所」, not `query.site`). */
export function validate(parts: Parts): RequestHandler {
  return (req, res, next) => {
    const input: Record<string, unknown> = {};
    for (const key of ['params', 'query', 'body'] as const) {
      const schema = parts[key];
      if (!schema) continue;
      const parsed = schema.safeParse(req[key] ?? {});
      if (!parsed.success) throw invalidDataError(parsed.error, key, requestRefusal(dataIssuesOf(parsed.error, key)));
      input[key] = parsed.data;
    }
    res.locals.input = input;
    next();
  };
}
