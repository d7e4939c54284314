import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readEnv, type Env } from './env';
import { parseFile } from './parse';
import { repoRoot } from './paths';

/**
 * config/channels.yaml: each site's outbound webhook (URL and secret), read by the worker at start and handed to the
 * activities (see activities/settings.ts).
 */
export const SiteChannelsSchema = z
  .strictObject({
    webhookUrl: z.url({ protocol: /^https?$/ }),
    webhookSecret: z.string().min(1).optional(),
    webhookSecretEnv: z.string().min(1).optional().describe('Name of the environment variable holding the secret'),
  })
  .refine((s) => (s.webhookSecret === undefined) !== (s.webhookSecretEnv === undefined), {
    message: 'give exactly one of webhookSecret and webhookSecretEnv',
  });
export type SiteChannels = z.infer<typeof SiteChannelsSchema>;

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

/** config/channels.yaml (or CHANNELS_CONFIG); no file means no site has a webhook. Throws ConfigError (parseFile). */
export function loadChannels(file = channelsFileOf(readEnv())): ChannelsFile {
  return existsSync(file) ? parseFile(file, ChannelsFileSchema) : { sites: {} };
}
