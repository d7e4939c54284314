import { uploadsIn } from '../../records';
import type { CaseFiles } from './schemas';
import type { AttachmentStores } from './stores';

/**
 * A case's files and their whole chain of custody, as GET /cases/:id/attachments and the case export carry them:
 * each file once (its latest upload's name), every upload, view and download oldest first, and whether the ledger's
 * hash chain holds. Reads only (nothing is recorded). Empty lists for a case without files.
 * @throws when the ledger cannot be read
 */
export async function caseFilesOf(stores: AttachmentStores, caseId: string): Promise<CaseFiles> {
  const entries = await stores.ledger.read(caseId);
  return {
    files: [...uploadsIn(entries).values()].map((e) => ({
      sha256: e.sha256,
      size: e.size,
      name: e.name,
      type: e.type,
      uploadedAt: e.at,
      uploadedBy: e.by,
      ...(e.takenAt ? { takenAt: e.takenAt } : {}),
      ...(e.place ? { place: e.place } : {}),
      thumbnail: e.type.startsWith('image/'),
    })),
    custody: entries.map((e) => ({ seq: e.seq, action: e.kind, sha256: e.sha256, by: e.by, at: e.at })),
    intact: (await stores.ledger.verify(caseId)) === null,
  };
}
