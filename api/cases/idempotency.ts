import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { RequestKey } from '../../workflows/engine';
import { HttpError } from '../errors';
import { keyReusedMessage } from '../messages';

// Idempotency keys of the case routes (the `Idempotency-Key` header): what a key and a request hash to, and the answer
// for a key reused for another request. The case service sends them to the workflow, which remembers them.

/** Memo key under which a case started with an idempotency key keeps the fingerprint of its start request. */
export const START_REQUEST_MEMO = 'startRequest';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A hash of what a request asks for: its parts as canonical JSON (keys sorted), so key order does not matter. */
export function fingerprintOf(request: Record<string, unknown>): string {
  return sha256(stringify(request) ?? '');
}

/**
 * The request an `Idempotency-Key` names: the key scoped to the user (a hash of user id and key, so users never share
 * a key) and the fingerprint of what is asked; the Update id holds both, so within a run Temporal answers a repeat
 * with its first outcome, and a different request under the same key reaches the validator, which refuses it.
 */
export function requestKeyOf(
  userId: string,
  idempotencyKey: string,
  what: Record<string, unknown>,
): { request: RequestKey; updateId: string } {
  const request = { key: `u${sha256(`${userId}\n${idempotencyKey}`)}`, fingerprint: fingerprintOf(what) };
  return { request, updateId: `${request.key}.${request.fingerprint}` };
}

/** The 422 for an idempotency key already used for a different request, in both languages. */
export function keyReusedError(message: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(422, 'idempotency-key-reused', message, extra, {
    'zh-CN': keyReusedMessage('zh-CN'),
    en: keyReusedMessage('en'),
  });
}
