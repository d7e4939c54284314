import { pickedBy, type ActionPayload } from '../workflows/engine';
import { channelSenders, deliverChannels, type Undelivered } from './channels';
import { countDelivery, countEscalation, countedSenders } from './metrics';
import { deliverOnce } from './outbox';
import { useActivitySettings } from './settings';

/** Activities: the machine's named actions and the engine's escalation rungs, each idempotent on payload.key. */

countedSenders(channelSenders); // every e-mail and webhook attempt counted by outcome (activities/metrics.ts)

/** Delivers one escalation rung to the rung's role (or the person the roster picked); reports the channels that confirmed delivery. */
export async function notify(payload: ActionPayload): Promise<{ delivered: string[]; undelivered: Undelivered[] }> {
  const escalation = payload.escalation;
  if (!escalation) throw new Error(`notify ${payload.key} carries no escalation`);
  // The person the site's on-duty roster picked, when it picked one: the notice is theirs (issue 21 point 3).
  const user = pickedBy(escalation);
  const inApp = await deliverOnce({
    key: payload.key,
    caseId: payload.caseId,
    number: payload.number,
    procedure: payload.procedure,
    site: payload.site,
    role: escalation.to,
    ...(user ? { user } : {}),
    kind: 'escalation',
    about: escalation.timer,
    at: escalation.at,
    escalation,
  });
  countDelivery('in_app', inApp);
  // Other channels: a failure that may heal throws so the activity retries; the in-app write above is idempotent.
  const { delivered, undelivered } = await deliverChannels(payload);
  countEscalation(payload);
  return { delivered: ['in_app', ...delivered], undelivered };
}

/**
 * The other channels (e-mail, webhook, robots, SMS) of one escalation rung, for cases that keep records: their in-app notice goes with the case's
 * records write instead of the outbox file. Reports the channels that confirmed delivery.
 */
export async function notifyChannels(
  payload: ActionPayload,
): Promise<{ delivered: string[]; undelivered: Undelivered[] }> {
  if (!payload.escalation) throw new Error(`notifyChannels ${payload.key} carries no escalation`);
  const result = await deliverChannels(payload);
  countEscalation(payload);
  return result;
}

/**
 * A notice to a role of the site that a step happened (e.g. intrusion confirmed → security captain): in-app, and
 * through the channels the site's policy names for it when the workflow put them in `params.channels` (issue 21 point
 * 4; then in-app only if listed). Each channel delivers once per (notice, recipient); a failure that may heal throws so
 * the activity retries, and what was delivered skips itself.
 */
export async function inform(payload: ActionPayload): Promise<{ delivered: string[]; undelivered: Undelivered[] }> {
  const { role, about, channels } = payload.params as { role: string; about: string; channels?: string[] };
  if (channels && !channels.includes('in_app')) return deliverChannels(payload);
  const result = await deliverOnce({
    key: payload.key,
    caseId: payload.caseId,
    number: payload.number,
    procedure: payload.procedure,
    site: payload.site,
    role,
    kind: 'notice',
    about,
    at: new Date().toISOString(),
  });
  countDelivery('in_app', result);
  if (!channels) return { delivered: ['in_app'], undelivered: [] };
  const others = await deliverChannels(payload);
  return { ...others, delivered: ['in_app', ...others.delivered] };
}

/**
 * The channels besides in-app of a notice of a step (issue 21 point 4), for cases that keep records: their in-app
 * notice goes with the case's records write. Reports the channels that confirmed delivery and those refused for good.
 */
export async function informChannels(
  payload: ActionPayload,
): Promise<{ delivered: string[]; undelivered: Undelivered[] }> {
  return deliverChannels(payload);
}

export { remindRecurring } from './remind';
export { onDuty } from './roster';
export { recordCase } from './records';

/**
 * Not an activity (the SDK registers only the functions exported here): the worker hands over the settings it checked
 * at start, so the activities do not read config/ themselves. Without a hand-over they read it once (settings.ts).
 */
export const settingsHandOver = { use: useActivitySettings } as const;
/** Not an activity either: the worker's metrics registry, which its health server serves at /metrics. */
export { workerMetrics } from './metrics';
export type { ActivitySettings } from './settings';
