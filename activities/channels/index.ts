import type { ActionPayload } from '../../workflows/engine';
import { channelLog, isFinal, type ChannelOutcome } from './common';
import { sendEscalationEmail, sendNoticeEmail } from './email';
import { dingtalk, feishu, postToRobot, wecom } from './robots';
import { sendEscalationSms } from './sms';
import { postEscalationWebhook } from './webhook';

/** The channels besides in-app, each idempotent on (rung key, recipient). */
export const channelSenders: Record<string, (payload: ActionPayload) => Promise<ChannelOutcome>> = {
  email: (payload) => (payload.escalation ? sendEscalationEmail(payload) : sendNoticeEmail(payload)),
  webhook: (payload) => postEscalationWebhook(payload),
  wecom: (payload) => postToRobot(wecom, payload),
  dingtalk: (payload) => postToRobot(dingtalk, payload),
  feishu: (payload) => postToRobot(feishu, payload),
  // A notice of a step has no SMS template of its own (a provider's templates are approved one by one): not texted.
  sms: async (payload) => (payload.escalation ? sendEscalationSms(payload) : 'skipped'),
};

/** A channel the platform refused for good, and why (its own words and code). */
export interface Undelivered {
  channel: string;
  reason: string;
}

/**
 * Delivers the rung through its channels other than in_app. Every channel is tried; if any failed for a reason that
 * may heal this throws (retryable) after the others finished, so the activity retries and the channels already
 * delivered (or refused) skip themselves on the retry. A channel refused for good (a non-retryable `ChannelRefused`)
 * does not fail the activity — retrying cannot help, and a failed activity would stop the case's workflow — it is
 * logged and returned in `undelivered`, which lands in the activity's result in the case's history.
 */
export async function deliverChannels(
  payload: ActionPayload,
): Promise<{ delivered: string[]; undelivered: Undelivered[] }> {
  // A rung's channels, or a notice's (issue 21 point 4: the workflow puts the policy's channels in its params).
  const named = payload.escalation?.channels ?? (payload.params as { channels?: string[] }).channels ?? [];
  const channels = [...new Set(named)].filter((c) => c !== 'in_app');
  const results = await Promise.allSettled(
    channels.map(async (channel) => {
      const send = channelSenders[channel];
      if (!send) return { channel, outcome: 'skipped' as const }; // e.g. a channel this worker does not know yet
      return { channel, outcome: await send(payload) };
    }),
  );
  const undelivered = results.flatMap((r, i) =>
    r.status === 'rejected' && isFinal(r.reason) ? [{ channel: channels[i]!, reason: r.reason.message }] : [],
  );
  for (const u of undelivered) channelLog().warn('not delivered by a channel', { key: payload.key, ...u });
  const failed = results.flatMap((r) => (r.status === 'rejected' && !isFinal(r.reason) ? [r.reason as Error] : []));
  if (failed.length > 0) {
    const message = failed.map((e) => e.message).join('; ');
    throw failed.length === 1 ? failed[0]! : new Error(message, { cause: failed });
  }
  const delivered = results.flatMap((r) =>
    r.status === 'fulfilled' && r.value.outcome === 'delivered' ? [r.value.channel] : [],
  );
  return { delivered, undelivered };
}
