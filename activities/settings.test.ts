import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings } from '../config';
import { activitySettings, useActivitySettings } from './settings';

describe('the settings the activities run with', () => {
  afterEach(() => {
    useActivitySettings(undefined);
    delete process.env.CHANNELS_CONFIG;
  });

  it('are read once, not on every activity run', () => {
    const first = activitySettings();
    expect(activitySettings()).toBe(first);
    expect(activitySettings().config).toBe(first.config);
  });

  it('are read again when a variable naming their files changes (as tests do)', () => {
    const first = activitySettings();
    const dir = mkdtempSync(path.join(tmpdir(), 'activity-settings-'));
    process.env.CHANNELS_CONFIG = path.join(dir, 'channels.yaml');
    writeFileSync(
      process.env.CHANNELS_CONFIG,
      'sites:\n  x:\n    webhookUrl: https://x.example\n    webhookSecret: s\n',
    );
    const second = activitySettings();
    expect(second).not.toBe(first);
    expect(Object.keys(second.channels.sites)).toEqual(['x']);
  });

  it('are the worker’s own once it hands them over', () => {
    const settings = loadSettings({});
    useActivitySettings(settings);
    expect(activitySettings().config).toBe(settings.config);
    expect(activitySettings().channels).toBe(settings.channels);
  });
});
