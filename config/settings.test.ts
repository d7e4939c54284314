import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadSettings, readEnv } from '.';

const repoConfig = path.join(__dirname);

/** A copy of the repo's config/ (sites, users, panels, holidays when present) to break one file of. */
function configCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-settings-'));
  for (const part of ['sites', 'holidays', 'users.yaml', 'panels.yaml', 'channels.yaml'])
    if (existsSync(path.join(repoConfig, part)))
      cpSync(path.join(repoConfig, part), path.join(dir, part), { recursive: true });
  return dir;
}

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
};

describe('the environment, checked once at start', () => {
  it('gives the defaults and the typed values of what is set', () => {
    expect(readEnv({})).toMatchObject({
      PORT: 8080,
      TASK_QUEUE: 'procedures',
      MAIL_LANG: 'zh-CN',
      APP_URL: 'http://localhost:8080',
    });
    const env = readEnv({ PORT: '9090', SMTP_PORT: '1025', MAIL_LANG: 'en', WORKER_MAX_CACHED_WORKFLOWS: '0', X: 'y' });
    expect(env).toMatchObject({ PORT: 9090, SMTP_PORT: 1025, MAIL_LANG: 'en', WORKER_MAX_CACHED_WORKFLOWS: 0 });
    expect(env).not.toHaveProperty('X');
    // An empty value counts as unset.
    expect(readEnv({ PORT: '' }).PORT).toBe(8080);
    expect(readEnv({ PORT: '0' }).PORT).toBe(0);
  });

  it('names each bad variable, its value and what is expected; never a secret’s value', () => {
    const err = errorOf(() =>
      readEnv({ PORT: '80a', MAIL_LANG: 'fr', APP_URL: 'ftp://x', TEMPORAL_TLS: 'yes', SMTP_PORT: '70000' }),
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message.split('\n').sort()).toEqual([
      'environment variable APP_URL: expected an http(s) URL, got "ftp://x"',
      'environment variable MAIL_LANG: expected zh-CN or en, got "fr"',
      'environment variable PORT: expected a port number (0–65535), got "80a"',
      'environment variable SMTP_PORT: expected a port number (1–65535), got "70000"',
      'environment variable TEMPORAL_TLS: expected true or false, got "yes"',
    ]);
    expect(errorOf(() => readEnv({ LOG_LEVEL: 'loud' })).message).toMatch(/^environment variable LOG_LEVEL: .*"loud"$/);
  });
});

describe('the settings a process starts with', () => {
  it('reads the repo’s config/ and channels file', () => {
    const settings = loadSettings({});
    expect([...settings.config.sites.keys()]).toContain('chengshi-garden');
    expect(settings.channels).toEqual(expect.objectContaining({ sites: expect.any(Object) }));
    expect(settings.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default' });
  });

  it('stops at a bad file, naming the file, the key’s path and what is wrong', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'users.yaml'), 'users:\n  - { id: a, name: A, password: plain, roles: {} }\n');
    const err = errorOf(() => loadSettings({ CONFIG_DIR: dir }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(
      `${path.join(dir, 'users.yaml')}: users.0.password: password must be a hash from npm run hash-password ($argon2id$…, or the older scrypt$…)`,
    );
  });

  it('stops at a file that is not YAML, naming the file and the line', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'panels.yaml'), 'panels:\n  - id: [unclosed\n');
    const err = errorOf(() => loadSettings({ CONFIG_DIR: dir }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(
      new RegExp(`^${path.join(dir, 'panels.yaml').replace(/[.\\/]/g, '\\$&')}: .*line 3`, 's'),
    );
  });

  it('stops at a bad channels file, naming it and the key', () => {
    const dir = configCopy();
    const channels = path.join(dir, 'channels.yaml');
    writeFileSync(channels, 'sites:\n  chengshi-garden:\n    webhookUrl: ftp://x\n    webhookSecret: s\n');
    expect(errorOf(() => loadSettings({ CONFIG_DIR: dir, CHANNELS_CONFIG: channels })).message).toMatch(
      new RegExp(`^${channels.replace(/[.\\/]/g, '\\$&')}: sites\\.chengshi-garden\\.webhookUrl: `),
    );
  });

  it('stops at a rung naming a channel its site has not set up in the channels file', () => {
    const dir = configCopy();
    const channels = path.join(dir, 'channels.yaml');
    writeFileSync(channels, 'sites: {}\n');
    const site = path.join(dir, 'sites', 'chengshi-garden.yaml');
    writeFileSync(
      site,
      readFileSync(site, 'utf8').replace('channels: [in_app, email] }', 'channels: [in_app, wecom] }'),
    );
    expect(errorOf(() => loadSettings({ CONFIG_DIR: dir, CHANNELS_CONFIG: channels })).message).toContain(
      `config/sites/chengshi-garden.yaml: procedures.perimeter-alarm.ladders.patrol_arrival.1.channels: wecom is not set up for chengshi-garden in ${channels}`,
    );
    writeFileSync(
      channels,
      "sites:\n  chengshi-garden:\n    wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }\n",
    );
    expect(
      loadSettings({ CONFIG_DIR: dir, CHANNELS_CONFIG: channels }).channels.sites['chengshi-garden'],
    ).toBeDefined();
  });

  it('stops at a bad variable before reading any file', () => {
    expect(errorOf(() => loadSettings({ CONFIG_DIR: '/nonexistent', PORT: 'x' })).message).toBe(
      'environment variable PORT: expected a port number (0–65535), got "x"',
    );
  });
});

describe('the API and the worker processes', () => {
  const root = path.join(__dirname, '..');
  const start = (entry: string, env: Record<string, string>) =>
    spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [entry], {
      cwd: root,
      env: { ...process.env, ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 90_000,
    });

  it('do not start with a bad config file, and say which file and key', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'users.yaml'), 'users:\n  - { id: a, name: A, password: plain, roles: {} }\n');
    for (const entry of ['api/server.ts', 'worker/main.ts']) {
      const run = start(entry, { CONFIG_DIR: dir });
      expect([entry, run.status]).toEqual([entry, 1]);
      expect(`${run.stdout}${run.stderr}`).toContain(`${path.join(dir, 'users.yaml')}: users.0.password`);
    }
  }, 200_000);

  it('do not start with a bad variable, and say which', () => {
    for (const entry of ['api/server.ts', 'worker/main.ts']) {
      const run = start(entry, { MAIL_LANG: 'fr' });
      expect([entry, run.status]).toEqual([entry, 1]);
      expect(`${run.stdout}${run.stderr}`).toContain('environment variable MAIL_LANG: expected zh-CN or en');
    }
  }, 200_000);
});
