import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/** What an entry's hash covers: the case, its position, what happened, and the hash of the entry before. */
export interface ChainedFields {
  caseId: string;
  seq: number;
  kind: string;
  /** What happened; carries its own ISO `at`. */
  body: unknown;
  /** Hash of entry seq - 1; '' for the first entry. */
  prevHash: string;
}

/** SHA-256 (hex, 64 chars) of the entry's fields in canonical JSON (keys sorted), so a changed byte changes it. */
export function entryHash(fields: ChainedFields): string {
  const canonical = stringify({
    caseId: fields.caseId,
    seq: fields.seq,
    kind: fields.kind,
    body: fields.body,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(canonical!).digest('hex');
}
