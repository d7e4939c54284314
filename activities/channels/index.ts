import type { ActionPayload } from '../../workflows/engine';
import type { ChannelOutcome } from './common';
import { sendEscalationEmail } from './email';
import { postEscalationWebhook } from './webhook';

/** The channels besides in-app, each idempotent on (rung key, recipient). */
export const channelSenders: Record<string, (payload: ActionPayload) => Promise<ChannelOutcome>> = {
  email: (payload) => sendEscalationEmail(payload),
  webhook: (payload) => postEscalationWebhook(payload),
};

/**
 * Delivers the rung through its channels other than in_app and returns those that delivered; channels not configured
 * are left out. Every channel is tried; if any failed this throws after the others finished, so the activity retries
 * and the channels already delivered skip themselves on the retry.
 */
export async function deliverChannels(payload: ActionPayload): Promise<string[]> {
  const channels = [...new Set(payload.escalation?.channels ?? [])].filter((c) => c !== 'in_app');
  const results = await Promise.allSettled(
    channels.map(async (channel) => {
      const send = channelSenders[channel];
      if (!send) return { channel, outcome: 'skipped' as const }; // e.g. a channel this worker does not know yet
      return { channel, outcome: await send(payload) };
    }),
  );
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length > 0) {
    const message = failed.map((e) => e.message).join('; ');
    throw failed.length === 1 ? failed[0]! : new Error(message, { cause: failed });
  }
  return results.flatMap((r) => (r.status === 'fulfilled' && r.value.outcome === 'delivered' ? [r.value.channel] : []));
}
