import { createHmac } from 'node:crypto';
import { channelSecret, rawEnv, type ChannelsFile, type SiteChannels } from '../../config';
import { activitySettings } from '../settings';
import type { ActionPayload } from '../../workflows/engine';
import { ackLinkFor, attempt, caseLink, channelLog, markSent, wasSent, type ChannelOutcome } from './common';

/**
 * Webhook channel: POSTs the rung as JSON to the site's URL from config/channels.yaml, signed
 * `X-Signature: sha256=<hex HMAC-SHA256 of the exact body>` with the site's secret and carrying
 * `Idempotency-Key: <rung key>`. A network error or a non-2xx answer throws, so Temporal retries the activity with
 * backoff. The body is the same on every attempt (no send time in it), so the receiver can dedupe on the key.
 * After a 2xx a marker under DATA_DIR/sent/ stops later attempts (another channel failing) from posting again;
 * a crash between the 2xx and the marker posts once more with the same key (at-least-once).
 */

/** The site's webhook secret, read from the environment when the file names a variable. */
export const secretOf = (site: SiteChannels, env: NodeJS.ProcessEnv = rawEnv()): string =>
  channelSecret(site, 'webhookSecret', 'webhook secret', env);

export const signatureOf = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * The JSON body of one rung: deterministic for a given payload. `ackLink` is the rung's acknowledge link for its role
 * (issue 21 point 2), for a receiver that passes the message on to people.
 */
export function webhookBody(payload: ActionPayload, ackLink?: string): string {
  const e = payload.escalation;
  if (!e) {
    // A notice of a step (issue 21 point 4): what happened and to whom.
    const { role, about } = payload.params as { role: string; about: string };
    return JSON.stringify({
      type: 'notice',
      key: payload.key,
      caseId: payload.caseId,
      number: payload.number,
      procedure: payload.procedure,
      site: payload.site,
      notice: { about, to: role },
      link: caseLink(payload.caseId),
    });
  }
  return JSON.stringify({
    type: 'escalation',
    key: payload.key,
    caseId: payload.caseId,
    number: payload.number,
    procedure: payload.procedure,
    site: payload.site,
    escalation: {
      n: e.n,
      timer: e.timer,
      level: e.level,
      to: e.to,
      dueAt: e.dueAt,
      at: e.at,
      // Who the site's on-duty roster picked, and why (issue 21 point 3), when it has one.
      ...(e.roster ? { roster: e.roster } : {}),
    },
    lateMs: Math.max(0, Date.parse(e.at) - Date.parse(e.dueAt)),
    link: caseLink(payload.caseId),
    ...(ackLink ? { ackLink } : {}),
  });
}

export interface WebhookDeps {
  /** Channel config; the activities' settings (config/channels.yaml, read once) when absent. */
  channels?: ChannelsFile;
  /** Per-attempt timeout, inside the activity's 15-second start-to-close timeout. */
  timeoutMs?: number;
}

/** Posts the rung to the site's webhook; 'skipped' when the site has none. Throws on a network error or non-2xx. */
export async function postEscalationWebhook(payload: ActionPayload, deps: WebhookDeps = {}): Promise<ChannelOutcome> {
  const log = channelLog();
  const site = (deps.channels ?? activitySettings().channels).sites[payload.site];
  if (!site?.webhookUrl) {
    log.info('webhook not configured for the site; channel skipped', { key: payload.key, site: payload.site });
    return 'skipped';
  }
  const url = site.webhookUrl;
  if (await wasSent('webhook', payload.key, url)) {
    log.info('webhook already delivered; skipped', { key: payload.key, url });
    return 'delivered';
  }
  const body = webhookBody(payload, payload.escalation ? await ackLinkFor(payload) : undefined);
  const n = attempt();
  log.info('webhook posting', { key: payload.key, url, attempt: n });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': payload.key,
        'X-Signature': signatureOf(body, secretOf(site)),
      },
      body,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const reason = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : String(err);
    log.warn('webhook failed', { key: payload.key, url, attempt: n, error: reason });
    throw new Error(`webhook ${url} for ${payload.key} failed: ${reason}`, { cause: err });
  }
  const answer = await response.text().catch(() => '');
  if (!response.ok) {
    log.warn('webhook refused', { key: payload.key, url, attempt: n, status: response.status });
    throw new Error(`webhook ${url} for ${payload.key} answered ${response.status}: ${answer.slice(0, 200)}`);
  }
  await markSent('webhook', payload.key, url, { status: response.status });
  log.info('webhook delivered', { key: payload.key, url, attempt: n, status: response.status });
  return 'delivered';
}
