import type { ActionPayload } from '../workflows/engine';
import { deliverChannels, type Undelivered } from './channels';
import { deliverOnce } from './outbox';
import { useActivitySettings } from './settings';

/** Activities: the machine's named actions and the engine's escalation rungs, each idempotent on payload.key. */

/** Delivers one escalation rung to the rung's role; reports the channels that confirmed delivery. */
export async function notify(payload: ActionPayload): Promise<{ delivered: string[]; undelivered: Undelivered[] }> {
  const escalation = payload.escalation;
  if (!escalation) throw new Error(`notify ${payload.key} carries no escalation`);
  await deliverOnce({
    key: payload.key,
    caseId: payload.caseId,
    number: payload.number,
    procedure: payload.procedure,
    site: payload.site,
    role: escalation.to,
    kind: 'escalation',
    about: escalation.timer,
    at: escalation.at,
    escalation,
  });
  // Other channels: a failure that may heal throws so the activity retries; the in-app write above is idempotent.
  const { delivered, undelivered } = await deliverChannels(payload);
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
  return deliverChannels(payload);
}

/** An in-app notice to a role of the site that a step happened (e.g. intrusion confirmed → security captain). */
export async function inform(payload: ActionPayload): Promise<void> {
  const { role, about } = payload.params as { role: string; about: string };
  await deliverOnce({
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
}

export { remindRecurring } from './remind';
export { recordCase } from './records';

/**
 * Not an activity (the SDK registers only the functions exported here): the worker hands over the settings it checked
 * at start, so the activities do not read config/ themselves. Without a hand-over they read it once (settings.ts).
 */
export const settingsHandOver = { use: useActivitySettings } as const;
export type { ActivitySettings } from './settings';
