import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { configDir, dataDir, parseFile } from '../../config';

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

/** What the file routes need: limits from config, and the folder the filesystem store and the ledgers live in. */
export interface AttachmentSettings extends AttachmentLimits {
  /** DATA_DIR/attachments by default. */
  root: string;
}

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

/** Reads `<config>/attachments.yaml` (defaults when absent); a bad key stops the app with the file and key named. */
export function loadAttachmentSettings(dir = configDir()): AttachmentSettings {
  const file = path.join(dir, 'attachments.yaml');
  const limits = existsSync(file) ? parseFile(file, AttachmentLimitsSchema) : defaultAttachmentLimits;
  return { ...limits, root: path.join(dataDir(), 'attachments') };
}
