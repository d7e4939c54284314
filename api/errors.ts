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
  405: { 'zh-CN': '不支持此请求方法', en: 'Method not allowed' },
  409: { 'zh-CN': '当前状态不允许此操作', en: 'Not allowed in the current state' },
  413: { 'zh-CN': '请求内容过大', en: 'Request too large' },
  422: { 'zh-CN': '填写的内容有误', en: 'Invalid data' },
  429: { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal error' },
  503: { 'zh-CN': '工作流服务暂不可用', en: 'Workflow service unavailable' },
};

// Chinese wording of each problem code; the English detail says the same with the specifics.
const zhDetail: Record<string, string> = {
  'no-such-case': '没有这个案件',
  'no-such-escalation': '没有这条升级记录',
  'no-such-route': '没有这个接口',
  'no-such-page': '没有这一页:分页游标无效',
  'method-not-allowed': '该接口不支持此请求方法',
  'no-such-procedure': '没有这个流程',
  'unknown-procedure': '没有这个流程',
  'role-not-held': '你在该场所没有这个角色',
  'role-not-allowed': '你的角色不能执行此操作',
  'site-not-allowed': '你不在该场所工作',
  'invalid-data': '填写的内容有误',
  'bad-credentials': '用户名或密码错误',
  unauthenticated: '请先登录',
  'bad-signature': '报警主机签名无效',
  'stale-request': '请求时间与当前时间相差超过 5 分钟,已拒绝',
  'unknown-zone': '报警主机没有这个防区',
  'rate-limited': '请求过于频繁,请稍后再试',
  'case-closed': '案件已结案,不能再执行步骤',
  'already-acknowledged': '该升级已被确认过',
  'idempotency-key-reused': '这个 Idempotency-Key 已用于另一个不同的请求,本次请求未执行',
  'event-not-allowed': '当前状态不允许此操作',
  'temporal-unavailable': '工作流服务暂时无法连接,请稍后重试',
  'malformed-json': '请求内容不是有效的 JSON',
  'too-large': '请求内容过大',
};

function detailOf(known: HttpError | null, lang: 'zh-CN' | 'en'): string {
  if (!known) return lang === 'en' ? 'internal error' : '服务器内部错误';
  const localized = known.localized?.[lang];
  if (localized) return localized;
  if (lang === 'en' || !zhDetail[known.code]) return known.message;
  const issues = known.extra.issues as Array<{ path: string }> | undefined;
  return issues?.length
    ? `${zhDetail[known.code]}:${issues.map((i) => i.path || '(整体)').join('、')}`
    : zhDetail[known.code]!;
}

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
