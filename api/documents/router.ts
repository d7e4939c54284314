import { Router } from 'express';
import { z } from 'zod';
import type { DocumentContext, Messages } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import { visibleTo } from '../cases/access';
import type { CaseService } from '../cases/service';
import { type AppConfig, roleNames } from '../../config';
import { HttpError, languageOf } from '../errors';
import { validate } from '../validate';
import { cjkFont, renderPdf } from './pdf';
import { CaseDocumentParamsSchema, CaseDocumentQuerySchema } from './schemas';

/** A dotted key of a procedure's strings, or the key itself. */
function lookup(messages: Messages, key: string): string {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : key;
}

function documentContext(messages: Messages, lang: 'zh-CN' | 'en', zone: string, siteName: string): DocumentContext {
  const format = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
  return {
    lang,
    messages,
    siteName,
    t: (key) => lookup(messages, key),
    role: (id) => roleNames[id]?.[lang] ?? id,
    time: (at) => (at === null || at === undefined ? '—' : format.format(new Date(at))),
  };
}

/** GET /cases/:id/documents/:document — a procedure's printable document of a case (e.g. 事故报告) as a PDF. */
export function documentsRouter(config: AppConfig, cases: CaseService): Router {
  const router = Router();
  router.get(
    '/cases/:id/documents/:document',
    validate({ params: CaseDocumentParamsSchema, query: CaseDocumentQuerySchema }),
    async (req, res) => {
      const { id, document } = res.locals.input.params as z.infer<typeof CaseDocumentParamsSchema>;
      const { lang: asked } = res.locals.input.query as z.infer<typeof CaseDocumentQuerySchema>;
      const user = res.locals.user as SessionUser;
      if (!cases.locate(id)) throw new HttpError(404, 'no-such-case', `no case ${id}`);
      const lang = asked ?? languageOf(req);
      const zone = (site: string) => config.sites.get(site)?.calendar.zone ?? 'Asia/Shanghai';
      const raw = await cases.view(id);
      const view = visibleTo(user, raw, lang, zone(raw.site), (u) => config.users.get(u)?.name); // 404 for those who may not see the case
      const def = getProcedure(view.procedure, view.version);
      const spec = def.documents?.[document];
      if (!spec) {
        throw new HttpError(404, 'no-such-document', `procedure ${def.id} has no document ${document}`, {
          documents: Object.keys(def.documents ?? {}),
        });
      }
      const font = cjkFont();
      if (!font) {
        throw new HttpError(503, 'no-cjk-font', 'no CJK font installed for PDFs; run bash scripts/setup-tools.sh');
      }
      const site = config.sites.get(view.site);
      const ctx = documentContext(def.i18n[lang], lang, zone(view.site), site?.name ?? view.site);
      const printedAt = `${lang === 'zh-CN' ? '打印时间' : 'Printed'} ${ctx.time(Date.now())} · ${user.name}`;
      const pdf = await renderPdf(spec.build(view, ctx), font, printedAt);
      res
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="${view.number}-${document}.pdf"`)
        .set('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );
  return router;
}
