/**
 * Longer than 300 lines on purpose: the e-mail channel whole — SMTP settings from the environment, the escalation
 * and notice messages in both languages, recipients by role, and the send with its retry-or-final classification —
 * so that what an SMTP answer means (535 retried, 5xx for a recipient final) sits next to the send it decides.
 */
import nodemailer from 'nodemailer';
import { type AppConfig, durationInWords, formatInstant, roleNames, rawEnv, readEnv } from '../../config';
import { activitySettings } from '../settings';
import type { ActionPayload, Messages } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import { noticeMessage, toText } from './message';
import {
  ackLinkFor,
  attempt,
  caseLink,
  channelLog,
  digestOf,
  markSent,
  pickedBy,
  wasSent,
  type ChannelOutcome,
} from './common';

/**
 * E-mail channel: one message per person holding the rung's role at the case's site, over SMTP (nodemailer).
 *
 * Idempotent on (case, rung, recipient): the rung's key and the address give the Message-ID, and a marker under
 * DATA_DIR/sent/ is written (flag `wx`) after the server accepted the message, so a retried activity skips the people
 * already mailed. At-least-once edge: a crash after the server accepted a message but before the marker is written
 * sends that one message again on the retry, with the same Message-ID (mail clients and servers can drop it).
 */

export type MailLang = 'zh-CN' | 'en';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

/** SMTP settings from SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASS, SMTP_FROM; none without SMTP_HOST. */
export function smtpFromEnv(env: NodeJS.ProcessEnv = rawEnv()): SmtpSettings | undefined {
  if (!env.SMTP_HOST) return undefined;
  const secure = /^(1|true|yes)$/i.test(env.SMTP_SECURE ?? '');
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port <= 0) throw new Error(`SMTP_PORT ${env.SMTP_PORT} is not a port number`);
  return {
    host: env.SMTP_HOST,
    port,
    secure,
    ...(env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? '' } : {}),
    from: env.SMTP_FROM ?? 'no-reply@procwf.local',
  };
}

export interface EmailDeps {
  /** SMTP server; from the environment when absent, `null` for "not configured". */
  smtp?: SmtpSettings | null;
  /** Users and sites; the activities' settings (config/, read once) when absent. */
  config?: Pick<AppConfig, 'users' | 'sites'>;
  /** Template language; MAIL_LANG or zh-CN when absent. */
  lang?: MailLang;
}

/** What the e-mail says about one rung. */
export interface EscalationFacts {
  number: string;
  caseId: string;
  procedureName: string;
  siteName: string;
  timerName: string;
  role: string;
  level: number;
  dueAt: string;
  at: string;
  lateMs: number;
  link: string;
  zone: string;
}

/** A lateness in words, as the UI says it (`3分钟20秒`, `3 mins 20 secs`); `刚刚`/`just now` under a second. */
export function formatLate(ms: number, lang: MailLang): string {
  return Math.abs(ms) < 1000 ? (lang === 'en' ? 'just now' : '刚刚') : durationInWords(ms, lang);
}

/** An instant as the site's local time in the app's one date format, with its zone, in zh-CN or en. */
export function formatTime(iso: string, lang: MailLang, zone: string): string {
  return lang === 'en' ? `${formatInstant(iso, zone, lang)} (${zone})` : `${formatInstant(iso, zone, lang)}（${zone}）`;
}

/**
 * Subject and plain text of an escalation e-mail in zh-CN or en; `ackLink`, the recipient's own acknowledge link
 * (issue 21 point 2), under the case's link when given.
 */
export function renderEscalationEmail(
  lang: MailLang,
  f: EscalationFacts,
  ackLink?: string,
): { subject: string; text: string } {
  const due = formatTime(f.dueAt, lang, f.zone);
  const at = formatTime(f.at, lang, f.zone);
  if (lang === 'en') {
    const late = f.lateMs >= 1000 ? `overdue by ${formatLate(f.lateMs, lang)}` : 'overdue';
    return {
      subject: `[Escalation L${f.level}] ${f.number}: ${f.timerName} ${late}`,
      text: [
        `Case ${f.number} (${f.procedureName}, ${f.siteName}): ${f.timerName} is ${late}.`,
        '',
        `Due:        ${due}`,
        `Escalated:  ${at}`,
        `Level:      ${f.level}, to ${f.role}`,
        '',
        `Open the case: ${f.link}`,
        ...(ackLink ? [`Acknowledge without signing in (this link is yours and works once): ${ackLink}`] : []),
        '',
        'This message was sent automatically; please act on the case in the app.',
      ].join('\n'),
    };
  }
  const late = f.lateMs >= 1000 ? `已超时 ${formatLate(f.lateMs, lang)}` : '已到期';
  return {
    subject: `【升级 第${f.level}级】${f.number} ${f.timerName}${late}`,
    text: [
      `案件 ${f.number}（${f.procedureName}，${f.siteName}）的「${f.timerName}」${late}。`,
      '',
      `截止时间：${due}`,
      `升级时间：${at}`,
      `升级级别：第 ${f.level} 级，通知 ${f.role}`,
      '',
      `查看并处理案件：${f.link}`,
      ...(ackLink ? [`确认收到（无需登录，此链接仅限本人使用一次）：${ackLink}`] : []),
      '',
      '本邮件由系统自动发送，请在系统中处理该案件。',
    ].join('\n'),
  };
}

const textOf = (messages: Messages | undefined, ...path: string[]): string | undefined => {
  let node: string | Messages | undefined = messages;
  for (const part of path) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
};

/** The facts of the payload's rung, with the procedure's own names for the deadline where it has them. */
export function factsOf(payload: ActionPayload, lang: MailLang, config: Pick<AppConfig, 'sites'>): EscalationFacts {
  const e = payload.escalation;
  if (!e) throw new Error(`notify ${payload.key} carries no escalation`);
  let messages: Messages | undefined;
  try {
    messages = getProcedure(payload.procedure).i18n[lang];
  } catch {
    messages = undefined; // an unknown procedure still gets its mail, with ids instead of names
  }
  const site = config.sites.get(payload.site);
  return {
    number: payload.number,
    caseId: payload.caseId,
    procedureName: textOf(messages, 'name') ?? payload.procedure,
    siteName: site?.name ?? payload.site,
    timerName: textOf(messages, 'timers', e.timer) ?? e.timer,
    role: roleNames[e.to]?.[lang] ?? e.to,
    level: e.level,
    dueAt: e.dueAt,
    at: e.at,
    lateMs: Date.parse(e.at) - Date.parse(e.dueAt),
    link: caseLink(payload.caseId),
    zone: site?.calendar.zone ?? 'Asia/Shanghai',
  };
}

/**
 * Addresses of the people holding `role` at `site` (people without an address are left out); only `only`'s when
 * given (the person the site's roster picked, issue 21 point 3).
 */
export function recipientsOf(config: Pick<AppConfig, 'users'>, site: string, role: string, only?: string): string[] {
  const addresses = [...config.users.values()]
    .filter((u) => u.email && (u.roles[site] ?? []).includes(role) && (only === undefined || u.id === only))
    .map((u) => u.email!);
  return [...new Set(addresses)].sort();
}

/**
 * The person an address belongs to among the holders of `role` at `site` (the first by id when people share one), so
 * the message's acknowledge link names them; undefined when nobody does.
 */
export function holderOf(
  config: Pick<AppConfig, 'users'>,
  contact: string,
  site: string,
  role: string,
  field: 'email' | 'phone' = 'email',
): string | undefined {
  return [...config.users.values()]
    .filter((u) => u[field] === contact && (u.roles[site] ?? []).includes(role))
    .map((u) => u.id)
    .sort()[0];
}

/**
 * A refusal that retrying will not change: SMTP 5xx for the recipient. A 4xx or a network error may heal, and so may
 * a refused login (535 and the other AUTH failures, nodemailer's `EAUTH`): that is the server refusing our wrong or
 * expired password, which an administrator fixes, not a refusal of the address — the rung goes out once they have.
 */
export function isPermanent(err: unknown): boolean {
  const e = err as { responseCode?: number; permanent?: boolean; code?: string; command?: string };
  if (e.code === 'EAUTH' || e.responseCode === 535 || /^AUTH\b/.test(e.command ?? '')) return false;
  return e.permanent === true || (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600);
}

const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'procwf.local';

/** Mails the rung to its role at the case's site; 'skipped' when SMTP is not configured or nobody has an address. */
export async function sendEscalationEmail(payload: ActionPayload, deps: EmailDeps = {}): Promise<ChannelOutcome> {
  const escalation = payload.escalation;
  if (!escalation) throw new Error(`notify ${payload.key} carries no escalation`);
  const lang: MailLang = deps.lang ?? readEnv().MAIL_LANG;
  const config = deps.config ?? activitySettings().config;
  const facts = factsOf(payload, lang, config);
  return mailRole(
    {
      key: payload.key,
      site: payload.site,
      role: escalation.to,
      only: pickedBy(escalation),
      headers: { 'X-Case-Id': payload.caseId },
    },
    async (to) =>
      renderEscalationEmail(lang, facts, await ackLinkFor(payload, holderOf(config, to, payload.site, escalation.to))),
    { ...deps, config },
  );
}

/** Mails a notice of a step (issue 21 point 4) to its role at the case's site, in the words the robots use. */
export async function sendNoticeEmail(payload: ActionPayload, deps: EmailDeps = {}): Promise<ChannelOutcome> {
  const { role } = payload.params as { role: string };
  const lang: MailLang = deps.lang ?? readEnv().MAIL_LANG;
  const config = deps.config ?? activitySettings().config;
  return mailRole(
    { key: payload.key, site: payload.site, role, headers: { 'X-Case-Id': payload.caseId } },
    () => {
      const m = noticeMessage(payload, lang, config);
      return { subject: m.title, text: toText(m, lang) };
    },
    { ...deps, config },
  );
}

/** One message to everybody holding a role at a site (or to `only` of them), keyed for idempotency. */
export interface RoleMail {
  key: string;
  site: string;
  role: string;
  /** User id: only this holder of the role is mailed (the person on duty, issue 21 point 3). */
  only?: string;
  headers?: Record<string, string>;
}

/**
 * Mails everybody holding `role` at `site` (each once per key); 'skipped' when SMTP is not configured or nobody has
 * an address. `render` gives each recipient's message (by address: a message may carry a link of that person's). A
 * failure throws, so the activity retries and the people already mailed are skipped.
 */
export async function mailRole(
  mail: RoleMail,
  render: (to: string) => { subject: string; text: string } | Promise<{ subject: string; text: string }>,
  deps: EmailDeps = {},
): Promise<ChannelOutcome> {
  const log = channelLog();
  const smtp = deps.smtp === undefined ? smtpFromEnv() : deps.smtp;
  if (!smtp) {
    log.info('email not configured (SMTP_HOST unset); channel skipped', { key: mail.key });
    return 'skipped';
  }
  const config = deps.config ?? activitySettings().config;
  const recipients = recipientsOf(config, mail.site, mail.role, mail.only);
  if (recipients.length === 0) {
    log.warn('email: nobody with an address holds the role at the site; channel skipped', {
      key: mail.key,
      site: mail.site,
      role: mail.role,
      ...(mail.only ? { only: mail.only } : {}),
    });
    return 'skipped';
  }
  let bounced = 0;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    // Well inside the activity's 15-second start-to-close timeout, so a hung server fails the attempt cleanly.
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  });
  try {
    for (const to of recipients) {
      if (await wasSent('email', mail.key, to)) {
        log.info('email already sent; skipped', { key: mail.key, to });
        continue;
      }
      const messageId = `<${digestOf(mail.key, to)}@${domainOf(smtp.from)}>`;
      const { subject, text } = await render(to);
      log.info('email sending', { key: mail.key, to, messageId, attempt: attempt() });
      try {
        await transport.sendMail({
          from: smtp.from,
          to,
          subject,
          text,
          messageId,
          headers: { 'X-Idempotency-Key': mail.key, ...mail.headers },
        });
      } catch (err) {
        if (isPermanent(err)) {
          // A 5xx for this address (no such mailbox) will not heal by retrying: recorded, and the others still go.
          log.warn('email permanently refused; not retried', { key: mail.key, to, error: (err as Error).message });
          await markSent('email', mail.key, to, { messageId, refused: (err as Error).message });
          bounced++;
          continue;
        }
        log.warn('email failed', { key: mail.key, to, attempt: attempt(), error: (err as Error).message });
        throw new Error(`email to ${to} for ${mail.key} failed: ${(err as Error).message}`, { cause: err });
      }
      await markSent('email', mail.key, to, { messageId });
      log.info('email sent', { key: mail.key, to, messageId });
    }
  } finally {
    transport.close();
  }
  // Only when every address bounced did the channel reach nobody.
  return bounced === recipients.length ? 'skipped' : 'delivered';
}
