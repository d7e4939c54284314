import { createHmac } from 'node:crypto';
import { channelSecret, readEnv, type ChannelsFile, type SiteChannels } from '../../config';
import type { ActionPayload } from '../../workflows/engine';
import { activitySettings } from '../settings';
import {
  ackLinkFor,
  attempt,
  channelLog,
  finalFailure,
  markSent,
  retryFailure,
  sentRecord,
  type ChannelOutcome,
} from './common';
import type { MailLang } from './email';
import { escalationMessage, noticeMessage, toFeishuPost, toMarkdown, type EscalationMessage } from './message';

/**
 * Group robots of the chat platforms Chinese sites work in: WeCom (企业微信群机器人), DingTalk (钉钉自定义机器人,
 * 加签) and Feishu (飞书自定义机器人, 签名校验). Each posts the rung to the site's group in the platform's own JSON.
 *
 * These platforms answer HTTP 200 with an error code in the body, so success is their code 0, not the status.
 * Every other answer is classified:
 * - **retry** (a retryable failure; Temporal retries the activity with backoff): a network error or timeout, HTTP 408,
 *   429 or 5xx, a body that is not the platform's JSON, the platform's "busy" and rate-limit codes, and signature or
 *   IP-allow-list refusals (fixed by an administrator, like an SMTP 535: the rung goes out once they are), and any
 *   code the platform does not document as permanent;
 * - **final** (a non-retryable `ChannelRefused` ApplicationFailure): the codes the platform documents as permanent for
 *   this robot or this message — robot or group gone, message type or content refused, a keyword missing.
 *
 * Exactly once per (case, rung, site group, channel): a marker under DATA_DIR/sent/ is written after the platform's
 * code 0 (or its final refusal), so a retried activity neither posts again nor retries a refusal; a crash between the
 * platform's answer and the marker posts once more (at-least-once edge, as for e-mail and the webhook).
 */

/** One robot platform: the site's entry, the request for a message, the reading of the platform's answer. */
interface RobotPlatform {
  channel: 'wecom' | 'dingtalk' | 'feishu';
  entry(site: SiteChannels | undefined): Record<string, unknown> | undefined;
  request(
    entry: Record<string, unknown>,
    message: EscalationMessage,
    lang: MailLang,
    nowMs: number,
  ): { url: string; body: object };
  /** Code 0 → undefined; otherwise the code and whether it is documented as permanent. */
  refusal(answer: Record<string, unknown>): { code: string; message: string; final: boolean } | undefined;
}

/** WeCom: `-1` system busy and `45009` api freq out of limit (20 messages a minute per robot) are worth retrying. */
const WECOM_FINAL = new Set([93000, 40008, 44004, 40058, 93008]);
/** DingTalk: `-1` busy, `130101` send too fast (20 a minute), `410100` rate limited are retried; these are not. */
const DINGTALK_FINAL = new Set([300001, 400013, 400101, 400102, 400105, 400106, 430101, 430102, 430103, 430104]);
/** Feishu: `9499` bad request/busy, `11232` frequency limited, `19021` sign or timestamp, `19022` IP are retried. */
const FEISHU_FINAL = new Set([19001, 19002, 19007, 19024]);

const codeOf = (answer: Record<string, unknown>, ...names: string[]) => {
  for (const name of names) if (typeof answer[name] === 'number') return answer[name];
  return undefined;
};

/** DingTalk's and Feishu's signature: base64 HMAC-SHA256 keyed as each platform documents, over `timestamp\nsecret`. */
export const dingtalkSign = (timestampMs: number, secret: string) =>
  createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
/** Feishu: the key is `timestamp\nsecret` (seconds) and the message is empty. */
export const feishuSign = (timestampS: number, secret: string) =>
  createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');

export const wecom: RobotPlatform = {
  channel: 'wecom',
  entry: (site) => site?.wecom,
  request: (entry, message, lang) => ({
    url: channelSecret(entry, 'url', 'wecom robot'),
    body: { msgtype: 'markdown', markdown: { content: toMarkdown(message, lang) } },
  }),
  refusal(answer) {
    const code = codeOf(answer, 'errcode');
    if (code === 0) return undefined;
    return { code: String(code), message: String(answer.errmsg ?? ''), final: WECOM_FINAL.has(Number(code)) };
  },
};

export const dingtalk: RobotPlatform = {
  channel: 'dingtalk',
  entry: (site) => site?.dingtalk,
  request(entry, message, lang, nowMs) {
    const url = new URL(channelSecret(entry, 'url', 'dingtalk robot'));
    url.searchParams.set('timestamp', String(nowMs));
    url.searchParams.set('sign', dingtalkSign(nowMs, channelSecret(entry, 'secret', 'dingtalk robot')));
    return {
      url: url.toString(),
      body: { msgtype: 'markdown', markdown: { title: message.title, text: toMarkdown(message, lang) } },
    };
  },
  refusal(answer) {
    const code = codeOf(answer, 'errcode');
    if (code === 0) return undefined;
    const text = String(answer.errmsg ?? '');
    // 310000 is both "sign not match"/"ip not in whitelist" (an administrator fixes those) and "keywords not in
    // content" (this message will never pass): only the last is final.
    const final = DINGTALK_FINAL.has(Number(code)) || (code === 310000 && /keyword/i.test(text));
    return { code: String(code), message: text, final };
  },
};

export const feishu: RobotPlatform = {
  channel: 'feishu',
  entry: (site) => site?.feishu,
  request(entry, message, lang, nowMs) {
    const timestamp = Math.floor(nowMs / 1000);
    return {
      url: channelSecret(entry, 'url', 'feishu bot'),
      body: {
        timestamp: String(timestamp),
        sign: feishuSign(timestamp, channelSecret(entry, 'secret', 'feishu bot')),
        msg_type: 'post',
        content: toFeishuPost(message, lang),
      },
    };
  },
  refusal(answer) {
    // Current bots answer { code, msg, data }; older ones { StatusCode, StatusMessage }.
    const code = codeOf(answer, 'code', 'StatusCode');
    if (code === 0) return undefined;
    const text = String(answer.msg ?? answer.StatusMessage ?? '');
    return { code: String(code), message: text, final: FEISHU_FINAL.has(Number(code)) };
  },
};

export interface RobotDeps {
  /** Channel config; the activities' settings (config/channels.yaml, read once) when absent. */
  channels?: ChannelsFile;
  /** Sites (names, calendars, ladders); the activities' settings when absent. */
  config?: Parameters<typeof escalationMessage>[2];
  lang?: MailLang;
  /** Per-attempt timeout, inside the activity's 15-second start-to-close timeout. */
  timeoutMs?: number;
  /** The clock for signatures (epoch ms). */
  now?: () => number;
}

/**
 * Posts the rung to the site's group robot of `platform`: 'delivered' (now or earlier), 'skipped' when the site has
 * none. Throws a retryable failure or a final `ChannelRefused` one as classified above.
 */
export async function postToRobot(
  platform: RobotPlatform,
  payload: ActionPayload,
  deps: RobotDeps = {},
): Promise<ChannelOutcome> {
  const { channel } = platform;
  const log = channelLog();
  const settings = deps.channels && deps.config ? undefined : activitySettings();
  const entry = platform.entry((deps.channels ?? settings!.channels).sites[payload.site]);
  if (!entry) {
    log.info(`${channel} not configured for the site; channel skipped`, { key: payload.key, site: payload.site });
    return 'skipped';
  }
  // The recipient is the site's group: one message per rung, whatever the robot's URL or key becomes.
  const recipient = payload.site;
  const earlier = await sentRecord(channel, payload.key, recipient);
  if (earlier?.refused)
    throw finalFailure(channel, recipient, earlier.code ?? '', `${channel} refused ${payload.key}: ${earlier.refused}`);
  if (earlier) {
    log.info(`${channel} already delivered; skipped`, { key: payload.key });
    return 'delivered';
  }
  const lang = deps.lang ?? readEnv().MAIL_LANG;
  const config = deps.config ?? settings!.config;
  // A rung's message carries the group's acknowledge link (whoever of the role opens it says who they are); a notice
  // of a step (issue 21 point 4) has nothing to acknowledge.
  const message = payload.escalation
    ? escalationMessage(payload, lang, config, await ackLinkFor(payload))
    : noticeMessage(payload, lang, config);
  let request: { url: string; body: object };
  try {
    request = platform.request(entry, message, lang, (deps.now ?? Date.now)());
  } catch (err) {
    throw retryFailure(`${channel} for ${payload.key}: ${(err as Error).message}`, err); // e.g. a secret's variable unset
  }
  const n = attempt();
  const where = new URL(request.url).host;
  log.info(`${channel} posting`, { key: payload.key, host: where, attempt: n });
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const reason = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : String(err);
    log.warn(`${channel} failed`, { key: payload.key, host: where, attempt: n, error: reason });
    throw retryFailure(`${channel} ${where} for ${payload.key} failed: ${reason}`, err);
  }
  const text = await response.text().catch(() => '');
  if (response.status === 408 || response.status === 429 || response.status >= 500)
    throw retryFailure(`${channel} ${where} for ${payload.key} answered ${response.status}: ${text.slice(0, 200)}`);
  if (!response.ok) return refuse(`HTTP ${response.status}`, `answered ${response.status}: ${text.slice(0, 200)}`);
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw retryFailure(`${channel} ${where} for ${payload.key} answered no JSON: ${text.slice(0, 200)}`);
  }
  const refusal = platform.refusal(answer);
  if (refusal?.final) return refuse(refusal.code, `code ${refusal.code} ${refusal.message}`);
  if (refusal) {
    log.warn(`${channel} busy or refused for now; retried`, { key: payload.key, attempt: n, code: refusal.code });
    throw retryFailure(`${channel} ${where} for ${payload.key}: code ${refusal.code} ${refusal.message}`);
  }
  await markSent(channel, payload.key, recipient);
  log.info(`${channel} delivered`, { key: payload.key, host: where, attempt: n });
  return 'delivered';

  async function refuse(code: string, reason: string): Promise<never> {
    log.warn(`${channel} refused for good; not retried`, { key: payload.key, code, reason });
    await markSent(channel, payload.key, recipient, { refused: reason, code });
    throw finalFailure(channel, recipient, code, `${channel} ${where} refused ${payload.key}: ${reason}`);
  }
}
