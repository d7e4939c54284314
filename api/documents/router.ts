import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { entryHash, type CaseEntry, type RecordsAccess } from '../../records';
import type { CaseView, DocumentContext, Messages, PrintableSection } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import { visibleTo } from '../cases/access';
import type { CaseService } from '../cases/service';
import { type AppConfig, formatInstant, roleNames } from '../../config';
import { HttpError, languageOf } from '../errors';
import { validate } from '../validate';
import { cjkFont, renderPdf } from './pdf';
import { caseFilesOf } from '../attachments/case-files';
import { copyCustody, type AttachmentStores } from '../attachments/stores';
import { evidenceForPdf } from './evidence';
import { CaseDocumentParamsSchema, CaseDocumentQuerySchema, type CaseExport } from './schemas';
import { CaseIdParamsSchema } from '../cases/schemas';

/** A dotted key of a procedure's strings, or the key itself. */
function lookup(messages: Messages, key: string): string {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : key;
}

function documentContext(messages: Messages, lang: 'zh-CN' | 'en', zone: string, siteName: string): DocumentContext {
  return {
    lang,
    messages,
    siteName,
    t: (key) => lookup(messages, key),
    role: (id) => roleNames[id]?.[lang] ?? id,
    time: (at) => (at === null || at === undefined ? '—' : formatInstant(at, zone, lang)),
  };
}

/** The audit trail an export carries: its entries, the last hash, and whether every link holds. */
function auditTrailOf(caseId: string, entries: CaseEntry[]): NonNullable<CaseExport['auditTrail']> {
  let prev = '';
  let intact = true;
  for (const e of entries) {
    const hash = entryHash({ caseId, seq: e.seq, kind: e.kind, body: e.body, prevHash: e.prevHash });
    if (hash !== e.hash || e.prevHash !== prev) intact = false;
    prev = e.hash;
  }
  return {
    entries: entries.map(({ seq, kind, at, body, prevHash, hash }) => ({ seq, kind, at, body, prevHash, hash })),
    head: entries.at(-1)?.hash ?? null,
    intact: intact && entries.every((e, i) => e.seq === i + 1),
  };
}

const addendaWords = {
  'zh-CN': { heading: '结案后补记', columns: ['时间', '补记人', '补记内容', '详情'] },
  en: { heading: 'Added after close', columns: ['Time', 'Added by', 'What', 'Details'] },
} as const;

/**
 * The facts added to the case after it closed (issue 18 point 2: the police case number), as a section every
 * document of the case ends with: when, who in which role, what, and the fact's data by its fields' names.
 */
function addendaSection(view: CaseView, ctx: DocumentContext): PrintableSection | undefined {
  if (!view.addenda?.length) return undefined;
  const words = addendaWords[ctx.lang];
  const titleOf = (type: string) => {
    const title = ctx.t(`lateFacts.${type}.title`);
    return title === `lateFacts.${type}.title` ? ctx.t(`events.${type}`) : title;
  };
  return {
    heading: words.heading,
    table: {
      columns: [...words.columns],
      rows: view.addenda.map((a) => [
        ctx.time(a.at),
        `${a.actor.name} · ${ctx.role(a.role)}`,
        titleOf(a.type),
        Object.entries(a.data)
          .map(([field, value]) => `${ctx.t(`fields.${field}`)}: ${String(value)}`)
          .join('; '),
      ]),
    },
  };
}

const auditWords = {
  'zh-CN': {
    heading: '审计链',
    note: '每条记录的 SHA-256 哈希及其前一条记录的哈希;npm run verify-records 可逐条核对。',
    hash: '哈希',
    prev: '前一哈希',
  },
  en: {
    heading: 'Audit trail',
    note: 'Each recorded entry’s SHA-256 hash and the hash of the entry before it; npm run verify-records checks them.',
    hash: 'hash',
    prev: 'previous',
  },
} as const;

/**
 * GET /cases/:id/documents/:document — a procedure's printable document of a case (e.g. 事故报告) as a PDF, with the
 * case's files (thumbnails, captions, SHA-256) and ending with the case's audit trail (each entry's hash and previous
 * hash) when the app keeps records; GET /cases/:id/export — the case as JSON with its files, their chain of custody
 * and that audit trail. `records`: the records database (absent: no audit trail); `files`: the case files' store and
 * ledgers (absent: no files).
 */
export function documentsRouter(
  config: AppConfig,
  cases: CaseService,
  records?: Pick<RecordsAccess, 'entries'>,
  files?: AttachmentStores,
): Router {
  const router = Router();
  const zone = (site: string) => config.sites.get(site)?.calendar.zone ?? 'Asia/Shanghai';
  /** The case as the caller may see it (404 for those who may not), in the caller's language. */
  const caseFor = async (req: Request, res: Response, id: string, asked?: 'zh-CN' | 'en') => {
    const user = res.locals.user as SessionUser;
    if (!cases.locate(id)) throw new HttpError(404, 'no-such-case', `no case ${id}`);
    const lang = asked ?? languageOf(req);
    const raw = await cases.view(id);
    const view = visibleTo(user, raw, lang, zone(raw.site), (u) => config.users.get(u)?.name);
    return { user, lang, view };
  };
  const auditTrail = async (caseId: string) => {
    if (!records) return null;
    // Custody lines a database outage held back join the trail before it is read (copyCustody never throws).
    if (files) await copyCustody(files, caseId);
    const entries = await records.entries(caseId).catch(() => {
      throw new HttpError(503, 'records-unavailable', 'the records database cannot be reached; try again');
    });
    return auditTrailOf(caseId, entries);
  };

  router.get('/cases/:id/export', validate({ params: CaseIdParamsSchema }), async (req, res) => {
    const { id } = res.locals.input.params as z.infer<typeof CaseIdParamsSchema>;
    const { view } = await caseFor(req, res, id);
    const body: CaseExport = {
      exportedAt: new Date().toISOString(),
      case: view,
      files: files ? await caseFilesOf(files, id) : { files: [], custody: [], intact: true },
      auditTrail: await auditTrail(id),
    };
    res
      .set('Content-Disposition', `attachment; filename="${view.number}.json"`)
      .set('Cache-Control', 'private, no-store')
      .json(body);
  });

  router.get(
    '/cases/:id/documents/:document',
    validate({ params: CaseDocumentParamsSchema, query: CaseDocumentQuerySchema }),
    async (req, res) => {
      const { id, document } = res.locals.input.params as z.infer<typeof CaseDocumentParamsSchema>;
      const { lang: asked } = res.locals.input.query as z.infer<typeof CaseDocumentQuerySchema>;
      const { user, lang, view } = await caseFor(req, res, id, asked); // 404 for those who may not see the case
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
      const custodian = { id: user.id, name: user.name, roles: [...(user.roles[view.site] ?? [])] };
      const evidence = files && (await evidenceForPdf(files, view, ctx, custodian));
      const trail = await auditTrail(id);
      const words = auditWords[lang];
      const appendix = trail && {
        heading: words.heading,
        note: words.note,
        lines: trail.entries.flatMap((e) => [
          `#${e.seq} ${e.kind} ${ctx.time(e.at)}`,
          `  ${words.hash} ${e.hash}`,
          `  ${words.prev} ${e.prevHash || '—'}`,
        ]),
      };
      const built = spec.build(view, ctx);
      const added = addendaSection(view, ctx);
      const printed = added ? { ...built, sections: [...built.sections, added] } : built;
      const pdf = await renderPdf(printed, font, printedAt, appendix ?? undefined, evidence);
      res
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="${view.number}-${document}.pdf"`)
        .set('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );
  return router;
}
