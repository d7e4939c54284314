import type { CaseView, DocumentContext } from '../../workflows/engine';
import { uploadsIn, type Custodian } from '../../records';
import { thumbnailOf } from '../attachments/photos';
import { attachmentReferencesIn } from '../attachments/references';
import { appendCustody, type AttachmentStores } from '../attachments/stores';
import { evidenceWords } from '../messages';
import type { PdfEvidence } from './pdf';

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The files section of a case's PDF document: for each file of the case, a thumbnail (photos the image library can
 * decode) and a caption — name, type and size; the steps that reference it; who uploaded it and when; capture time and
 * place from EXIF; the SHA-256. Each thumbnail printed is recorded in the chain of custody as a view by `custodian`
 * (the document hands the picture out). Undefined when the case has no files.
 * @throws when the ledger cannot be read or written (the document is not made)
 */
export async function evidenceForPdf(
  stores: AttachmentStores,
  view: CaseView,
  ctx: DocumentContext,
  custodian: Custodian,
  now: () => Date = () => new Date(),
): Promise<PdfEvidence | undefined> {
  const uploads = [...uploadsIn(await stores.ledger.read(view.caseId)).values()];
  if (!uploads.length) return undefined;
  const words = evidenceWords[ctx.lang];
  const sep = ctx.lang === 'zh-CN' ? '：' : ': ';
  const items: PdfEvidence['items'] = [];
  for (const file of uploads) {
    const steps = view.history
      .filter((s) => attachmentReferencesIn(s.data).some((r) => r.sha256 === file.sha256))
      .map((s) => `#${s.seq} ${ctx.t(`events.${s.type}`)}`);
    const facts = [
      `${words.uploaded}${sep}${file.by.name} ${ctx.time(file.at)}`,
      ...(file.takenAt ? [`${words.taken}${sep}${file.takenAt.replace('T', ' ')}`] : []),
      ...(file.place ? [`${words.place}${sep}${file.place.latitude}, ${file.place.longitude}`] : []),
    ];
    const image = file.type.startsWith('image/') ? await thumbnail(stores, file.sha256) : undefined;
    if (image)
      await appendCustody(stores, view.caseId, {
        kind: 'viewed',
        sha256: file.sha256,
        by: custodian,
        at: now().toISOString(),
      });
    items.push({
      image,
      caption: [
        `${file.name} · ${file.type} · ${kib(file.size)}${image ? '' : ` ${words.noThumbnail}`}`,
        `${words.step}${sep}${steps.join(ctx.lang === 'zh-CN' ? '、' : ', ') || words.noStep}`,
        facts.join(' · '),
        `SHA-256 ${file.sha256}`,
      ],
    });
  }
  return { heading: words.heading, note: words.note, items };
}

/** The JPEG thumbnail of a stored photo, or undefined when it is gone or cannot be decoded (e.g. HEIC). */
async function thumbnail(stores: AttachmentStores, sha256: string): Promise<Buffer | undefined> {
  const stream = await stores.files.get(sha256);
  if (!stream) return undefined;
  return thumbnailOf(stream).catch(() => undefined);
}
