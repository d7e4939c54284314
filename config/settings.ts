import { casePolicyFor } from '../workflows/engine';
import { procedures } from '../workflows/procedures';
import { channelsFileOf, loadChannels, type ChannelsFile, type SiteChannels } from './channels';
import { ConfigError, readEnv, type Env } from './env';
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
 * @throws ConfigError naming the variable, or the file and the key's path, and what is wrong (also a rung naming a
 *   channel its site has no entry for in the channels file, see {@link channelProblems}); an Error naming the
 *   file for an unreadable certificate or a rule across files (e.g. a user's roles at an unknown site).
 */
export function loadSettings(source: NodeJS.ProcessEnv = process.env): Settings {
  const env = readEnv(source);
  const config = loadConfig(configDir(source), source);
  const channelsFile = channelsFileOf(env);
  const channels = loadChannels(channelsFile, source);
  const problems = channelProblems(config, channels, channelsFile);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return { env, config, channels, temporal: temporalConnectionSettings(source) };
}

/** Which channel of a rung needs which entry of the site in the channels file (e-mail and in-app need none). */
const entryOf: Record<string, keyof SiteChannels | undefined> = {
  webhook: 'webhookUrl',
  wecom: 'wecom',
  dingtalk: 'dingtalk',
  feishu: 'feishu',
  sms: 'sms',
};

/**
 * What the channels file and the sites' policies disagree on: a rung (of a site's ladders, or a procedure's default
 * ladders in force there) that names a channel the site has no entry for — it would be skipped at every escalation
 * without a word.
 */
export function channelProblems(
  config: Pick<AppConfig, 'sites'>,
  channels: ChannelsFile,
  channelsFile: string,
): string[] {
  // A channels entry for a site config/sites/ lacks is allowed: cases may carry their own policy (tests do).
  const problems: string[] = [];
  for (const site of config.sites.values()) {
    for (const def of procedures) {
      for (const [timer, rungs] of Object.entries(casePolicyFor(def, site).ladders)) {
        rungs.forEach((rung, i) => {
          for (const channel of rung.channels) {
            const entry = entryOf[channel];
            if (entry && channels.sites[site.id]?.[entry] === undefined)
              problems.push(
                `config/sites/${site.id}.yaml: procedures.${def.id}.ladders.${timer}.${i}.channels: ${channel} is not set up for ${site.id} in ${channelsFile}`,
              );
          }
        });
      }
    }
  }
  return problems;
}
