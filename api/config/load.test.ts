import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { casePolicyFor } from '../../workflows/engine/policy';
import { getProcedure } from '../../workflows/procedures';
import { loadConfig } from './load';

// Site policy files are validated at boot; a bad one stops the app naming the file and the key.
function configWith(site: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-config-'));
  mkdirSync(path.join(dir, 'sites'));
  writeFileSync(path.join(dir, 'sites', 'test-site.yaml'), site);
  writeFileSync(
    path.join(dir, 'users.yaml'),
    'users:\n  - { id: a, name: A, password: "scrypt$x$y", roles: { test-site: [gm] } }\n',
  );
  return dir;
}

describe('site policy files', () => {
  it('loads the shipped demo sites, one of each kind', () => {
    const { sites } = loadConfig();
    expect([...sites.values()].map((s) => s.kind).sort()).toEqual(['mall', 'residential', 'supermarket']);
  });

  it('names the file and the key of a bad deadline', () => {
    const dir = configWith(
      'id: test-site\nname: T\nkind: mall\nprocedures:\n  perimeter-alarm:\n    deadlines:\n      patrol_arrival: 5 minutes\n',
    );
    expect(() => loadConfig(dir)).toThrow(/test-site\.yaml: procedures\.perimeter-alarm\.deadlines\.patrol_arrival: /);
  });

  it('names an unknown key instead of ignoring a typo', () => {
    const dir = configWith(
      'id: test-site\nname: T\nkind: mall\nprocedures:\n  perimeter-alarm:\n    deadline: { patrol_arrival: PT3M }\n',
    );
    expect(() => loadConfig(dir)).toThrow(/procedures\.perimeter-alarm/);
  });

  it('lets SITE_POLICY replace a site, and the case policy takes the override over the procedure default', () => {
    const dir = configWith('id: test-site\nname: T\nkind: mall\n');
    const override = path.join(dir, 'override.yaml');
    writeFileSync(
      override,
      'id: test-site\nname: T2\nkind: mall\nprocedures:\n  perimeter-alarm:\n    deadlines: { patrol_arrival: PT3M }\n',
    );
    process.env.SITE_POLICY = override;
    try {
      const site = loadConfig(dir).sites.get('test-site')!;
      const policy = casePolicyFor(getProcedure('perimeter-alarm'), site);
      expect(policy.deadlines).toMatchObject({ patrol_arrival: 'PT3M', dispatch: 'PT1M' });
      expect(policy.calendar.zone).toBe('Asia/Shanghai');
    } finally {
      delete process.env.SITE_POLICY;
    }
  });

  it('takes the README demo policy: a one-minute patrol deadline at 城市花园, escalated by e-mail', () => {
    process.env.SITE_POLICY = path.join(__dirname, '..', '..', 'config', 'demo', 'short-deadlines.yaml');
    try {
      const site = loadConfig().sites.get('chengshi-garden')!;
      const policy = casePolicyFor(getProcedure('perimeter-alarm'), site);
      expect(policy.deadlines).toMatchObject({ dispatch: 'PT30S', patrol_arrival: 'PT1M' });
      expect(policy.ladders.patrol_arrival!.map((r) => [r.role, r.after, r.channels])).toEqual([
        ['squad_leader', 'PT0S', ['in_app', 'email']],
        ['security_captain', 'PT30S', ['in_app', 'email']],
      ]);
    } finally {
      delete process.env.SITE_POLICY;
    }
  });
});
