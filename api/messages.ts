import { roleNames } from '../config';
import type { ZodType } from 'zod';
import type { Messages, ProcedureDefinition } from '../workflows/engine';
import { cachedJsonSchemaOf } from './procedures/json-schema';

type JsonSchema = Record<string, unknown>;

/**
 * The words of the API's problems (application/problem+json), in both languages the API speaks: titles by status,
 * the Chinese wording of each problem code, and the messages built from specifics (a procedure's refusals, an
 * Idempotency-Key reused, the file routes' refusals). api/errors.ts picks the caller's language; routes and services
 * take their localised messages from here.
 */

/** A language the API speaks. */
export type Lang = 'zh-CN' | 'en';
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
  'case-open': '案件尚未结案',
  'fact-not-addable': '该流程的案件结案后不能补记此项',
  'late-fact-refused': '此案件不能补记此项',
  'records-not-kept': '未配置案件记录库，结案后不能补记',
  'not-in-records': '案件记录库中还没有这个已结案的案件',
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
    case 'InvalidData':
      return dataRefusal(def, (details.issues as DataIssue[] | undefined) ?? [], event)[lang];
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

/** One problem with a request's data, as every 422 lists it: a dotted path, zod's message and issue code. */
export interface DataIssue {
  path: string;
  message: string;
  code?: string;
  /** zod's bound of a too_small / too_big issue, and what it bounds (string, array, number…), when known. */
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  /** false: the bound itself is refused too (a number that must be more than 0). */
  inclusive?: boolean;
}

/**
 * The names of the API's own request fields (bodies, paths, queries, headers), by the last part of their path: a
 * refusal says 「场所」, not `query.site`. A procedure's data fields are named by the procedure's i18n instead.
 */
export const requestFieldLabels: Record<string, Said> = {
  procedure: { 'zh-CN': '流程', en: 'Procedure' },
  site: { 'zh-CN': '场所', en: 'Site' },
  data: { 'zh-CN': '填写的内容', en: 'Data' },
  drill: { 'zh-CN': '演练', en: 'Drill' },
  role: { 'zh-CN': '角色', en: 'Role' },
  type: { 'zh-CN': '步骤', en: 'Step' },
  id: { 'zh-CN': '编号', en: 'Id' },
  n: { 'zh-CN': '升级序号', en: 'Escalation number' },
  token: { 'zh-CN': '确认链接', en: 'Acknowledge link' },
  user: { 'zh-CN': '确认人', en: 'Person acknowledging' },
  sha256: { 'zh-CN': '附件', en: 'File' },
  size: { 'zh-CN': '附件大小', en: 'File size' },
  document: { 'zh-CN': '文书', en: 'Document' },
  month: { 'zh-CN': '月份', en: 'Month' },
  months: { 'zh-CN': '月数', en: 'Number of months' },
  format: { 'zh-CN': '格式', en: 'Format' },
  lang: { 'zh-CN': '语言', en: 'Language' },
  status: { 'zh-CN': '状态', en: 'Status' },
  overdue: { 'zh-CN': '是否超时', en: 'Overdue' },
  q: { 'zh-CN': '搜索词', en: 'Search text' },
  pageSize: { 'zh-CN': '每页条数', en: 'Page size' },
  cursor: { 'zh-CN': '分页游标', en: 'Page cursor' },
  version: { 'zh-CN': '版本', en: 'Version' },
  lastEventId: { 'zh-CN': '续传位置', en: 'Last event id' },
  'Last-Event-ID': { 'zh-CN': '续传位置', en: 'Last event id' },
  'Idempotency-Key': { 'zh-CN': '幂等键（Idempotency-Key）', en: 'Idempotency-Key' },
  username: { 'zh-CN': '用户名', en: 'Username' },
  password: { 'zh-CN': '密码', en: 'Password' },
  eventId: { 'zh-CN': '报警事件编号', en: 'Alarm event id' },
  zone: { 'zh-CN': '防区', en: 'Zone' },
  sentAt: { 'zh-CN': '发送时间', en: 'Sent at' },
  description: { 'zh-CN': '描述', en: 'Description' },
};

/** The label of a request field path (`query.site` → 场所); the path itself when no part of it has one. */
export function requestFieldLabel(path: string, lang: Lang): string {
  const parts = path
    .split('.')
    .filter((p) => p && !/^\d+$/.test(p) && !['body', 'query', 'params', 'headers'].includes(p));
  const known = [...parts].reverse().find((p) => requestFieldLabels[p]);
  return known ? requestFieldLabels[known]![lang] : path || (lang === 'zh-CN' ? '（整体）' : '(the whole request)');
}

/**
 * The label of a procedure data field path (`customer.phone` → 电话): the deepest part the procedure's i18n names;
 * the path itself when none does.
 */
export function dataFieldLabel(def: ProcedureDefinition, path: string, lang: Lang): string {
  const parts = path.split('.').filter((p) => p && !/^\d+$/.test(p));
  const known = [...parts].reverse().find((p) => label(def, lang, 'fields', p) !== p);
  return known ? label(def, lang, 'fields', known) : path || (lang === 'zh-CN' ? '（整体）' : '(the whole form)');
}

/**
 * What is wrong with one field, in words, naming it by `name` (its label): required, too short or long (with the
 * bound when zod gave it), a wrong format (with `example`, from the field's schema, when there is one), not one of the
 * choices, or a rule of the procedure (zod refinement: its own English words in English; in Chinese that the answer
 * does not fit the others).
 */
export function issueInWords(
  issue: DataIssue,
  name: string,
  lang: Lang,
  example?: string,
  kind: 'procedure' | 'request' = 'procedure',
): string {
  const zh = lang === 'zh-CN';
  const bound = (b: number | bigint | undefined) => (b === undefined ? undefined : Number(b));
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return zh ? `「${name}」必须填写` : `${name} is required`;
      return zh ? `「${name}」类型不对` : `${name} has the wrong type`;
    case 'too_small': {
      const n = bound(issue.minimum);
      if (n === undefined) return zh ? `「${name}」太短或太少` : `${name} is too short or too small`;
      if (issue.origin === 'string')
        return n <= 1
          ? zh
            ? `「${name}」必须填写`
            : `${name} is required`
          : zh
            ? `「${name}」至少 ${n} 个字`
            : `${name}: at least ${n} characters`;
      if (issue.origin === 'array') return zh ? `「${name}」至少 ${n} 项` : `${name}: at least ${n} entries`;
      if (issue.inclusive === false) return zh ? `「${name}」必须大于 ${n}` : `${name} must be more than ${n}`;
      return zh ? `「${name}」不能小于 ${n}` : `${name} may not be less than ${n}`;
    }
    case 'too_big': {
      const n = bound(issue.maximum);
      if (n === undefined) return zh ? `「${name}」太长或太大` : `${name} is too long or too large`;
      if (issue.origin === 'string') return zh ? `「${name}」最多 ${n} 个字` : `${name}: at most ${n} characters`;
      if (issue.origin === 'array') return zh ? `「${name}」最多 ${n} 项` : `${name}: at most ${n} entries`;
      if (issue.inclusive === false) return zh ? `「${name}」必须小于 ${n}` : `${name} must be less than ${n}`;
      return zh ? `「${name}」不能大于 ${n}` : `${name} may not be more than ${n}`;
    }
    case 'invalid_format':
      if (example)
        return zh ? `「${name}」格式不正确，例如 ${example}` : `${name} is not in the right format, e.g. ${example}`;
      return zh ? `「${name}」格式不正确` : `${name} is not in the right format`;
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_enum_value':
      return zh ? `「${name}」不是可选的值` : `${name} is not one of the choices`;
    case 'unrecognized_keys':
      return zh ? `「${name}」含有不认识的字段` : `${name} has fields it does not take`;
    case 'custom':
      // A request field's own check (a known site, an event id of the stream) says what it is not; a procedure's
      // refinement is a rule between answers.
      if (kind === 'request') return zh ? `「${name}」无效` : `${name}: ${issue.message}`;
      return zh ? `「${name}」与其他填写内容不符` : `${name}: ${issue.message}`;
    default:
      return zh ? `「${name}」填写有误` : `${name} is invalid`;
  }
}

/**
 * A refusal of invalid data in `lang`, every issue in words with its field's label (`labelOf(path)`) and, for a wrong
 * format, an example (`exampleOf(path)`): 「填写的内容有误：「电话」格式不正确，例如 13800138000」, never `data.customer.phone`.
 * `lead` replaces the opening words (e.g. the step's name).
 */
export function invalidDataMessage(
  issues: readonly DataIssue[],
  lang: Lang,
  labelOf: (path: string) => string,
  exampleOf: (path: string) => string | undefined = () => undefined,
  lead?: string,
  kind: 'procedure' | 'request' = 'procedure',
): string {
  const zh = lang === 'zh-CN';
  const said = [...new Set(issues.map((i) => issueInWords(i, labelOf(i.path), lang, exampleOf(i.path), kind)))];
  const opening = lead ?? (zh ? '填写的内容有误' : 'Invalid data');
  return zh ? `${opening}：${said.join('；')}` : `${opening}: ${said.join('; ')}`;
}

/** {@link invalidDataMessage} in both languages for the API's own request fields (bodies, paths, queries, headers). */
export function requestRefusal(issues: readonly DataIssue[]): Said {
  return {
    'zh-CN': invalidDataMessage(issues, 'zh-CN', (p) => requestFieldLabel(p, 'zh-CN'), undefined, undefined, 'request'),
    en: invalidDataMessage(issues, 'en', (p) => requestFieldLabel(p, 'en'), undefined, undefined, 'request'),
  };
}

/** The first example (JSON Schema `examples`) of the field at a dotted data path of `schema`, if it has one. */
export function exampleAt(schema: ZodType, path: string): string | undefined {
  let nodes: JsonSchema[] = [cachedJsonSchemaOf(schema)];
  for (const part of path.split('.').filter(Boolean)) {
    const next: JsonSchema[] = [];
    const visit = (n: JsonSchema): void => {
      for (const branch of [...asList(n.oneOf), ...asList(n.anyOf), ...asList(n.allOf)]) visit(branch);
      const props = n.properties as Record<string, JsonSchema> | undefined;
      if (props?.[part]) next.push(props[part]);
      if (/^\d+$/.test(part) && n.items && typeof n.items === 'object') next.push(n.items as JsonSchema);
    };
    nodes.forEach(visit);
    nodes = next;
  }
  const found = nodes.find((n) => Array.isArray(n.examples) && n.examples.length > 0);
  return found ? String((found.examples as unknown[])[0]) : undefined;
}

const asList = (x: unknown): JsonSchema[] => (Array.isArray(x) ? (x as JsonSchema[]) : []);

/**
 * The refusal of a procedure's data (the intake, or step `event`) in both languages: each issue in words, the field
 * by the procedure's label, a wrong format with the field's example. Paths are relative to the data.
 */
export function dataRefusal(def: ProcedureDefinition, issues: readonly DataIssue[], event?: string): Said {
  const schema = event ? def.events[event]?.schema : def.start.schema;
  const said = (lang: Lang) =>
    invalidDataMessage(
      issues,
      lang,
      (p) => dataFieldLabel(def, p, lang),
      (p) => (schema ? exampleAt(schema, p) : undefined),
      event
        ? lang === 'zh-CN'
          ? `「${label(def, lang, 'events', event)}」填写有误`
          : `"${label(def, lang, 'events', event)}" has invalid data`
        : undefined,
    );
  return { 'zh-CN': said('zh-CN'), en: said('en') };
}

/** The refusal of answers to fields the site's policy does not use (its `fieldGroups`), each by its label. */
export function unusedFieldsRefusal(def: ProcedureDefinition, paths: readonly string[]): Said {
  const names = (lang: Lang) => [...new Set(paths.map((p) => dataFieldLabel(def, p, lang)))];
  return {
    'zh-CN': `本场所不使用这些填写项：${names('zh-CN')
      .map((n) => `「${n}」`)
      .join('、')}`,
    en: `This site does not use these fields: ${names('en').join(', ')}`,
  };
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
  /** `fields(lang)`: the fields holding the unknown files, by their labels in `lang` (a field once). */
  unknownAttachments: (fields: (lang: Lang) => string[]): Said => ({
    'zh-CN': `附件不属于本案件（未上传到本案件，或大小不符）：${[...new Set(fields('zh-CN'))].join('、')}`,
    en: `Attachments not uploaded to this case (or of another size): ${[...new Set(fields('en'))].join(', ')}`,
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

/**
 * Why a fact cannot be added to a closed case (POST /cases/:id/addenda, issue 18 point 2), in both languages:
 * - `case-open`: the case still runs; the procedure's step records the fact (`hasStep`), or it waits for the close;
 * - `not-addable`: the procedure takes no such fact after close;
 * - `refused`: the procedure's rule refused it; `reason` is the key of its words (`lateFacts.<fact>.refusals`);
 * - `records-not-kept`: the app keeps no records database, where additions are written;
 * - `not-in-records`: the records hold no closed case of that id yet (closed before the app kept records, or its
 *   close is not written yet).
 */
export function lateFactRefusal(
  def: ProcedureDefinition,
  fact: string,
  refusal:
    | { kind: 'case-open'; hasStep: boolean }
    | { kind: 'not-addable' }
    | { kind: 'refused'; reason: string }
    | { kind: 'records-not-kept' }
    | { kind: 'not-in-records' },
): Said {
  const said = (lang: Lang): string => {
    const zh = lang === 'zh-CN';
    const name = lateFactName(def, lang, fact);
    switch (refusal.kind) {
      case 'case-open':
        if (refusal.hasStep)
          return zh
            ? `案件尚未结案：请用步骤「${label(def, lang, 'events', fact)}」记录`
            : `the case is still open: record it with the step "${label(def, lang, 'events', fact)}"`;
        return zh
          ? `案件尚未结案：结案后才能补记「${name}」`
          : `the case is still open: "${name}" can be added once it is closed`;
      case 'not-addable':
        return zh
          ? `「${procedureName(def, lang)}」的案件结案后不能补记「${name}」`
          : `a closed case of "${procedureName(def, lang)}" cannot be given "${name}"`;
      case 'refused': {
        const table = (def.i18n[lang].lateFacts as Messages | undefined)?.[fact] as Messages | undefined;
        const words = (table?.refusals as Messages | undefined)?.[refusal.reason];
        return typeof words === 'string' ? words : refusal.reason;
      }
      case 'records-not-kept':
        return zh
          ? '本系统未配置案件记录库，结案后不能补记'
          : 'this app keeps no records database, where facts added after close are written';
      case 'not-in-records':
        return zh
          ? '案件记录库中还没有这个已结案的案件，请稍后重试'
          : 'the records database holds no closed case of this id yet; try again later';
    }
  };
  return { 'zh-CN': said('zh-CN'), en: said('en') };
}

const procedureName = (def: ProcedureDefinition, lang: Lang): string =>
  typeof def.i18n[lang].name === 'string' ? def.i18n[lang].name : def.id;

/** The name of a fact added after close: its own title, else the step's name, else its id. */
function lateFactName(def: ProcedureDefinition, lang: Lang, fact: string): string {
  const table = (def.i18n[lang].lateFacts as Messages | undefined)?.[fact] as Messages | undefined;
  return typeof table?.title === 'string' ? table.title : label(def, lang, 'events', fact);
}
