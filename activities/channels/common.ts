import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { ackLinkOf, dataDir, rawEnv, readEnv, signAckToken } from '../../config';
import { pickedBy, type ActionPayload } from '../../workflows/engine';

/** What a channel reports for one rung: sent now or earlier (delivered), or not configured here (skipped). */
export type ChannelOutcome = 'delivered' | 'skipped';

/** Minimal logger shape shared by Temporal's activity logger and pino. */
export interface ChannelLog {
  info(message: string, attrs?: Record<string, unknown>): void;
  warn(message: string, attrs?: Record<string, unknown>): void;
}

const fallback = pino({
  name: 'channels',
  level: rawEnv().LOG_LEVEL ?? (rawEnv().JEST_WORKER_ID ? 'silent' : 'info'),
});

/** The activity's logger (attempt, workflow and activity ids attached) when running as an activity, pino otherwise. */
export function channelLog(): ChannelLog {
  try {
    const log = Context.current().log;
    return { info: (m, a) => log.info(m, a), warn: (m, a) => log.warn(m, a) };
  } catch {
    return { info: (m, a) => fallback.info(a ?? {}, m), warn: (m, a) => fallback.warn(a ?? {}, m) };
  }
}

/** The activity attempt (1 outside an activity). */
export function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/** Where the case is opened in the app. */
export const caseLink = (caseId: string) =>
  `${readEnv().APP_URL.replace(/\/+$/, '')}/cases/${encodeURIComponent(caseId)}`;

/**
 * The acknowledge link of the payload's rung (issue 21 point 2): signed for `user` when the message goes to that one
 * person (e-mail, SMS), for the rung's role when it goes to a group (chat robots, webhook). The same on every attempt
 * (issued at the rung's escalation time), so a retried send says the same thing.
 */
export async function ackLinkFor(payload: ActionPayload, user?: string): Promise<string> {
  const e = payload.escalation;
  if (!e) throw new Error(`${payload.key} carries no escalation to acknowledge`);
  const token = await signAckToken(
    { caseId: payload.caseId, n: e.n, site: payload.site, role: e.to, ...(user ? { user } : {}) },
    Date.parse(e.at),
  );
  return ackLinkOf(token);
}

/** The one person a rung goes to under the site's on-duty roster (issue 21 point 3): see the engine's contract. */
export { pickedBy };

/** A stable digest of an idempotency key and a recipient (an e-mail address, a webhook URL). */
export const digestOf = (key: string, recipient: string) =>
  createHash('sha256').update(key).update('\0').update(recipient).digest('hex');

const sentDir = () => path.join(dataDir(), 'sent');
const markerOf = (channel: string, key: string, recipient: string) =>
  path.join(sentDir(), `${channel}-${digestOf(key, recipient)}.json`);

/** The marker of (channel, key, recipient): when it was sent, or `refused` with the reason; undefined if neither. */
export async function sentRecord(
  channel: string,
  key: string,
  recipient: string,
): Promise<{ sentAt: string; refused?: string; code?: string } | undefined> {
  return readFile(markerOf(channel, key, recipient), 'utf8').then(
    (text) => JSON.parse(text),
    () => undefined,
  );
}

/** Whether (channel, key, recipient) was recorded as sent. */
export async function wasSent(channel: string, key: string, recipient: string): Promise<boolean> {
  return access(markerOf(channel, key, recipient)).then(
    () => true,
    () => false,
  );
}

/**
 * Records a successful send. Written with `wx` only AFTER the send succeeded: a crash between the send and this
 * write makes the retry send once more (at-least-once); the receiver can drop that duplicate by its Message-ID or
 * Idempotency-Key, both derived from the same key. A marker already there (a second worker) is not an error.
 */
export async function markSent(channel: string, key: string, recipient: string, detail: object = {}): Promise<void> {
  await mkdir(sentDir(), { recursive: true });
  const record = JSON.stringify({ channel, key, recipient, sentAt: new Date().toISOString(), ...detail });
  await writeFile(markerOf(channel, key, recipient), record, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}

/** The `type` of the ApplicationFailure a channel throws when the platform refused for good. */
export const CHANNEL_REFUSED = 'ChannelRefused';
/** The `type` of the failure a channel throws for a fault that may heal (network, 5xx, rate limit, busy). */
export const CHANNEL_UNAVAILABLE = 'ChannelUnavailable';

/**
 * A failure that retrying may heal (network, HTTP 5xx or 429, the platform's "busy" or rate-limit codes, a credential
 * an administrator will fix): retryable, so Temporal retries the activity with backoff.
 */
export const retryFailure = (message: string, cause?: unknown) =>
  ApplicationFailure.create({ type: CHANNEL_UNAVAILABLE, message, nonRetryable: false, cause: asError(cause) });

/**
 * A refusal the platform documents as permanent (no such number, robot removed, content refused): not retryable.
 * `details[0]` names the channel, the recipient and the platform's code, for the record of undelivered rungs.
 */
export const finalFailure = (channel: string, recipient: string, code: string, message: string) =>
  ApplicationFailure.create({
    type: CHANNEL_REFUSED,
    message,
    nonRetryable: true,
    details: [{ channel, recipient, code }],
  });

/** Whether `err` is a channel's permanent refusal (see {@link finalFailure}). */
export const isFinal = (err: unknown): err is ApplicationFailure =>
  err instanceof ApplicationFailure && err.nonRetryable === true;

/** What a {@link finalFailure} names: the channel, the recipient and the platform's code. */
export const refusalOf = (err: ApplicationFailure) =>
  (err.details?.[0] ?? {}) as { channel?: string; recipient?: string; code?: string };

const asError = (cause: unknown) => (cause instanceof Error ? cause : undefined);
