import { ackPageText as t, type Said } from '../messages';

type Lang = 'zh-CN' | 'en';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What the acknowledge page shows: facts of the rung, then a message, a form or both. */
export interface AckPage {
  lang: Lang;
  facts?: string[];
  message?: Said;
  /** The form: who acknowledges (one person named, or a choice among the role's holders). */
  form?: { as: { id: string; name: string } } | { choose: { id: string; name: string }[]; question: Said };
  caseLink?: string;
}

/**
 * The acknowledge page as HTML: small and self-contained (no script, inline styles only, as the app's
 * Content-Security-Policy allows), readable on a phone, in zh-CN or en. Every value is escaped.
 */
export function renderAckPage(page: AckPage): string {
  const { lang } = page;
  const form = page.form
    ? `<form method="post">${
        'as' in page.form
          ? `<p>${escapeHtml(t.asPerson(page.form.as.name)[lang])}</p>`
          : `<fieldset><legend>${escapeHtml(page.form.question[lang])}</legend>${page.form.choose
              .map(
                (u) =>
                  `<label><input type="radio" name="user" value="${escapeHtml(u.id)}" required> ${escapeHtml(u.name)}</label>`,
              )
              .join('')}</fieldset>`
      }<button type="submit">${escapeHtml(t.button[lang])}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(t.title[lang])}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:1.5rem auto;padding:0 1rem;line-height:1.6}
fieldset{border:1px solid #ccc;border-radius:6px}label{display:block;padding:.4rem 0;font-size:1.1rem}
button{font-size:1.2rem;padding:.6rem 1.6rem;margin-top:1rem;border:0;border-radius:6px;background:#1677ff;color:#fff}
.msg{padding:.8rem;border-radius:6px;background:#f5f5f5}</style></head>
<body><h1>${escapeHtml(t.title[lang])}</h1>
${(page.facts ?? []).map((f) => `<p>${escapeHtml(f)}</p>`).join('\n')}
${page.message ? `<p class="msg" role="status">${escapeHtml(page.message[lang])}</p>` : ''}
${form}
${page.caseLink ? `<p><a href="${escapeHtml(page.caseLink)}">${escapeHtml(t.openCase[lang])}</a></p>` : ''}
</body></html>`;
}
