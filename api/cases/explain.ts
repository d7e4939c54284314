import type { Escalation, Messages, ProcedureDefinition } from '../../workflows/engine';
import { channelNames, durationInWords, formatInstant, roleNames } from '../../config';

type Lang = 'zh-CN' | 'en';

/** A deadline rule in words, as the UI says a duration: PT5M → 5分钟, PT1H30M → 1小时30分钟, 1WD → 1 个工作日. */
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
  return durationInWords((((d! * 24 + h!) * 60 + m!) * 60 + s!) * 1000, lang);
}

/**
 * Why a case escalated, in words, from what the case recorded: the deadline rule, when it started, when it was due,
 * how late the step was when the rung fired, who was told through what, and whether it was acknowledged.
 */
export function explainEscalation(def: ProcedureDefinition, lang: Lang, e: Escalation, zone: string): string {
  const timers = def.i18n[lang].timers as Messages | undefined;
  const timer = typeof timers?.[e.timer] === 'string' ? (timers[e.timer] as string) : e.timer;
  const time = (at: string) => formatInstant(at, zone, lang);
  const role = roleNames[e.to]?.[lang] ?? e.to;
  const channels = e.channels.map((c) => channelNames[c]?.[lang] ?? c).join(lang === 'zh-CN' ? '、' : ', ');
  const late = durationInWords(Date.parse(e.at) - Date.parse(e.dueAt), lang);
  const delivered = e.notifiedVia.map((c) => channelNames[c]?.[lang] ?? c).join(lang === 'zh-CN' ? '、' : ', ');
  if (lang === 'zh-CN') {
    return [
      // Full-width punctuation, as every Chinese string of the app (issue 20 point 4).
      `「${timer}」${e.rule ? `规定 ${ruleInWords(e.rule, lang)}` : ''}${e.startedAt ? `，自 ${time(e.startedAt)} 起计` : ''}，${time(e.dueAt)} 到期。`,
      `${time(e.at)} 仍未完成（已超时 ${late}），第 ${e.level} 级升级通知${role}，渠道：${channels}${rosterWords(e, lang)}`,
      delivered ? `，已送达：${delivered}。` : '，尚未确认送达。',
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
      return zh ? `（值班：${who}）` : ` (on duty: ${who})`;
    case 'deputy':
      return zh ? `（无人值班，已通知代班 ${who}）` : ` (nobody on duty: the deputy ${who})`;
    case 'next_rung':
      return zh
        ? '（无人值班且未设代班：本级未通知任何人，已立即升级到下一级）'
        : ' (nobody on duty and no deputy: nobody was told at this rung; the next rung fired at once)';
    case 'everyone':
      return zh
        ? '（无人值班且未设代班，已是最后一级：通知所有人）'
        : ' (nobody on duty and no deputy on the last rung: everyone)';
    default:
      return '';
  }
}
