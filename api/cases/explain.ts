import type { Escalation, Messages, ProcedureDefinition } from '../../workflows/engine';
import { channelNames, roleNames } from '../../config';

type Lang = 'zh-CN' | 'en';

/** A duration as people say it: 1 h 5 min, 1 小时 5 分. */
export function spoken(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const parts: Array<[number, string, string]> = [
    [Math.floor(total / 86400), '天', 'd'],
    [Math.floor((total % 86400) / 3600), '小时', 'h'],
    [Math.floor((total % 3600) / 60), '分', 'min'],
    [total % 60, '秒', 's'],
  ];
  const said = parts.filter(([n]) => n > 0).map(([n, zh, en]) => (lang === 'zh-CN' ? `${n} ${zh}` : `${n} ${en}`));
  return said.length ? said.slice(0, 2).join(' ') : lang === 'zh-CN' ? '0 秒' : '0 s';
}

/** A deadline rule in words: PT5M → 5 分钟, 1WD → 1 个工作日. */
export function ruleInWords(rule: string, lang: Lang): string {
  const working = /^(\d+)(WD|WH)$/.exec(rule);
  if (working) {
    const [, n, unit] = working;
    if (lang === 'zh-CN') return `${n} 个${unit === 'WD' ? '工作日' : '工作小时'}`;
    return `${n} working ${unit === 'WD' ? 'day' : 'hour'}${n === '1' ? '' : 's'}`;
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(rule);
  if (!iso) return rule;
  const [, d, h, m, s] = iso.map((x) => Number(x ?? 0));
  return spoken((((d! * 24 + h!) * 60 + m!) * 60 + s!) * 1000, lang).replace(' 分', ' 分钟');
}

/**
 * Why a case escalated, in words, from what the case recorded: the deadline rule, when it started, when it was due,
 * how late the step was when the rung fired, who was told through what, and whether it was acknowledged.
 */
export function explainEscalation(def: ProcedureDefinition, lang: Lang, e: Escalation, zone: string): string {
  const timers = def.i18n[lang].timers as Messages | undefined;
  const timer = typeof timers?.[e.timer] === 'string' ? (timers[e.timer] as string) : e.timer;
  const time = (at: string) =>
    new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone: zone,
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(at));
  const role = roleNames[e.to]?.[lang] ?? e.to;
  const channels = e.channels.map((c) => channelNames[c]?.[lang] ?? c).join(lang === 'zh-CN' ? '、' : ', ');
  const late = spoken(Date.parse(e.at) - Date.parse(e.dueAt), lang);
  const delivered = e.notifiedVia.map((c) => channelNames[c]?.[lang] ?? c).join(lang === 'zh-CN' ? '、' : ', ');
  if (lang === 'zh-CN') {
    return [
      `「${timer}」${e.rule ? `规定 ${ruleInWords(e.rule, lang)}` : ''}${e.startedAt ? `,自 ${time(e.startedAt)} 起计` : ''},${time(e.dueAt)} 到期。`,
      `${time(e.at)} 仍未完成(已超时 ${late}),第 ${e.level} 级升级通知${role},渠道:${channels}${rosterWords(e, lang)}`,
      delivered ? `,已送达:${delivered}。` : ',尚未确认送达。',
      e.ackedAt ? `已由${e.ackedByName ?? e.ackedBy}于 ${time(e.ackedAt)} 确认。` : '尚未确认。',
    ].join('');
  }
  return [
    `"${timer}"${e.rule ? ` allows ${ruleInWords(e.rule, lang)}` : ''}${e.startedAt ? `, counted from ${time(e.startedAt)}` : ''}; it was due ${time(e.dueAt)}.`,
    ` At ${time(e.at)} the step was still not done (${late} late): rung ${e.level} told the ${role} via ${channels}${rosterWords(e, lang)}`,
    delivered ? `; delivered via ${delivered}.` : '; delivery not yet confirmed.',
    e.ackedAt ? ` Acknowledged by ${e.ackedByName ?? e.ackedBy} at ${time(e.ackedAt)}.` : ' Not acknowledged yet.',
  ].join('');
}

// Who the site's on-duty roster picked for the rung (issue 21 point 3); nothing when it went to everyone as before.
function rosterWords(e: Escalation, lang: Lang): string {
  const r = e.roster;
  const who = r?.name ?? r?.user ?? '';
  const zh = lang === 'zh-CN';
  switch (r?.by) {
    case 'on_duty':
      return zh ? `(值班:${who})` : ` (on duty: ${who})`;
    case 'deputy':
      return zh ? `(无人值班,已通知代班 ${who})` : ` (nobody on duty: the deputy ${who})`;
    case 'next_rung':
      return zh
        ? '(无人值班且未设代班:本级未通知任何人,已立即升级到下一级)'
        : ' (nobody on duty and no deputy: nobody was told at this rung; the next rung fired at once)';
    case 'everyone':
      return zh
        ? '(无人值班且未设代班,已是最后一级:通知所有人)'
        : ' (nobody on duty and no deputy on the last rung: everyone)';
    default:
      return '';
  }
}
