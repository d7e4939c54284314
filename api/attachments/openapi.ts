import { defaultAttachmentLimits } from '../../config';
import { named, problems, signedIn, signedInOrCookie, type PathConfig } from '../openapi/tools';
import { CaseIdParamsSchema } from '../cases/schemas';
import { AttachmentParamsSchema, CaseFilesSchema, UploadBodySchema, UploadedSchema } from './schemas';

const Uploaded = named('Attachment', UploadedSchema);

/** The file routes, as the OpenAPI document describes them (api/attachments/router.ts serves them). */
export const attachmentPaths: PathConfig[] = [
  {
    method: 'post',
    path: '/cases/{id}/attachments',
    operationId: 'uploadAttachment',
    tags: ['cases'],
    summary: 'Upload a file (photo or PDF) to a case',
    description:
      'multipart/form-data with one part named file. The type is told from the content (magic bytes), never from the ' +
      'name; the limits per file and per case come from config/attachments.yaml. The file is stored once under its ' +
      'sha256; a step’s data then references it as { name, sha256, size } (a step referencing a file not uploaded to ' +
      'its case is refused with 422 urn:problem:unknown-attachment). Capture time and place are read from EXIF.',
    security: signedIn,
    request: {
      params: CaseIdParamsSchema,
      body: { content: { 'multipart/form-data': { schema: UploadBodySchema } }, required: true },
    },
    responses: {
      201: {
        description: 'Stored; the reference to put in a step’s data',
        content: { 'application/json': { schema: Uploaded } },
      },
      ...problems(401, 404, 413, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/cases/{id}/attachments',
    operationId: 'listAttachments',
    tags: ['cases'],
    summary: 'A case’s files and their chain of custody',
    security: signedIn,
    request: { params: CaseIdParamsSchema },
    responses: {
      200: {
        description: 'Files, and every upload, view and download with who, their roles and when',
        content: { 'application/json': { schema: named('CaseFiles', CaseFilesSchema) } },
      },
      ...problems(401, 404, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/cases/{id}/attachments/{sha256}',
    operationId: 'downloadAttachment',
    tags: ['cases'],
    summary: 'Download a file of a case (recorded in its chain of custody)',
    description: 'A browser link is signed in by the session cookie (as for documents).',
    security: signedInOrCookie,
    request: { params: AttachmentParamsSchema },
    responses: {
      200: {
        description: 'The file as uploaded',
        // Served with the type told from its content at upload: each accepted type, and octet-stream for others.
        content: Object.fromEntries(
          [...defaultAttachmentLimits.types, 'application/octet-stream'].map((type) => [
            type,
            { schema: { type: 'string', format: 'binary' } },
          ]),
        ),
      },
      ...problems(401, 404, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/cases/{id}/attachments/{sha256}/thumbnail',
    operationId: 'attachmentThumbnail',
    tags: ['cases'],
    summary: 'A photo’s thumbnail, upright (recorded as a view in its chain of custody)',
    description: 'An <img> is signed in by the session cookie. A PDF has none (404 urn:problem:no-thumbnail).',
    security: signedInOrCookie,
    request: { params: AttachmentParamsSchema },
    responses: {
      200: {
        description: 'JPEG, at most 320 px on its longest side',
        content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
      },
      ...problems(401, 404, 422, 503),
    },
  },
];
