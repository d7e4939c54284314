import { Router, type Request, type RequestHandler } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import type { SessionUser } from '../auth/tokens';
import { maySeeCase, visibleTo } from '../cases/access';
import { CaseIdParamsSchema } from '../cases/schemas';
import type { CaseService } from '../cases/service';
import type { AppConfig } from '../../config';
import { HttpError, languageOf } from '../errors';
import { dataFieldLabel, fileMessages } from '../messages';
import { validate } from '../validate';
import { isLedgerCaseId, uploadsIn as uploadsOf, type Custodian, type UploadedEntry } from '../../records';
import { captureFacts, thumbnailOf } from './photos';
import { attachmentReferencesIn } from './references';
import { AttachmentParamsSchema, type CaseFiles, type Uploaded } from './schemas';
import type { AttachmentSettings } from './settings';
import { caseFilesOf } from './case-files';
import { appendCustody, fsAttachmentStores, type AttachmentStores } from './stores';
import { notMultipart, stageUpload, tooLarge, wrongType } from './upload';

/**
 * The case a user may see, by the case routes' own rule (404 `no-such-case` otherwise, also for a case that does not
 * exist): the custodian record of the user there.
 */
async function caseForUser(
  req: Request,
  config: AppConfig,
  cases: CaseService,
  id: string,
): Promise<{ site: string; custodian: Custodian }> {
  const user = req.res!.locals.user as SessionUser;
  const where = cases.locate(id);
  const held = where ? (user.roles[where.site.id] ?? []) : [];
  if (!where || !isLedgerCaseId(id) || !maySeeCase(user, where.site.id, where.def))
    throw new HttpError(404, 'no-such-case', `no case ${id}`);
  // The case exists and its own procedure version lets the user see it (throws the same 404 as GET /cases/:id).
  visibleTo(user, await cases.view(id), languageOf(req), where.site.calendar.zone);
  return { site: where.site.id, custodian: { id: user.id, name: user.name, roles: [...held] } };
}

/**
 * Mounted with `use` on `/cases/:id/events` (it is not a route of its own: POST there is the case router's).
 * Refuses a step whose data references a file that was not uploaded to this case (unknown sha256, another case's
 * file, or a size that is not the file's): 422 `unknown-attachment` listing each by path, and nothing is sent. The
 * procedure's schema keeps judging the shape; the workflow never sees a dangling reference.
 */
export function refuseUnknownAttachments(
  config: AppConfig,
  cases: CaseService,
  stores: AttachmentStores,
): RequestHandler {
  return async (req, _res, next) => {
    if (req.method !== 'POST' || (req.path !== '/' && req.path !== '')) return next();
    const id = String(req.params.id ?? '');
    const body = req.body as { data?: unknown } | undefined;
    const refs = attachmentReferencesIn(body?.data, 'data');
    if (!refs.length) return next();
    await caseForUser(req, config, cases, id); // 404 before anything is said about files
    const where = cases.locate(id)!;
    const uploads = uploadsOf(await stores.ledger.read(id));
    const bad: Array<{ path: string; message: string; code: string }> = [];
    for (const ref of refs) {
      const known = uploads.get(ref.sha256);
      if (!known || !(await stores.files.exists(ref.sha256)))
        bad.push({
          path: `body.${ref.path}.sha256`,
          message: `no file ${ref.sha256} was uploaded to this case`,
          code: 'custom',
        });
      else if (ref.size !== known.size)
        bad.push({
          path: `body.${ref.path}.size`,
          message: `file ${ref.sha256} has ${known.size} bytes`,
          code: 'custom',
        });
    }
    if (!bad.length) return next();
    throw new HttpError(
      422,
      'unknown-attachment',
      bad.map((b) => `${b.path}: ${b.message}`).join('; '),
      { issues: bad },
      fileMessages.unknownAttachments(
        // Each file by the label of its field (照片), not its path (body.data.photos.0.sha256).
        (lang) =>
          bad.map((b) =>
            dataFieldLabel(where.def, b.path.replace(/^body\.data\.?/, '').replace(/\.(sha256|size)$/, ''), lang),
          ),
      ),
    );
  };
}

/**
 * Files of a case: upload (multipart, streamed to staging, hashed, typed by content, then committed), the list with
 * its chain of custody, download and thumbnail (each recorded in the custody ledger before a byte is sent).
 */
export function attachmentsRouter(
  config: AppConfig,
  cases: CaseService,
  settings: AttachmentSettings,
  stores: AttachmentStores = fsAttachmentStores(settings),
  now: () => Date = () => new Date(),
): Router {
  const router = Router();
  const { files, ledger } = stores;

  router.post('/cases/:id/attachments', validate({ params: CaseIdParamsSchema }), async (req, res) => {
    const { id } = res.locals.input.params as { id: string };
    const { custodian } = await caseForUser(req, config, cases, id);
    if (!req.is('multipart/form-data')) throw notMultipart(`Content-Type is ${req.get('content-type') ?? 'missing'}`);
    const used = [...uploadsOf(await ledger.read(id)).values()].reduce((sum, e) => sum + e.size, 0);
    const room = Math.max(0, settings.maxCaseBytes - used);
    const limit = Math.min(settings.maxFileBytes, room);
    const upload = await stageUpload(req, files, limit);
    if (!upload) throw notMultipart('no part named "file"');
    const { staged, truncated } = upload;
    const name = upload.name.replace(/[\p{Cc}/\\]/gu, '_').slice(0, 255) || 'file';
    try {
      if (truncated) throw tooLarge(limit === room && room < settings.maxFileBytes, settings, room);
      const sniffed = await fileTypeFromBuffer(staged.head);
      if (!sniffed || !settings.types.includes(sniffed.mime)) throw wrongType(sniffed?.mime, settings.types);
      const facts = sniffed.mime.startsWith('image/') ? await captureFacts(staged.head) : {};
      const entry: UploadedEntry = {
        kind: 'uploaded',
        sha256: staged.sha256,
        size: staged.size,
        name,
        type: sniffed.mime,
        by: custodian,
        at: now().toISOString(),
        ...facts,
      };
      await staged.commit();
      // The quota is checked again in the ledger's queue: two uploads at once cannot both take the last room.
      const kept = await appendCustody(stores, id, entry, (entries) => {
        const uploads = uploadsOf(entries);
        if (uploads.has(entry.sha256)) return;
        const total = [...uploads.values()].reduce((sum, e) => sum + e.size, 0);
        if (total + entry.size > settings.maxCaseBytes)
          throw tooLarge(true, settings, Math.max(0, settings.maxCaseBytes - total));
      });
      const body: Uploaded = {
        sha256: kept.sha256,
        size: entry.size,
        name,
        type: entry.type,
        uploadedAt: entry.at,
        ...facts,
      };
      res.status(201).json(body);
    } catch (err) {
      await staged.discard();
      throw err;
    }
  });

  router.get('/cases/:id/attachments', validate({ params: CaseIdParamsSchema }), async (req, res) => {
    const { id } = res.locals.input.params as { id: string };
    await caseForUser(req, config, cases, id);
    const body: CaseFiles = await caseFilesOf(stores, id);
    res.json(body);
  });

  const fileOf = async (req: Request, id: string, sha256: string) => {
    const { custodian } = await caseForUser(req, config, cases, id);
    const upload = uploadsOf(await ledger.read(id)).get(sha256);
    if (!upload || !(await files.exists(sha256)))
      throw new HttpError(
        404,
        'no-such-attachment',
        `case ${id} has no file ${sha256}`,
        {},
        fileMessages.noSuchAttachment(sha256),
      );
    return { custodian, upload };
  };

  router.get('/cases/:id/attachments/:sha256', validate({ params: AttachmentParamsSchema }), async (req, res) => {
    const { id, sha256 } = res.locals.input.params as { id: string; sha256: string };
    const { custodian, upload } = await fileOf(req, id, sha256);
    // Recorded before a byte goes out: no download without its line in the chain of custody.
    await appendCustody(stores, id, { kind: 'downloaded', sha256, by: custodian, at: now().toISOString() });
    const stream = await files.get(sha256);
    if (!stream) throw new HttpError(404, 'no-such-attachment', `case ${id} has no file ${sha256}`);
    res
      .status(200)
      .type(upload.type)
      .set({
        'Content-Length': String(upload.size),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(upload.name)}`,
        'Cache-Control': 'private, no-store',
        ETag: `"${sha256}"`,
      });
    stream.on('error', (err) => res.destroy(err));
    stream.pipe(res);
  });

  router.get(
    '/cases/:id/attachments/:sha256/thumbnail',
    validate({ params: AttachmentParamsSchema }),
    async (req, res) => {
      const { id, sha256 } = res.locals.input.params as { id: string; sha256: string };
      const { custodian, upload } = await fileOf(req, id, sha256);
      const noThumbnail = () =>
        new HttpError(
          404,
          'no-thumbnail',
          `file ${sha256} is a ${upload.type}, which has no thumbnail`,
          {},
          fileMessages.noThumbnail,
        );
      if (!upload.type.startsWith('image/')) throw noThumbnail();
      const stream = await files.get(sha256);
      if (!stream) throw new HttpError(404, 'no-such-attachment', `case ${id} has no file ${sha256}`);
      let jpeg: Buffer;
      try {
        jpeg = await thumbnailOf(stream);
      } catch {
        throw noThumbnail(); // e.g. HEIC, which this build of the image library does not decode
      }
      await appendCustody(stores, id, { kind: 'viewed', sha256, by: custodian, at: now().toISOString() });
      res.status(200).type('image/jpeg').set('Cache-Control', 'private, no-store').send(jpeg);
    },
  );

  return router;
}
