import type { ErrorRequestHandler, Request } from 'express';
import type { ZodError } from 'zod';

/** An error the API answers with as application/problem+json (RFC 9457). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** The message in each language, when it can be said better than `message`. */
    readonly localized?: { 'zh-CN'?: string; en?: string },
  ) {
    super(message);
  }
}

const titles: Record<number, { 'zh-CN': string; en: string }> = {
  400: { 'zh-CN': '请求格式错误', en: 'Malformed request' },
  401: { 'zh-CN': '未登录或登录已失效', en: 'Not signed in' },
  403: { 'zh-CN': '无权执行此操作', en: 'Not allowed' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
  409: { 'zh-CN': '当前状态不允许此操作', en: 'Not allowed in the current state' },
  413: { 'zh-CN': '请求内容过大', en: 'Request too large' },
  422: { 'zh-CN': '填写的内容有误', en: 'Invalid data' },
  429: { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal error' },
  503: { 'zh-CN': '工作流服务暂不可用', en: 'Workflow service unavailable' },
};

/** zh-CN unless the caller prefers English. */
export function languageOf(req: Request): 'zh-CN' | 'en' {
  return req.acceptsLanguages('zh-CN', 'zh', 'en') === 'en' ? 'en' : 'zh-CN';
}

/** zod issues by path, the shape every 422 uses. */
export function issuesOf(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

/** The one error middleware: maps everything to problem+json, never leaks a stack trace. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toHttpError(err);
  const status = known?.status ?? 500;
  if (!known) req.log?.error({ err }, 'unhandled error');
  const title = titles[status] ?? titles[500]!;
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `urn:problem:${known?.code ?? 'internal'}`,
      title: title[languageOf(req)],
      status,
      detail: known?.localized?.[languageOf(req)] ?? known?.message ?? 'internal error',
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
