import { z } from 'zod';
import { CaseIdParamsSchema } from '../cases/schemas';

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
