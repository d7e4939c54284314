import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, rawEnv, readEnv, type Env } from './env';
import { parseFile } from './parse';
import { repoRoot } from './paths';

/**
 * config/channels.yaml: each site's outbound channels — its signed webhook, its WeCom, DingTalk and Feishu group
 * robots and its SMS account — read by the worker at start and handed to the activities (activities/settings.ts).
 *
 * Every secret (a robot's webhook URL carries its key, so it counts as one) is given either inline (`url`, `secret`:
 * demo and tests) or, in production, by the name of the environment variable that holds it (`urlEnv`, `secretEnv`).
 */

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name (A–Z, 0–9, _)')
  .describe('Name of the environment variable holding the secret');

/** Requires exactly one of `name` and `${name}Env` on an entry (or neither when the pair is optional). */
function oneOf<T extends Record<string, unknown>>(names: string[], optional = false) {
  return (entry: T, ctx: z.RefinementCtx) => {
    for (const name of names) {
      const given = [entry[name], entry[`${name}Env`]].filter((v) => v !== undefined).length;
      if (given === 1 || (optional && given === 0)) continue;
      ctx.addIssue({ code: 'custom', path: [name], message: `give exactly one of ${name} and ${name}Env` });
    }
  };
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** A WeCom group robot (企业微信群机器人): its webhook URL, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`. */
export const WecomRobotSchema = z
  .strictObject({ url: httpUrl.optional(), urlEnv: envName.optional() })
  .superRefine(oneOf(['url']));

/**
 * A DingTalk custom robot (钉钉自定义机器人) with 加签 signing: its webhook URL
 * (`https://oapi.dingtalk.com/robot/send?access_token=…`) and its `SEC…` secret.
 */
export const DingtalkRobotSchema = z
  .strictObject({
    url: httpUrl.optional(),
    urlEnv: envName.optional(),
    secret: z.string().min(1).optional(),
    secretEnv: envName.optional(),
  })
  .superRefine(oneOf(['url', 'secret']));

/** A Feishu custom bot (飞书自定义机器人) with 签名校验: its webhook URL (`…/open-apis/bot/v2/hook/…`) and secret. */
export const FeishuRobotSchema = DingtalkRobotSchema;

/**
 * An SMS account. `aliyun`: Alibaba Cloud SMS (dysmsapi SendSms). The template (审核通过的模板, `SMS_…`) may use the
 * variables number, procedure, site, deadline, late, next and link; Alibaba refuses URLs in variables unless the
 * template was approved for them, so leave `${link}` out of a template that was not.
 */
export const SmsAccountSchema = z
  .strictObject({
    provider: z.literal('aliyun'),
    endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com/'),
    regionId: z.string().min(1).default('cn-hangzhou'),
    accessKeyId: z.string().min(1).optional(),
    accessKeyIdEnv: envName.optional(),
    accessKeySecret: z.string().min(1).optional(),
    accessKeySecretEnv: envName.optional(),
    signName: z.string().min(1).describe('Approved signature (短信签名)'),
    templateCode: z.string().regex(/^SMS_\d+$/, 'expected a template code such as SMS_123456789'),
  })
  .superRefine(oneOf(['accessKeyId', 'accessKeySecret']));

export const SiteChannelsSchema = z
  .strictObject({
    webhookUrl: httpUrl.optional(),
    webhookSecret: z.string().min(1).optional(),
    webhookSecretEnv: envName.optional(),
    wecom: WecomRobotSchema.optional(),
    dingtalk: DingtalkRobotSchema.optional(),
    feishu: FeishuRobotSchema.optional(),
    sms: SmsAccountSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const secrets = [s.webhookSecret, s.webhookSecretEnv].filter((v) => v !== undefined).length;
    if (s.webhookUrl ? secrets !== 1 : secrets !== 0)
      ctx.addIssue({ code: 'custom', message: 'give exactly one of webhookSecret and webhookSecretEnv' });
  });
export type SiteChannels = z.infer<typeof SiteChannelsSchema>;
export type WecomRobot = z.infer<typeof WecomRobotSchema>;
export type SignedRobot = z.infer<typeof DingtalkRobotSchema>;
export type SmsAccount = z.infer<typeof SmsAccountSchema>;

export const ChannelsFileSchema = z.object({
  sites: z
    .record(z.string(), SiteChannelsSchema)
    .nullish()
    .transform((s) => s ?? {}),
});
export type ChannelsFile = z.infer<typeof ChannelsFileSchema>;

/** Where the channels file is: CHANNELS_CONFIG, else config/channels.yaml of the repository. */
export const channelsFileOf = (env: Pick<Env, 'CHANNELS_CONFIG'>) =>
  env.CHANNELS_CONFIG ?? path.join(repoRoot, 'config', 'channels.yaml');

/** Every `…Env` name in the file with its path, e.g. `['sites.xinghe-mall.wecom.urlEnv', 'WECOM_XINGHE_KEY']`. */
function envNamesOf(node: unknown, at: string[] = []): [string, string][] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k.endsWith('Env') && typeof v === 'string'
      ? [[[...at, k].join('.'), v] as [string, string]]
      : envNamesOf(v, [...at, k]),
  );
}

/**
 * config/channels.yaml (or CHANNELS_CONFIG); no file means no site has an outbound channel besides e-mail.
 * In production (NODE_ENV=production) every variable the file names must be set, so a missing key stops the start
 * instead of the first escalation.
 *
 * @throws ConfigError naming the file and the bad entry's path (`…/channels.yaml: sites.x.dingtalk.secret: give
 *   exactly one of secret and secretEnv`), or in production the variable a path names that is not set.
 */
export function loadChannels(file = channelsFileOf(readEnv()), env: NodeJS.ProcessEnv = rawEnv()): ChannelsFile {
  if (!existsSync(file)) return { sites: {} };
  const channels = parseFile(file, ChannelsFileSchema);
  if (env.NODE_ENV === 'production') {
    const unset = envNamesOf(channels).filter(([, name]) => !env[name]);
    if (unset.length)
      throw new ConfigError(
        `${file}: ${unset.map(([where, name]) => `${where}: environment variable ${name} is not set`).join('; ')}`,
      );
  }
  return channels;
}

/**
 * The value of a secret pair of a channels entry: `entry[name]`, else the variable `entry[name + 'Env']` names.
 *
 * @throws Error naming the variable when it is not set (outside production a file may name variables not set yet:
 *   the send fails and is retried, as for any other fault an administrator fixes).
 */
export function channelSecret(
  entry: Record<string, unknown>,
  name: string,
  what: string,
  env: NodeJS.ProcessEnv = rawEnv(),
): string {
  const inline = entry[name];
  if (typeof inline === 'string') return inline;
  const variable = String(entry[`${name}Env`]);
  const value = env[variable];
  if (!value) throw new Error(`${what}: environment variable ${variable} is not set`);
  return value;
}
