import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError } from '../errors';
import { fileMessages } from '../messages';
import type { AttachmentSettings } from './settings';
import type { BlobStore, StagedFile } from '../../records';

// Reading an upload (the multipart body, streamed to staging) and the answers that refuse one; the attachment routes
// (router.ts) decide what to do with it.

/** Reads the one `file` part of a multipart request into staging; the form's other parts are ignored. */
export function stageUpload(
  req: Request,
  files: BlobStore,
  maxBytes: number,
): Promise<{ staged: StagedFile; name: string; truncated: boolean } | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // busboy marks a file truncated once it reaches its limit, so a file of exactly `maxBytes` would be refused:
        // one byte more, and truncated means "more than maxBytes".
        limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 4096, parts: 20 },
        defParamCharset: 'utf8',
      });
    } catch (err) {
      reject(notMultipart((err as Error).message));
      return;
    }
    let staging: Promise<{ staged: StagedFile; name: string; truncated: boolean }> | undefined;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || staging) {
        stream.resume();
        return;
      }
      staging = files
        .stage(stream, maxBytes + 1)
        .then((staged) => ({ staged, name: info.filename || 'file', truncated: stream.truncated === true }));
      staging.catch(() => undefined); // awaited on close (this copy only keeps the rejection from counting as unhandled)
    });
    parser.on('error', (err: Error) => {
      reject(notMultipart(err.message));
    });
    parser.on('close', () => {
      resolve(staging ?? null);
    });
    // A client that goes away mid-upload: busboy passes the error to the file stream, whose staging is removed.
    req.on('close', () => {
      if (!req.complete) parser.destroy(new Error('the upload was cut off'));
    });
    req.pipe(parser);
  });
}

/** The 422 for a body that is not a multipart form with a `file` part (`why`: what the parser said). */
export const notMultipart = (why: string) =>
  new HttpError(
    422,
    'not-multipart',
    `send the file as multipart/form-data in a part named "file" (${why})`,
    {
      issues: [{ path: 'body.file', message: why, code: 'custom' }],
    },
    fileMessages.notMultipart,
  );

/** The 413 for a file over the file limit, or (`caseFull`) over what the case's files may still take (`room` bytes). */
export function tooLarge(caseFull: boolean, settings: AttachmentSettings, room: number): HttpError {
  return caseFull
    ? new HttpError(
        413,
        'case-files-full',
        `the case's files may total ${settings.maxCaseBytes} bytes; ${room} bytes are left`,
        { maxCaseBytes: settings.maxCaseBytes, remainingBytes: room },
        fileMessages.caseFilesFull(settings.maxCaseBytes, room),
      )
    : new HttpError(
        413,
        'file-too-large',
        `a file may have at most ${settings.maxFileBytes} bytes`,
        { maxFileBytes: settings.maxFileBytes },
        fileMessages.fileTooLarge(settings.maxFileBytes),
      );
}

/** The 422 for content whose type (`found`, sniffed from the bytes) is not one of `allowed`. */
export function wrongType(found: string | undefined, allowed: string[]): HttpError {
  const what = found ?? 'unknown';
  return new HttpError(
    422,
    'unsupported-file-type',
    `the content is ${what}; accepted: ${allowed.join(', ')} (told from the content, not the name)`,
    { found: what, accepted: allowed, issues: [{ path: 'body.file', message: `content is ${what}`, code: 'custom' }] },
    fileMessages.wrongType(found),
  );
}
