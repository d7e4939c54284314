import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings } from './settings';
import { loadConfig } from './load';
import { onDutyAt, personOnDutyAt, type SiteRoster } from './roster';

// The on-duty roster (issue 21 point 3): who holds a role when, in the site's time zone.
const at = (local: string) => Date.parse(`${local}+08:00`);
const roster = (roles: SiteRoster['roles']): SiteRoster => ({ site: 's', zone: 'Asia/Shanghai', roles, file: 'x' });
const leader = roster({
  squad_leader: {
    deputy: 'deputy',
    weekly: [
      { user: 'day', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '20:00' },
      { user: 'night', days: ['wed'], from: '20:00', to: '08:00' },
    ],
    dated: [
      { user: 'swap', from: '2026-12-04 08:00', to: '2026-12-04 12:00' },
      { from: '2026-12-04 12:00', to: '2026-12-04 20:00', note: 'training day: nobody' },
    ],
  },
  gm: { weekly: [{ user: 'gm', days: ['mon'], from: '09:00', to: '18:00' }], dated: [] },
});

describe('whether a person is on duty (the fact a step carries about a person it names, issue 18)', () => {
  it('is true for the person the roster names for one of their roles, or its deputy standing in', () => {
    expect(personOnDutyAt(leader, ['squad_leader'], 'day', at('2026-12-02T08:00:00'))).toBe(true);
    expect(personOnDutyAt(leader, ['squad_leader'], 'deputy', at('2026-12-04T13:00:00'))).toBe(true);
    expect(personOnDutyAt(leader, ['patrol_guard', 'gm'], 'gm', at('2026-11-30T10:00:00'))).toBe(true);
  });

  it('is false when the roster lists their role and names someone else, or nobody', () => {
    expect(personOnDutyAt(leader, ['squad_leader'], 'day', at('2026-12-02T20:00:00'))).toBe(false);
    expect(personOnDutyAt(leader, ['squad_leader'], 'deputy', at('2026-12-02T10:00:00'))).toBe(false);
    expect(personOnDutyAt(leader, ['gm'], 'gm', at('2026-12-05T10:00:00'))).toBe(false);
  });

  it('is undefined when the roster lists none of their roles, or the site has no roster', () => {
    expect(personOnDutyAt(leader, ['security_captain'], 'cap', at('2026-12-02T10:00:00'))).toBeUndefined();
    expect(personOnDutyAt(undefined, ['squad_leader'], 'day', at('2026-12-02T10:00:00'))).toBeUndefined();
  });
});

describe('who is on duty', () => {
  it('picks the weekly shift in force at the instant, in the site’s zone, over midnight too', () => {
    // 2026-12-02 is a Wednesday.
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-02T08:00:00'))).toEqual({
      by: 'on_duty',
      user: 'day',
      shift: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '20:00' },
    });
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-02T19:59:00'))).toMatchObject({ user: 'day' });
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-02T20:00:00'))).toMatchObject({ user: 'night' });
    // Wednesday's night shift runs into Thursday 08:00; the day shift takes over then.
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-03T07:59:00'))).toMatchObject({ user: 'night' });
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-03T08:00:00'))).toMatchObject({ user: 'day' });
    // The same instant read in UTC would be Wednesday 23:30 — the shift is the site's Thursday 07:30.
    expect(onDutyAt(leader, 'squad_leader', Date.parse('2026-12-02T23:30:00Z'))).toMatchObject({ user: 'night' });
  });

  it('lets a dated shift replace the weekly ones while it lasts, a dated shift without a user meaning nobody', () => {
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-04T09:00:00'))).toEqual({
      by: 'on_duty',
      user: 'swap',
      shift: { from: '2026-12-04 08:00', to: '2026-12-04 12:00' },
    });
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-04T13:00:00'))).toEqual({ by: 'deputy', user: 'deputy' });
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-04T20:00:00'))).toEqual({ by: 'deputy', user: 'deputy' });
  });

  it('falls back to the deputy, then says nobody, then not rostered for a role the roster does not list', () => {
    expect(onDutyAt(leader, 'squad_leader', at('2026-12-05T10:00:00'))).toEqual({ by: 'deputy', user: 'deputy' });
    expect(onDutyAt(leader, 'gm', at('2026-12-05T10:00:00'))).toEqual({ by: 'nobody' });
    expect(onDutyAt(leader, 'gm', at('2026-11-30T10:00:00'))).toMatchObject({ by: 'on_duty', user: 'gm' });
    expect(onDutyAt(leader, 'security_captain', at('2026-12-05T10:00:00'))).toEqual({ by: 'not_rostered' });
  });
});

// A config folder with one site (test-site) and the users a roster may name.
function configWith(roster?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'procwf-roster-'));
  mkdirSync(path.join(dir, 'sites'));
  writeFileSync(path.join(dir, 'sites', 'test-site.yaml'), 'id: test-site\nname: T\nkind: mall\n');
  writeFileSync(
    path.join(dir, 'users.yaml'),
    'users:\n' +
      '  - { id: li, name: Li, password: "scrypt$x$y", roles: { test-site: [squad_leader] } }\n' +
      '  - { id: wang, name: Wang, password: "scrypt$x$y", roles: { test-site: [gm] } }\n',
  );
  if (roster !== undefined) {
    mkdirSync(path.join(dir, 'rosters'));
    writeFileSync(path.join(dir, 'rosters', 'test-site.yaml'), roster);
  }
  return dir;
}

describe('config/rosters/<site>.yaml', () => {
  it('is read at start with the rest of config/, in the site’s zone; a site without one has none', () => {
    const dir = configWith(
      'roles:\n  squad_leader:\n    weekly:\n      - { user: li, days: [mon], from: "08:00", to: "20:00" }\n',
    );
    const loaded = loadConfig(dir).rosters!.get('test-site')!;
    expect(loaded).toMatchObject({ site: 'test-site', zone: 'Asia/Shanghai' });
    expect(loaded.roles.squad_leader!.dated).toEqual([]);
    expect(loadConfig(configWith()).rosters!.size).toBe(0);
    // The shipped demo: 城市花园 has a roster.
    expect([...loadConfig().rosters!.keys()]).toContain('chengshi-garden');
  });

  it.each([
    [
      'a bad time of day',
      'roles:\n  squad_leader:\n    weekly:\n      - { user: li, days: [mon], from: "8am", to: "20:00" }\n',
      /test-site\.yaml: roles\.squad_leader\.weekly\.0\.from: expected a time of day HH:MM/,
    ],
    [
      'a day that is none',
      'roles:\n  squad_leader:\n    weekly:\n      - { user: li, days: [monday], from: "08:00", to: "20:00" }\n',
      /test-site\.yaml: roles\.squad_leader\.weekly\.0\.days\.0: /,
    ],
    [
      'a dated shift that ends before it starts',
      'roles:\n  squad_leader:\n    dated:\n      - { user: li, from: "2026-10-02 08:00", to: "2026-10-01 08:00" }\n',
      /test-site\.yaml: roles\.squad_leader\.dated\.0\.to: to must be after from/,
    ],
    [
      'an unknown key',
      'roles:\n  squad_leader:\n    deputies: li\n',
      /test-site\.yaml: roles\.squad_leader: .*deputies/,
    ],
    [
      'a user not in users.yaml',
      'roles:\n  squad_leader:\n    deputy: nobody_here\n',
      /test-site\.yaml: roles\.squad_leader\.deputy: nobody_here is not a user of config\/users\.yaml/,
    ],
    [
      'a user without the role at the site',
      'roles:\n  squad_leader:\n    weekly:\n      - { user: wang, days: [mon], from: "08:00", to: "20:00" }\n',
      /test-site\.yaml: roles\.squad_leader\.weekly\.0\.user: wang does not hold squad_leader at test-site/,
    ],
  ])('refuses %s, naming the file, the path and what is wrong', (_what, yaml, message) => {
    expect(() => loadConfig(configWith(yaml))).toThrow(message);
  });

  it('refuses a roster of a site config/sites/ does not have, and stops the start through loadSettings', () => {
    const dir = configWith();
    mkdirSync(path.join(dir, 'rosters'));
    writeFileSync(path.join(dir, 'rosters', 'nowhere.yaml'), 'roles:\n  gm:\n    deputy: wang\n');
    expect(() => loadConfig(dir)).toThrow(/nowhere\.yaml: nowhere is not a site of config\/sites\//);
    const bad = configWith('roles:\n  squad_leader:\n    deputy: wang\n');
    expect(() => loadSettings({ CONFIG_DIR: bad })).toThrow(
      /rosters\/test-site\.yaml: roles\.squad_leader\.deputy: wang does not hold squad_leader at test-site/,
    );
  });
});
