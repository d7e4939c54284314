import { SHA256_PATTERN } from '../../records';

/** A reference to an attachment found in step data, with where it sits (e.g. `attachments.0`). */
export interface AttachmentReference {
  path: string;
  sha256: string;
  size: unknown;
}

/**
 * Every attachment reference in a step's data: any object carrying a `sha256` string (the shape procedures use for
 * files, `{ name, sha256, size }`). The procedure's schema still judges the shape; this only finds what to check.
 */
export function attachmentReferencesIn(data: unknown, path = ''): AttachmentReference[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => attachmentReferencesIn(item, join(path, String(i))));
  if (!data || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  if (typeof record.sha256 === 'string') return [{ path, sha256: record.sha256, size: record.size }];
  return Object.entries(record).flatMap(([key, value]) => attachmentReferencesIn(value, join(path, key)));
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Whether a string could be a stored file's name. */
export const isSha256 = (s: string) => SHA256_PATTERN.test(s);
