import { loadChannels, loadConfig, type AppConfig, type ChannelsFile, rawEnv } from '../config';

/**
 * What the activities read from config/: the sites and users (e-mail recipients, names), the sites' on-duty rosters
 * and the sites' webhooks.
 */
export interface ActivitySettings {
  config: Pick<AppConfig, 'sites' | 'users' | 'rosters'>;
  channels: ChannelsFile;
}

let handed: ActivitySettings | undefined;
let loaded: { key: string; settings: ActivitySettings } | undefined;

/**
 * Hands the settings the worker checked at start (config/settings.ts) to the activities, which then never read the
 * YAML files themselves; `undefined` takes them back.
 */
export function useActivitySettings(settings: ActivitySettings | undefined): void {
  handed = settings;
}

/**
 * The settings the activities run with: those the worker handed over, else (a worker built without them, as the
 * tests build theirs) config/ and the channels file read once, and read again only when a variable naming those files
 * changes (CONFIG_DIR, SITE_POLICY, CHANNELS_CONFIG).
 */
export function activitySettings(): ActivitySettings {
  if (handed) return handed;
  const env = rawEnv();
  const key = JSON.stringify([env.CONFIG_DIR, env.SITE_POLICY, env.CHANNELS_CONFIG]);
  if (loaded?.key !== key) loaded = { key, settings: { config: loadConfig(), channels: loadChannels() } };
  return loaded.settings;
}
