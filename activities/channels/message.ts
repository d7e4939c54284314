import { nextRungOf, roleNames, type AppConfig } from '../../config';
import type { ActionPayload, Escalation, Messages } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import { caseLink } from './common';
import { factsOf, formatLate, formatTime, type MailLang } from './email';

/**
 * One escalation as the chat robots and SMS say it: a title, labelled facts (case number, procedure, site, which
 * deadline was missed and by how long, the rung, who is told next and when) and the link to the case. Each platform
 * renders it in its own format below. Deterministic for a payload and a config.
 */
export interface EscalationMessage {
  title: string;
  fields: [label: string, value: string][];
  link: string;
  linkText: string;
  /** The link that acknowledges the rung without a sign-in (issue 21 point 2), when the message carries one. */
  ack?: { link: string; text: string };
  /** The same facts as template variables, for SMS templates (values only, no labels). */
  vars: Record<'number' | 'procedure' | 'site' | 'deadline' | 'late' | 'next' | 'link', string> & { ack?: string };
}

const labels = {
  'zh-CN': {
    number: '案件',
    procedure: '流程',
    site: '地点',
    missed: '超时',
    rung: '本级通知',
    next: '下一级',
    open: '查看并处理案件',
    ack: '确认收到（无需登录）',
  },
  en: {
    number: 'Case',
    procedure: 'Procedure',
    site: 'Site',
    missed: 'Missed',
    rung: 'Told now',
    next: 'Next',
    open: 'Open the case',
    ack: 'Acknowledge (no sign-in)',
  },
} as const;

/**
 * The message of the payload's rung in `lang`, with the next rung from the site's ladder in config, and `ackLink` (see
 * `ackLinkFor`) as its acknowledge link when given.
 */
export function escalationMessage(
  payload: ActionPayload,
  lang: MailLang,
  config: Pick<AppConfig, 'sites'>,
  ackLink?: string,
): EscalationMessage {
  const f = factsOf(payload, lang, config);
  const e = payload.escalation!;
  const l = labels[lang];
  const zh = lang === 'zh-CN';
  const late = f.lateMs >= 1000 ? formatLate(f.lateMs, lang) : '';
  const next = nextRungOf(config.sites.get(payload.site), payload.procedure, e.timer, e.level, e.dueAt);
  const nextRole = next ? (roleNames[next.role]?.[lang] ?? next.role) : '';
  const nextText = next
    ? zh
      ? `${nextRole}（${formatTime(new Date(next.at).toISOString(), lang, f.zone)} 起，若仍未处理）`
      : `${nextRole}, from ${formatTime(new Date(next.at).toISOString(), lang, f.zone)} if still not handled`
    : zh
      ? '已是最后一级'
      : 'this is the last rung';
  const due = formatTime(f.dueAt, lang, f.zone);
  const missed = zh
    ? `「${f.timerName}」截止 ${due}${late ? `，已超时 ${late}` : '，已到期'}`
    : `${f.timerName}, due ${due}${late ? `, overdue by ${late}` : ', now due'}`;
  return {
    title: zh
      ? `【升级 第${f.level}级】${f.number} ${f.timerName}${late ? `已超时 ${late}` : '已到期'}`
      : `[Escalation L${f.level}] ${f.number}: ${f.timerName} ${late ? `overdue by ${late}` : 'due'}`,
    fields: [
      [l.number, f.number],
      [l.procedure, f.procedureName],
      [l.site, f.siteName],
      [l.missed, missed],
      [l.rung, (zh ? `第 ${f.level} 级，${f.role}` : `level ${f.level}, ${f.role}`) + pickedText(e, zh)],
      [l.next, nextText],
    ],
    link: f.link,
    linkText: l.open,
    ...(ackLink ? { ack: { link: ackLink, text: l.ack } } : {}),
    vars: {
      number: f.number,
      procedure: f.procedureName,
      site: f.siteName,
      deadline: f.timerName,
      late: late || (zh ? '已到期' : 'due'),
      next: next ? nextRole : zh ? '无' : 'none',
      link: f.link,
      ...(ackLink ? { ack: ackLink } : {}),
    },
  };
}

// The person the site's roster picked for the rung (issue 21 point 3), after the role: （值班：张三） / (on duty: …).
function pickedText(e: Escalation, zh: boolean): string {
  const r = e.roster;
  if (!r?.user || (r.by !== 'on_duty' && r.by !== 'deputy')) return '';
  const who = r.name ?? r.user;
  if (r.by === 'on_duty') return zh ? `（值班：${who}）` : ` (on duty: ${who})`;
  return zh ? `（无人值班，代班：${who}）` : ` (nobody on duty; deputy: ${who})`;
}

/**
 * A notice of a step (issue 21 point 4; a procedure's `inform` action, e.g. theft confirmed → squad leader) as the
 * robots say it: what happened (the procedure's name for the step), to whom, and the link to the case.
 */
export function noticeMessage(
  payload: ActionPayload,
  lang: MailLang,
  config: Pick<AppConfig, 'sites'>,
): EscalationMessage {
  const { role, about } = payload.params as { role: string; about: string };
  let messages: Messages | undefined;
  try {
    messages = getProcedure(payload.procedure).i18n[lang];
  } catch {
    messages = undefined;
  }
  const pick = (group: string) => {
    const table = messages?.[group];
    const value = typeof table === 'object' ? table[about] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const what = pick('events') ?? pick('timers') ?? about;
  const procedure = typeof messages?.name === 'string' ? messages.name : payload.procedure;
  const site = config.sites.get(payload.site)?.name ?? payload.site;
  const l = labels[lang];
  const zh = lang === 'zh-CN';
  const link = caseLink(payload.caseId);
  return {
    title: zh ? `【通知】${payload.number} ${what}` : `[Notice] ${payload.number}: ${what}`,
    fields: [
      [l.number, payload.number],
      [l.procedure, procedure],
      [l.site, site],
      [zh ? '事项' : 'What', what],
      [zh ? '通知' : 'To', roleNames[role]?.[lang] ?? role],
    ],
    link,
    linkText: l.open,
    vars: { number: payload.number, procedure, site, deadline: what, late: '', next: '', link },
  };
}

const sep = (lang: MailLang) => (lang === 'zh-CN' ? '：' : ': ');

/** Markdown as WeCom and DingTalk robots render it: a heading, quoted facts, the link. */
export function toMarkdown(m: EscalationMessage, lang: MailLang): string {
  return [
    `### ${m.title}`,
    ...m.fields.map(([label, value]) => `> **${label}**${sep(lang)}${value}`),
    '',
    `[${m.linkText}](${m.link})`,
    ...(m.ack ? ['', `[${m.ack.text}](${m.ack.link})`] : []),
  ].join('\n');
}

/** Plain text, one fact a line, the link last. */
export function toText(m: EscalationMessage, lang: MailLang): string {
  return [
    m.title,
    ...m.fields.map(([label, value]) => `${label}${sep(lang)}${value}`),
    `${m.linkText}${sep(lang)}${m.link}`,
    ...(m.ack ? [`${m.ack.text}${sep(lang)}${m.ack.link}`] : []),
  ].join('\n');
}

/** A Feishu rich-text (`post`) message body's `content`: a title, one paragraph per fact, the link as an `a` tag. */
export function toFeishuPost(m: EscalationMessage, lang: MailLang) {
  return {
    post: {
      [lang === 'zh-CN' ? 'zh_cn' : 'en_us']: {
        title: m.title,
        content: [
          ...m.fields.map(([label, value]) => [{ tag: 'text', text: `${label}${sep(lang)}${value}` }]),
          [{ tag: 'a', text: m.linkText, href: m.link }],
          ...(m.ack ? [[{ tag: 'a', text: m.ack.text, href: m.ack.link }]] : []),
        ],
      },
    },
  };
}
