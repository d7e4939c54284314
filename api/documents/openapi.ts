import { z } from 'zod';
import { CaseViewForMe } from '../cases/openapi';
import { CaseIdParamsSchema } from '../cases/schemas';
import { json, named, problems, signedInOrCookie, type PathConfig } from '../openapi/tools';
import { AuditEntrySchema, CaseDocumentParamsSchema, CaseDocumentQuerySchema, CaseExportSchema } from './schemas';

const CaseExport = named(
  'CaseExport',
  CaseExportSchema.extend({
    case: CaseViewForMe,
    auditTrail: CaseExportSchema.shape.auditTrail
      .unwrap()
      .extend({ entries: z.array(named('AuditEntry', AuditEntrySchema)) })
      .nullable(),
  }),
);

/**
 * GET /cases/{id}/documents/{document} and GET /cases/{id}/export, as the OpenAPI document describes them
 * (api/documents/router.ts serves them).
 */
export const documentPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/cases/{id}/documents/{document}',
    operationId: 'printCaseDocument',
    tags: ['cases'],
    summary: 'Print a document of a case',
    description:
      'A printable document of the case’s procedure as PDF, built from what the case recorded (perimeter-alarm: ' +
      'incident-report 事故报告, investigation-form 突发事件调查表). An open case prints as a draft. The case view ' +
      'lists its documents; a browser link is signed in by the session cookie.',
    security: signedInOrCookie,
    request: { params: CaseDocumentParamsSchema, query: CaseDocumentQuerySchema },
    responses: {
      200: {
        description: 'The PDF',
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
      ...problems(401, 404, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/cases/{id}/export',
    operationId: 'exportCase',
    tags: ['cases'],
    summary: 'Export a case with its audit trail',
    description:
      'The case as GET /cases/{id} answers it, with its audit trail from the records database: every recorded change ' +
      'with its hash and the hash of the change before (a SHA-256 chain), so a copy kept elsewhere can be checked ' +
      'against the records later. auditTrail is null when the app keeps no records database. Served as an attachment.',
    security: signedInOrCookie,
    request: { params: CaseIdParamsSchema },
    responses: {
      200: { description: 'The case and its audit trail', content: json(CaseExport) },
      ...problems(401, 404, 422, 503),
    },
  },
];
