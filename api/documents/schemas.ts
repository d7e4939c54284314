import { z } from 'zod';
import { CaseIdParamsSchema } from '../cases/schemas';
import { CaseFilesSchema } from '../attachments/schemas';

/** Path of GET /cases/:id/documents/:document. */
export const CaseDocumentParamsSchema = CaseIdParamsSchema.extend({
  document: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'document: a document id such as incident-report')
    .describe('Document id of the case’s procedure, e.g. incident-report or investigation-form'),
});

export const CaseDocumentQuerySchema = z.object({
  lang: z.enum(['zh-CN', 'en']).optional().describe('Language of the document; Accept-Language when omitted'),
});

/** One entry of a case's audit trail as an export carries it. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().describe('Position in the case’s chain, from 1'),
  kind: z
    .string()
    .describe(
      'opened, step, timer, reminder, escalation, delivery, undelivered, ack or closed; custody: a line of the chain of custody of the case’s files (body: the line as the file ledger keeps it); addendum: a fact added after the case closed (body: type, data, actor, role, at)',
    ),
  at: z.string().describe('When it happened (ISO)'),
  body: z.record(z.string(), z.unknown()).describe('What happened, as recorded; the hash covers it'),
  prevHash: z.string().describe('hash of entry seq − 1; empty for the first'),
  hash: z
    .string()
    .describe('SHA-256 (hex) of {caseId, seq, kind, body, prevHash} as JSON with keys sorted (records/chain.ts)'),
});

/** GET /cases/:id/export: the case, its files with their chain of custody, and its hash-chained audit trail. */
export const CaseExportSchema = z.object({
  exportedAt: z.string(),
  case: z.record(z.string(), z.unknown()).describe('The case as GET /cases/{id} answers it'),
  files: CaseFilesSchema.describe(
    'The case’s files and every upload, view and download of them, as GET /cases/{id}/attachments answers it',
  ),
  auditTrail: z
    .object({
      entries: z.array(AuditEntrySchema),
      head: z.string().nullable().describe('hash of the last entry: what a later export must still chain to'),
      intact: z.boolean().describe('Every entry matches its hash and links to the one before'),
    })
    .nullable()
    .describe('null when the app keeps no records database (DATABASE_URL unset)'),
});
export type CaseExport = z.infer<typeof CaseExportSchema>;
