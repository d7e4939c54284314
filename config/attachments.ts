import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseFile } from './parse';

/** config/attachments.yaml: limits and the types a case accepts. */
export const AttachmentLimitsSchema = z.object({
  maxFileBytes: z.number().int().positive().describe('Largest file, in bytes'),
  maxCaseBytes: z.number().int().positive().describe('All the files of one case together, in bytes'),
  types: z
    .array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/))
    .min(1)
    .describe('MIME types accepted, as told from the content'),
});
export type AttachmentLimits = z.infer<typeof AttachmentLimitsSchema>;

/** The limits and types when config/attachments.yaml is absent (the OpenAPI document lists these types). */
export const defaultAttachmentLimits: AttachmentLimits = {
  maxFileBytes: 25 * 1024 * 1024,
  maxCaseBytes: 500 * 1024 * 1024,
  types: [
    'image/jpeg',
    'image/png',
    'image/webp',
    'image/heic',
    'image/heif',
    'image/gif',
    'image/tiff',
    'application/pdf',
  ],
};

/**
 * Reads `<dir>/attachments.yaml` (the defaults when absent).
 *
 * @throws ConfigError naming the file, the key's path and what is wrong.
 */
export function loadAttachmentLimits(dir: string): AttachmentLimits {
  const file = path.join(dir, 'attachments.yaml');
  return existsSync(file) ? parseFile(file, AttachmentLimitsSchema) : defaultAttachmentLimits;
}
