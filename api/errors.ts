import type { ErrorRequestHandler, Request } from 'express';
import type { ZodError } from 'zod';
import { internalError, problemTitles, requestRefusal, zhDetails, type DataIssue, type Said } from './messages';

/** An error the API answers with as application/problem+json (RFC 9457). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** The message in each language, when it can be said better than `message`. */
    readonly localized?: Partial<Said>,
  ) {
    super(message);
  }
}

function detailOf(known: HttpError | null, lang: 'zh-CN' | 'en'): string {
  if (!known) return internalError[lang];
  const localized = known.localized?.[lang];
  if (localized) return localized;
  const issues = known.extra.issues as DataIssue[] | undefined;
  // Issues of a request field the route reported without its own words: each in words, the field by its label.
  if (known.code === 'invalid-data' && issues?.length) return requestRefusal(issues)[lang];
  if (lang === 'en' || !zhDetails[known.code]) return known.message;
  return zhDetails[known.code]!;
}

/** zh-CN unless the caller prefers English. */
export function languageOf(req: Request): 'zh-CN' | 'en' {
  return req.acceptsLanguages('zh-CN', 'zh', 'en') === 'en' ? 'en' : 'zh-CN';
}

/** zod issues by path, the shape every 422 uses. */
export function issuesOf(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

/**
 * zod issues with the bounds a message in words can name (a too_small's minimum and what it bounds); for the
 * localised detail only — the body's `issues` keep the shape of {@link issuesOf}. `prefix` goes before each path.
 */
export function dataIssuesOf(error: ZodError, prefix = ''): DataIssue[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    const bounds = i as { minimum?: number | bigint; maximum?: number | bigint; origin?: string; inclusive?: boolean };
    return {
      path,
      message: i.message,
      code: i.code,
      ...(bounds.minimum !== undefined ? { minimum: bounds.minimum } : {}),
      ...(bounds.maximum !== undefined ? { maximum: bounds.maximum } : {}),
      ...(bounds.origin !== undefined ? { origin: bounds.origin } : {}),
      ...(bounds.inclusive !== undefined ? { inclusive: bounds.inclusive } : {}),
    };
  });
}

/** The one error middleware: maps everything to problem+json, never leaks a stack trace. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toHttpError(err);
  const status = known?.status ?? 500;
  if (!known) req.log?.error({ err }, 'unhandled error');
  const title = problemTitles[status] ?? problemTitles[500]!;
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `urn:problem:${known?.code ?? 'internal'}`,
      title: title[languageOf(req)],
      status,
      detail: detailOf(known, languageOf(req)),
      ...(known?.extra ?? {}),
    });
};

function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; code?: string };
  // Errors raised by express.json() for a bad or oversized body.
  if (e?.type === 'entity.parse.failed')
    return new HttpError(400, 'malformed-json', 'the request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too-large', 'the request body is too large');
  if (e?.type && e.status && e.status >= 400 && e.status < 500)
    return new HttpError(e.status, 'bad-request', String((err as Error).message));
  return null;
}

/**
 * The 422 `invalid-data` of a zod failure: the body's issues with `prefix` before each path (`data.customer.phone`),
 * the English message listing them, and `localized` (the words with field labels) as the detail.
 */
export function invalidDataError(error: ZodError, prefix: string, localized: Partial<Said>): HttpError {
  const issues = issuesOf(error).map((i) => ({ ...i, path: `${prefix}${i.path ? `.${i.path}` : ''}` }));
  return new HttpError(
    422,
    'invalid-data',
    issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    { issues },
    localized,
  );
}
