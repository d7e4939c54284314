import { createHmac, randomUUID } from 'node:crypto';
import { channelSecret, readEnv, type AppConfig, type ChannelsFile, type SmsAccount } from '../../config';
import type { ActionPayload } from '../../workflows/engine';
import { activitySettings } from '../settings';
import {
  ackLinkFor,
  attempt,
  channelLog,
  digestOf,
  finalFailure,
  isFinal,
  markSent,
  pickedBy,
  refusalOf,
  retryFailure,
  sentRecord,
  type ChannelOutcome,
} from './common';
import { holderOf, type MailLang } from './email';
import { escalationMessage } from './message';

/**
 * SMS channel: one text per person holding the rung's role at the site who has a `phone` in config/users.yaml,
 * through the site's SMS provider. Exactly once per (case, rung, phone): a marker under DATA_DIR/sent/ after the
 * provider accepted (or refused for good), so a retry texts only the people not yet reached.
 */

/** One text to one number: the provider's template filled with `params`; `outId` identifies it on the provider's side. */
export interface SmsRequest {
  phone: string;
  params: Record<string, string>;
  outId: string;
}

/** What a provider says: accepted (with its id), or refused with its code and whether retrying may help. */
export type SmsResult = { ok: true; id: string } | { ok: false; code: string; message: string; retry: boolean };

/** An SMS provider. `send` resolves with the provider's verdict; it throws only when the provider was not reached. */
export interface SmsProvider {
  readonly name: string;
  send(request: SmsRequest): Promise<SmsResult>;
}

/**
 * Alibaba Cloud's codes worth retrying: 业务限流 (rate per number or per second), system and gateway errors,
 * throttling, and account faults an administrator fixes (balance, keys, signature mismatch, suspended service).
 * Everything else that is not `OK` — an illegal or blacklisted number, a template or signature refused, bad
 * parameters, a URL in a variable, a number's daily limit — is final for that number.
 */
const ALIYUN_RETRY = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'isp.GATEWAY_ERROR',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'ServiceUnavailable',
  'InternalError',
  'SignatureNonceUsed',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.OUT_OF_SERVICE',
  'isp.RAM_PERMISSION_DENY',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'SignatureDoesNotMatch',
  'InvalidTimeStamp.Expired',
]);

/** RFC 3986 percent-encoding as Alibaba Cloud's POP signature requires (space → %20, `*` → %2A, `~` kept). */
export const popEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Alibaba Cloud POP signature v1 (RPC style): base64 HMAC-SHA1, keyed `accessKeySecret&`, over
 * `METHOD&%2F&` + the percent-encoded canonical query (parameters sorted by name, each `name=value` encoded).
 */
export function popSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${popEncode(k)}=${popEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${popEncode('/')}&${popEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/**
 * Alibaba Cloud SMS, `SendSms` of dysmsapi (API version 2017-05-25): a form POST with the common parameters and the
 * POP v1 signature; the answer is JSON `{ Code, Message, RequestId, BizId }`, `Code: "OK"` when accepted.
 */
export function aliyunSms(
  account: SmsAccount,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; now?: () => number } = {},
): SmsProvider {
  return {
    name: 'aliyun',
    async send({ phone, params, outId }) {
      const accessKeyId = channelSecret(account, 'accessKeyId', 'sms', opts.env);
      const secret = channelSecret(account, 'accessKeySecret', 'sms', opts.env);
      const query: Record<string, string> = {
        AccessKeyId: accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        RegionId: account.regionId,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        Timestamp: new Date((opts.now ?? Date.now)()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
        PhoneNumbers: phone,
        SignName: account.signName,
        TemplateCode: account.templateCode,
        TemplateParam: JSON.stringify(params),
        OutId: outId,
      };
      const form = new URLSearchParams({ ...query, Signature: popSignature('POST', query, secret) });
      const response = await fetch(account.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      let answer: { Code?: string; Message?: string; BizId?: string };
      try {
        answer = JSON.parse(text);
      } catch {
        return { ok: false, code: `HTTP ${response.status}`, message: text.slice(0, 200), retry: true };
      }
      if (response.ok && answer.Code === 'OK') return { ok: true, id: answer.BizId ?? '' };
      const code = answer.Code ?? `HTTP ${response.status}`;
      const retry = ALIYUN_RETRY.has(code) || response.status >= 500 || response.status === 429;
      return { ok: false, code, message: answer.Message ?? '', retry };
    },
  };
}

/** The provider of a site's SMS account (one adapter so far). */
export const providerOf = (account: SmsAccount): SmsProvider => aliyunSms(account);

/**
 * Phone numbers of the people holding `role` at `site` (people without one are left out); only `only`'s when given
 * (the person the site's roster picked, issue 21 point 3).
 */
export function phonesOf(config: Pick<AppConfig, 'users'>, site: string, role: string, only?: string): string[] {
  const phones = [...config.users.values()]
    .filter((u) => u.phone && (u.roles[site] ?? []).includes(role) && (only === undefined || u.id === only))
    .map((u) => u.phone!);
  return [...new Set(phones)].sort();
}

export interface SmsDeps {
  channels?: ChannelsFile;
  config?: Pick<AppConfig, 'users' | 'sites'>;
  lang?: MailLang;
  /** The provider; the site account's adapter when absent. */
  provider?: SmsProvider;
}

/**
 * Texts the rung to everybody holding its role at the site who has a phone: 'delivered' when at least one was
 * reached (now or earlier), 'skipped' when the site has no SMS account or nobody a phone. A number refused for good is
 * recorded and the others still go; when every number was refused this throws the final `ChannelRefused` failure.
 * A number not reached for a reason that may heal makes this throw a retryable failure after the others were tried.
 */
export async function sendEscalationSms(payload: ActionPayload, deps: SmsDeps = {}): Promise<ChannelOutcome> {
  const escalation = payload.escalation;
  if (!escalation) throw new Error(`notify ${payload.key} carries no escalation`);
  const log = channelLog();
  const settings = deps.channels && deps.config ? undefined : activitySettings();
  const account = (deps.channels ?? settings!.channels).sites[payload.site]?.sms;
  if (!account) {
    log.info('sms not configured for the site; channel skipped', { key: payload.key, site: payload.site });
    return 'skipped';
  }
  const config = deps.config ?? settings!.config;
  const phones = phonesOf(config, payload.site, escalation.to, pickedBy(escalation));
  if (!phones.length) {
    log.warn('sms: nobody with a phone holds the role at the site; channel skipped', { key: payload.key });
    return 'skipped';
  }
  const provider = deps.provider ?? providerOf(account);
  const params = escalationMessage(payload, deps.lang ?? readEnv().MAIL_LANG, config).vars;
  const retry: string[] = [];
  const refused: { phone: string; code: string; reason: string }[] = [];
  for (const phone of phones) {
    try {
      // Each person's text carries their own acknowledge link (issue 21 point 2).
      const ack = await ackLinkFor(payload, holderOf(config, phone, payload.site, escalation.to, 'phone'));
      await textOnce(provider, payload.key, phone, { ...params, ack });
    } catch (err) {
      if (!isFinal(err)) retry.push((err as Error).message);
      else refused.push({ phone, code: refusalOf(err).code ?? '', reason: err.message });
    }
  }
  if (retry.length) throw retryFailure(retry.join('; '));
  if (refused.length === phones.length) {
    const reason = refused.map((r) => r.reason).join('; ');
    throw finalFailure('sms', refused.map((r) => r.phone).join(','), refused[0]!.code, reason);
  }
  return 'delivered';
}

/** One number once: skipped when sent (or refused) before; a marker after the provider's verdict. */
async function textOnce(provider: SmsProvider, key: string, phone: string, params: Record<string, string>) {
  const log = channelLog();
  const earlier = await sentRecord('sms', key, phone);
  if (earlier?.refused) throw finalFailure('sms', phone, earlier.code ?? '', `sms to ${phone}: ${earlier.refused}`);
  if (earlier) return;
  // The provider's OutId: the same for every attempt of this (rung, number), to find a duplicate in its records.
  const outId = digestOf(key, phone).slice(0, 32);
  let result: SmsResult;
  try {
    result = await provider.send({ phone, params, outId });
  } catch (err) {
    log.warn('sms failed', { key, attempt: attempt(), error: (err as Error).message });
    throw retryFailure(`sms ${provider.name} for ${key} failed: ${(err as Error).message}`, err);
  }
  if (result.ok) {
    await markSent('sms', key, phone, { provider: provider.name, id: result.id, outId });
    log.info('sms sent', { key, provider: provider.name, attempt: attempt() });
    return;
  }
  const reason = `${provider.name} ${result.code} ${result.message}`;
  if (result.retry) throw retryFailure(`sms to ${phone} for ${key}: ${reason}`);
  log.warn('sms refused for good; not retried', { key, code: result.code });
  await markSent('sms', key, phone, { provider: provider.name, refused: reason, code: result.code });
  throw finalFailure('sms', phone, result.code, `sms to ${phone} for ${key}: ${reason}`);
}
