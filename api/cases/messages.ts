import type { Messages, ProcedureDefinition } from '../../workflows/engine';

type Lang = 'zh-CN' | 'en';

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
      if (zh) return `当前状态「${state}」不允许「${ev}」${rules ? `(${rules})` : ''}。现在可以:${allowed || '无'}`;
      return `"${ev}" is not allowed in state "${state}"${rules ? ` (${rules})` : ''}. Allowed now: ${allowed || 'none'}`;
    }
    case 'InvalidData': {
      const fields = (details.issues as Array<{ path: string }> | undefined)?.map((i) =>
        label(def, lang, 'fields', i.path.split('.')[0] || i.path),
      );
      const names = [...new Set(fields ?? [])].join(zh ? '、' : ', ');
      return zh ? `「${ev}」填写有误:${names}` : `"${ev}" has invalid data: ${names}`;
    }
    case 'RoleNotAllowed': {
      const roles = (details.roles as string[] | undefined)?.join(', ') ?? '';
      return zh
        ? `你的角色不能执行「${ev}」;可执行的角色:${roles}`
        : `Your role may not do "${ev}"; roles that may: ${roles}`;
    }
    case 'IdempotencyKeyReused':
      return keyReusedMessage(lang);
    default:
      return undefined;
  }
}

/** The refusal of an `Idempotency-Key` already used for a different request (any route that takes the header). */
export function keyReusedMessage(lang: Lang): string {
  return lang === 'zh-CN'
    ? '这个 Idempotency-Key 已用于另一个不同的请求,本次请求未执行;新的请求请使用新的 Idempotency-Key'
    : 'This Idempotency-Key was already used for a different request; nothing was done. Use a new key for a new request';
}
