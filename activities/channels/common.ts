import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import pino from 'pino';
import { dataDir, rawEnv, readEnv } from '../../config';

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

/** A stable digest of an idempotency key and a recipient (an e-mail address, a webhook URL). */
export const digestOf = (key: string, recipient: string) =>
  createHash('sha256').update(key).update('\0').update(recipient).digest('hex');

const sentDir = () => path.join(dataDir(), 'sent');
const markerOf = (channel: string, key: string, recipient: string) =>
  path.join(sentDir(), `${channel}-${digestOf(key, recipient)}.json`);

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
