import { activitySettings } from './settings';
import type { RecurringReminderInput } from '../workflows/engine';
import { getProcedure } from '../workflows/procedures';
import { mailRole, type MailLang } from './channels/email';
import { deliverOnce } from './outbox';
import { readEnv } from '../config';

type Occurrence = RecurringReminderInput & { key: string; at: string };

/** Subject and text of a recurring reminder (e.g. the yearly drill) in zh-CN or en. */
export function renderReminderEmail(
  lang: MailLang,
  f: { siteName: string; procedureName: string; obligationName: string },
): { subject: string; text: string } {
  if (lang === 'en') {
    return {
      subject: `[Reminder] ${f.siteName}: ${f.obligationName}`,
      text: [
        `${f.siteName}, ${f.procedureName}: it is time for ${f.obligationName}.`,
        'Plan it, then open the case in the app marked as a drill, so it stays out of the statistics.',
        '',
        'This message was sent automatically.',
      ].join('\n'),
    };
  }
  return {
    subject: `【提醒】${f.siteName}：${f.obligationName}`,
    text: [
      `${f.siteName}「${f.procedureName}」：${f.obligationName}时间已到。`,
      '请安排演练，并在系统中开案时勾选“演练”，演练案件不计入统计。',
      '',
      '本邮件由系统自动发送。',
    ].join('\n'),
  };
}

/** Reminds the obligation's roles in-app and by e-mail; each once per occurrence (its key) and person. */
export async function remindRecurring(input: Occurrence): Promise<{ delivered: string[] }> {
  const { config } = activitySettings();
  const lang: MailLang = readEnv().MAIL_LANG;
  const messages = getProcedure(input.procedure).i18n[lang] as Record<string, unknown>;
  const names = {
    siteName: config.sites.get(input.site)?.name ?? input.site,
    procedureName: typeof messages.name === 'string' ? messages.name : input.procedure,
    obligationName:
      ((messages.recurring as Record<string, string> | undefined) ?? {})[input.obligation] ?? input.obligation,
  };
  const delivered = new Set<string>();
  for (const role of input.to) {
    if (input.channels.includes('in_app')) {
      await deliverOnce({
        key: `${input.key}:${role}`,
        caseId: '',
        number: '',
        procedure: input.procedure,
        site: input.site,
        role,
        kind: 'reminder',
        about: input.obligation,
        at: input.at,
      });
      delivered.add('in_app');
    }
    if (input.channels.includes('email')) {
      const outcome = await mailRole({ key: `${input.key}:${role}`, site: input.site, role }, () =>
        renderReminderEmail(lang, names),
      );
      if (outcome === 'delivered') delivered.add('email');
    }
  }
  return { delivered: [...delivered] };
}
