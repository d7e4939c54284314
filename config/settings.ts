import { channelsFileOf, loadChannels, type ChannelsFile } from './channels';
import { readEnv, type Env } from './env';
import { configDir, loadConfig, type AppConfig } from './load';
import { temporalConnectionSettings, type TemporalConnectionSettings } from './temporal-connection';

/** Everything a process starts with, checked once: the environment, config/ and config/channels.yaml. */
export interface Settings {
  env: Env;
  /** Sites, users, panels and holidays (config/ or CONFIG_DIR). */
  config: AppConfig;
  /** Outbound webhooks per site (config/channels.yaml or CHANNELS_CONFIG). */
  channels: ChannelsFile;
  /** How to reach Temporal. */
  temporal: TemporalConnectionSettings;
}

/**
 * Reads and checks the settings of the API or the worker at start, in this order: the environment variables, the
 * files of config/, the channels file, the Temporal connection's files. The first bad one stops the start.
 *
 * @throws ConfigError naming the variable, or the file and the key's path, and what is wrong; an Error naming the
 *   file for an unreadable certificate or a rule across files (e.g. a user's roles at an unknown site).
 */
export function loadSettings(source: NodeJS.ProcessEnv = process.env): Settings {
  const env = readEnv(source);
  const config = loadConfig(configDir(source), source);
  const channels = loadChannels(channelsFileOf(env));
  return { env, config, channels, temporal: temporalConnectionSettings(source) };
}
