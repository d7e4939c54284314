import { z } from 'zod';
import { CaseIdParamsSchema } from '../cases/schemas';

const Sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: 'sha256 must be 64 lowercase hexadecimal digits' })
  .describe('SHA-256 of the file content, 64 lowercase hexadecimal digits');

export const AttachmentParamsSchema = CaseIdParamsSchema.extend({ sha256: Sha256Schema });

/** The multipart body of an upload: one part named `file`. */
export const UploadBodySchema = z.object({
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe('The file: an image (JPEG, PNG, WebP, HEIC, GIF, TIFF) or a PDF'),
});

const PlaceSchema = z.object({ latitude: z.number(), longitude: z.number() }).describe('Capture place from EXIF GPS');

/** What an upload answers: the reference a step's data then carries (`{ name, sha256, size }`), and what was read. */
export const UploadedSchema = z.object({
  sha256: Sha256Schema,
  size: z.number().int().nonnegative().describe('Bytes'),
  name: z.string().describe('File name as sent (a step may carry it as is)'),
  type: z.string().describe('MIME type told from the content, e.g. image/jpeg'),
  uploadedAt: z.string().describe('ISO instant of the upload'),
  takenAt: z.string().optional().describe('Capture time from EXIF (camera local time, with offset when recorded)'),
  place: PlaceSchema.optional(),
});
export type Uploaded = z.infer<typeof UploadedSchema>;

const CustodianSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.string()).describe('Roles held at the case’s site'),
});

/** A case's files and the chain of custody of each. */
export const CaseFilesSchema = z.object({
  files: z.array(
    UploadedSchema.extend({
      uploadedBy: CustodianSchema,
      thumbnail: z.boolean().describe('A thumbnail can be asked for (images)'),
    }),
  ),
  custody: z
    .array(
      z.object({
        seq: z.number().int().positive(),
        action: z.enum(['uploaded', 'viewed', 'downloaded']),
        sha256: Sha256Schema,
        by: CustodianSchema,
        at: z.string(),
      }),
    )
    .describe('Every upload, view (thumbnail) and download, oldest first'),
  intact: z.boolean().describe('The hash chain of the custody record holds (no line edited or removed)'),
});
export type CaseFiles = z.infer<typeof CaseFilesSchema>;
