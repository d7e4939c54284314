import { roleNames } from '../config';
import type { Messages, ProcedureDefinition } from '../workflows/engine';

/**
 * The words of the API's problems (application/problem+json), in both languages the API speaks: titles by status,
 * the Chinese wording of each problem code, and the messages built from specifics (a procedure's refusals, an
 * Idempotency-Key reused, the file routes' refusals). api/errors.ts picks the caller's language; routes and services
 * take their localised messages from here.
 */

type Lang = 'zh-CN' | 'en';
/** One message in each language. */
export type Said = Record<Lang, string>;

/**
 * A case of procedure `procedure` (its name) refused at site `site` (its name) because the site does not run it
 * (config/sites/<site>.yaml `runs`, issue 19).
 */
export function notRunHereMessage(procedure: Said, site: string, id: string, siteId: string): Said {
  return {
    'zh-CN': `${site}不受理「${procedure['zh-CN']}」案件：该场所运行的流程中没有它`,
    en: `site ${siteId} (${site}) does not run the procedure ${id} (${procedure.en})`,
  };
}

/** The detail of an error the API did not expect (its stack trace stays in the log). */
export const internalError: Said = { 'zh-CN': '服务器内部错误', en: 'internal error' };

/** The title of a problem by HTTP status. */
export const problemTitles: Record<number, Said> = {
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

/** The Chinese wording of each problem code; the English detail (the error's message) says the same with the specifics. */
export const zhDetails: Record<string, string> = {
  'no-such-case': '没有这个案件',
  'no-such-escalation': '没有这条升级记录',
  'no-such-route': '没有这个接口',
  'no-such-page': '没有这一页：分页游标无效',
  'method-not-allowed': '该接口不支持此请求方法',
  'no-such-procedure': '没有这个流程',
  'unknown-procedure': '没有这个流程',
  'role-not-held': '你在该场所没有这个角色',
  'role-not-allowed': '你的角色不能执行此操作',
  'site-not-allowed': '你不在该场所工作',
  'procedure-not-run': '该场所不运行这个流程',
  'invalid-data': '填写的内容有误',
  'bad-credentials': '用户名或密码错误',
  unauthenticated: '请先登录',
  'bad-signature': '报警主机签名无效',
  'stale-request': '请求时间与当前时间相差超过 5 分钟，已拒绝',
  'unknown-zone': '报警主机没有这个防区',
  'rate-limited': '请求过于频繁，请稍后再试',
  'case-closed': '案件已结案，不能再执行步骤',
  'already-acknowledged': '该升级已被确认过',
  'idempotency-key-reused': '这个 Idempotency-Key 已用于另一个不同的请求，本次请求未执行',
  'event-not-allowed': '当前状态不允许此操作',
  'temporal-unavailable': '工作流服务暂时无法连接，请稍后重试',
  'shutting-down': '本服务进程正在停止，请稍后重试',
  'malformed-json': '请求内容不是有效的 JSON',
  'too-large': '请求内容过大',
};

const label = (def: ProcedureDefinition, lang: Lang, group: string, key: string): string => {
  const table = def.i18n[lang][group] as Messages | undefined;
  const value = table?.[key];
  return typeof value === 'string' ? value : key;
};

/**
 * A refusal in the caller's language, worded with the procedure's own names for states, events, fields and roles'
 * rules, built from the engine's structured details (kind, state, allowed, issues, blockedBy).
 */
export function refusalMessage(
  def: ProcedureDefinition,
  lang: Lang,
  kind: string,
  event: string,
  details: Record<string, unknown>,
): string | undefined {
  const ev = label(def, lang, 'events', event);
  const state = typeof details.state === 'string' ? label(def, lang, 'states', details.state) : '';
  const list = (xs: unknown, group: string) =>
    (Array.isArray(xs) ? xs : []).map((x) => label(def, lang, group, String(x))).join(lang === 'en' ? ', ' : '、');
  const zh = lang === 'zh-CN';
  switch (kind) {
    case 'EventNotAllowed': {
      const rules = list(details.blockedBy, 'rules');
      const allowed = list(details.allowed, 'events');
      if (zh) return `当前状态「${state}」不允许「${ev}」${rules ? `（${rules}）` : ''}。现在可以：${allowed || '无'}`;
      return `"${ev}" is not allowed in state "${state}"${rules ? ` (${rules})` : ''}. Allowed now: ${allowed || 'none'}`;
    }
    case 'InvalidData': {
      const fields = (details.issues as Array<{ path: string }> | undefined)?.map((i) =>
        label(def, lang, 'fields', i.path.split('.')[0] || i.path),
      );
      const names = [...new Set(fields ?? [])].join(zh ? '、' : ', ');
      return zh ? `「${ev}」填写有误：${names}` : `"${ev}" has invalid data: ${names}`;
    }
    case 'RoleNotAllowed': {
      // Roles by their names in the caller's language (客服、部门经理), not their ids.
      const roles =
        (details.roles as string[] | undefined)?.map((r) => roleNames[r]?.[lang] ?? r).join(zh ? '、' : ', ') ?? '';
      return zh
        ? `你的角色不能执行「${ev}」；可执行的角色：${roles}`
        : `Your role may not do "${ev}"; roles that may: ${roles}`;
    }
    case 'IdempotencyKeyReused':
      return keyReusedMessage(lang);
    default:
      return undefined;
  }
}

/**
 * The Chinese refusal of a case's opening data: the fields named by the procedure's labels (`填写的内容有误：分类`),
 * not by their paths (`data.subcategory`). Paths are relative to the data (`customer.phone`); a field without a
 * label keeps its path.
 */
export function intakeRefusalZh(def: ProcedureDefinition, issues: ReadonlyArray<{ path: string }>): string {
  const names = issues.map(({ path }) => {
    const parts = path.split('.').filter((p) => p && !/^\d+$/.test(p));
    const known = [...parts].reverse().find((p) => label(def, 'zh-CN', 'fields', p) !== p);
    return known ? label(def, 'zh-CN', 'fields', known) : path || '（整体）';
  });
  return `填写的内容有误：${[...new Set(names)].join('、')}`;
}

/** The refusal of an `Idempotency-Key` already used for a different request (any route that takes the header). */
export function keyReusedMessage(lang: Lang): string {
  return lang === 'zh-CN'
    ? '这个 Idempotency-Key 已用于另一个不同的请求，本次请求未执行；新的请求请使用新的 Idempotency-Key'
    : 'This Idempotency-Key was already used for a different request; nothing was done. Use a new key for a new request';
}

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** The file routes' refusals (api/attachments/router.ts); sizes in bytes, said in MiB. */
export const fileMessages = {
  notMultipart: {
    'zh-CN': '请以 multipart/form-data 上传文件，字段名为 file',
    en: 'Send the file as multipart/form-data in a part named "file"',
  },
  unknownAttachments: (paths: string[]): Said => ({
    'zh-CN': `附件不属于本案件（未上传到本案件，或大小不符）：${paths.join('、')}`,
    en: `Attachments not uploaded to this case (or of another size): ${paths.join(', ')}`,
  }),
  noSuchAttachment: (sha256: string): Said => ({
    'zh-CN': '本案件没有这个附件',
    en: `This case has no file ${sha256}`,
  }),
  noThumbnail: { 'zh-CN': '该附件没有缩略图', en: 'This file has no thumbnail' },
  caseFilesFull: (maxCaseBytes: number, room: number): Said => ({
    'zh-CN': `本案件附件总量上限 ${mib(maxCaseBytes)}，仅剩 ${mib(room)}`,
    en: `A case's files may total ${mib(maxCaseBytes)}; ${mib(room)} left`,
  }),
  fileTooLarge: (maxFileBytes: number): Said => ({
    'zh-CN': `单个文件不能超过 ${mib(maxFileBytes)}`,
    en: `A file may be at most ${mib(maxFileBytes)}`,
  }),
  wrongType: (found: string | undefined): Said => ({
    'zh-CN': `文件内容不是允许的类型（照片或 PDF），按内容识别为：${found ?? '未知'}`,
    en: `The file's content is not an accepted type (a photo or a PDF); it reads as ${found ?? 'unknown'}`,
  }),
} satisfies Record<string, Said | ((...args: never[]) => Said)>;

/**
 * The words of the acknowledge page (api/ack/router.ts), which a person reaches from the link in an escalation message
 * without signing in (issue 21 point 2).
 */
export const ackPageText = {
  /** The rung in words: the case (number, procedure, site), which deadline, which rung, to whom. */
  facts: (
    def: ProcedureDefinition | undefined,
    lang: Lang,
    r: { number: string; site: string; timer: string; level: number; role: string },
  ): string[] => {
    const procedure = typeof def?.i18n[lang].name === 'string' ? def.i18n[lang].name : (def?.id ?? '');
    const deadline = def ? label(def, lang, 'timers', r.timer) : r.timer;
    const role = roleNames[r.role]?.[lang] ?? r.role;
    return [
      ackPageText.caseLine(r.number, procedure, r.site)[lang],
      ackPageText.rungLine(deadline, r.level, role)[lang],
    ];
  },
  title: { 'zh-CN': '确认收到升级通知', en: 'Acknowledge an escalation' },
  caseLine: (number: string, procedure: string, site: string): Said => ({
    'zh-CN': `案件 ${number}（${procedure}，${site}）`,
    en: `Case ${number} (${procedure}, ${site})`,
  }),
  rungLine: (deadline: string, level: number, role: string): Said => ({
    'zh-CN': `「${deadline}」超时，第 ${level} 级升级，通知${role}`,
    en: `${deadline} missed: rung ${level}, to the ${role}`,
  }),
  asPerson: (name: string): Said => ({ 'zh-CN': `确认人：${name}`, en: `Acknowledging as ${name}` }),
  whoAreYou: (role: string): Said => ({
    'zh-CN': `请选择你是哪位${role}：`,
    en: `Which ${role} are you?`,
  }),
  button: { 'zh-CN': '确认收到', en: 'Acknowledge' },
  done: (name: string, at: string): Said => ({
    'zh-CN': `已确认：${name}，${at}。请在系统中继续处理该案件。`,
    en: `Acknowledged by ${name} at ${at}. Please go on with the case in the app.`,
  }),
  openCase: { 'zh-CN': '查看案件（需登录）', en: 'Open the case (sign-in needed)' },
  invalid: {
    'zh-CN': '链接无效：链接不完整或已被改动。请使用通知中的原始链接，或登录系统确认。',
    en: 'This link is not valid: it is incomplete or was altered. Use the link from the message, or sign in to acknowledge.',
  },
  expired: {
    'zh-CN': '链接已过期，请登录系统确认。',
    en: 'This link has expired; sign in to acknowledge.',
  },
  used: (name: string, at: string): Said => ({
    'zh-CN': `此链接已失效：该升级已由 ${name} 于 ${at} 确认。`,
    en: `This link has been used: ${name} acknowledged the escalation at ${at}.`,
  }),
  notHolder: (role: string): Said => ({
    'zh-CN': `无法确认：所选人员在该场所不是${role}。`,
    en: `Not acknowledged: that person is not a ${role} at this site.`,
  }),
  pickSomeone: { 'zh-CN': '请先选择确认人。', en: 'Choose who acknowledges first.' },
  noCase: { 'zh-CN': '没有这个案件或这条升级记录。', en: 'There is no such case or escalation.' },
  closed: { 'zh-CN': '案件已结案，无需确认。', en: 'The case is closed; nothing to acknowledge.' },
  unavailable: {
    'zh-CN': '工作流服务暂时无法连接，请稍后重试。',
    en: 'The workflow service cannot be reached; try again shortly.',
  },
} satisfies Record<string, Said | ((...args: never[]) => Said | string[])>;

/** The words of the files section of a case's PDF documents (api/documents/evidence.ts). */
export const evidenceWords = {
  'zh-CN': {
    heading: '附件与证据',
    note: '每个附件的缩略图、说明及 SHA-256 哈希；下载的文件可按哈希核对，打印本文件计入附件的查看记录。',
    step: '步骤',
    noStep: '未被步骤引用',
    uploaded: '上传',
    taken: '拍摄',
    place: '位置',
    noThumbnail: '（无缩略图）',
  },
  en: {
    heading: 'Files and evidence',
    note: 'Each file’s thumbnail, caption and SHA-256 hash; a downloaded file can be checked against its hash. Printing this document is recorded as a view of each photo.',
    step: 'Step',
    noStep: 'not referenced by a step',
    uploaded: 'Uploaded',
    taken: 'Taken',
    place: 'Place',
    noThumbnail: '(no thumbnail)',
  },
} satisfies Record<Lang, Record<string, string>>;
