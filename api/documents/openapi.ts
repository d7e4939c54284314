import { problems, signedIn, type PathConfig } from '../openapi/tools';
import { CaseDocumentParamsSchema, CaseDocumentQuerySchema } from './schemas';

/** GET /cases/{id}/documents/{document}, as the OpenAPI document describes it (api/documents/router.ts serves it). */
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
      'lists its documents; a link may carry the token as access_token.',
    security: signedIn,
    request: { params: CaseDocumentParamsSchema, query: CaseDocumentQuerySchema },
    responses: {
      200: {
        description: 'The PDF',
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
      ...problems(401, 404, 422, 503),
    },
  },
];
