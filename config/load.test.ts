import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { casePolicyFor, recurringFor, siteRuns } from '../workflows/engine/policy';
import { getProcedure, newestProcedures } from '../workflows/procedures';
import { defaultAttachmentLimits } from './attachments';
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
    expect([...sites.values()].map((s) => s.kind).sort()).toEqual([
      'car-dealer',
      'decoration',
      'mall',
      'manufacturer',
      'residential',
      'supermarket',
    ]);
  });

  it('refuses a site that runs an unknown procedure, naming the file and the entry (issue 19)', () => {
    const dir = configWith('id: test-site\nname: T\nkind: mall\nruns: [store-theft, complaint-car]\n');
    expect(() => loadConfig(dir)).toThrow(/test-site\.yaml: runs\.1: .*store-theft/);
    expect(() => loadConfig(configWith('id: test-site\nname: T\nkind: mall\nruns: []\n'))).toThrow(
      /test-site\.yaml: runs: /,
    );
  });

  it('runs every procedure at a site that names none, and only the named ones at a site with `runs` (issue 19)', () => {
    const all = loadConfig(configWith('id: test-site\nname: T\nkind: mall\n')).sites.get('test-site')!;
    expect(all.runs).toBeUndefined();
    expect(siteRuns(all, 'perimeter-alarm')).toBe(true);
    expect(Object.keys(recurringFor(getProcedure('perimeter-alarm'), all))).not.toEqual([]);
    const some = loadConfig(configWith('id: test-site\nname: T\nkind: mall\nruns: [store-theft]\n')).sites.get(
      'test-site',
    )!;
    expect(siteRuns(some, 'store-theft')).toBe(true);
    expect(siteRuns(some, 'perimeter-alarm')).toBe(false);
    // A procedure the site does not run sends no calendar reminders there (the perimeter plan's yearly drill).
    expect(recurringFor(getProcedure('perimeter-alarm'), some)).toEqual({});
  });

  it('ships a 4S store that runs only the car dealer complaint (issue 19)', () => {
    const store = loadConfig().sites.get('xingchi-4s')!;
    expect(store.runs).toEqual(['complaint-car-dealer']);
    expect(siteRuns(store, 'complaint')).toBe(false);
  });

  it('ships every demo site with the complaint variant of its business and only its procedures (issue 19)', () => {
    const { sites, users } = loadConfig();
    expect(Object.fromEntries([...sites.values()].map((s) => [s.id, s.runs]))).toEqual({
      'chengshi-garden': ['perimeter-alarm', 'residential-theft'],
      'huarun-market': ['complaint-retail', 'store-theft', 'internal-theft'],
      'jiayi-decoration': ['complaint'],
      'meida-electric': ['complaint-manufacturer'],
      'xingchi-4s': ['complaint-car-dealer'],
      'xinghe-mall': ['complaint-retail', 'mall-theft', 'store-theft', 'internal-theft', 'perimeter-alarm'],
    });
    // The manufacturer's people (作业流程 5.2.2, 4.3; 程序 4.2, 4.5) work at the manufacturer, and only there.
    for (const id of ['salesperson', 'dept_head', 'marketing_vp', 'qa_dept', 'management_rep'])
      expect(users.get(id)!.roles).toEqual({ 'meida-electric': [id] });
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

  it('takes channels for notices of steps, and refuses a group channel for a confidential procedure’s notice', () => {
    const ok = configWith(
      'id: test-site\nname: T\nkind: mall\nprocedures:\n  store-theft:\n    notices: { theft_confirmed: { channels: [in_app, wecom] } }\n',
    );
    const policy = casePolicyFor(getProcedure('store-theft'), loadConfig(ok).sites.get('test-site'));
    expect(policy.notices).toEqual({ theft_confirmed: { channels: ['in_app', 'wecom'] } });
    expect(casePolicyFor(getProcedure('store-theft')).notices).toBeUndefined();
    const leak = configWith(
      'id: test-site\nname: T\nkind: mall\nprocedures:\n  internal-theft:\n    notices: { statement_taken: { channels: [in_app, dingtalk] } }\n',
    );
    expect(() => loadConfig(leak)).toThrow(
      /procedures\.internal-theft\.notices\.statement_taken sends dingtalk to a group, but internal-theft cases are confidential/,
    );
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

  it('takes the README demo policy: a one-minute patrol deadline at 城市花园, escalated by e-mail and group robots', () => {
    process.env.SITE_POLICY = path.join(__dirname, 'demo', 'short-deadlines.yaml');
    try {
      const site = loadConfig().sites.get('chengshi-garden')!;
      const policy = casePolicyFor(getProcedure('perimeter-alarm'), site);
      expect(policy.deadlines).toMatchObject({ dispatch: 'PT30S', patrol_arrival: 'PT1M' });
      expect(policy.ladders.patrol_arrival!.map((r) => [r.role, r.after, r.channels])).toEqual([
        ['squad_leader', 'PT0S', ['in_app', 'email', 'wecom']],
        ['security_captain', 'PT30S', ['in_app', 'email', 'dingtalk']],
      ]);
    } finally {
      delete process.env.SITE_POLICY;
    }
  });
});

describe('the README demo policy (config/demo/short-deadlines.yaml, issue 22 point 10)', () => {
  it('gives every procedure, at a site that runs it, a deadline shortened to five minutes or less (issue 19)', () => {
    const normal = loadConfig().sites;
    process.env.SITE_POLICY = path.join(__dirname, 'demo', 'short-deadlines.yaml');
    try {
      const demo = loadConfig().sites;
      const shortenedAt = (def: ReturnType<typeof newestProcedures>[number]) =>
        [...demo.values()]
          .filter((site) => siteRuns(site, def.id))
          .filter((site) => {
            const before = casePolicyFor(def, normal.get(site.id)!).deadlines;
            return Object.entries(casePolicyFor(def, site).deadlines).some(
              ([timer, d]) => d !== before[timer] && /^PT(\d+S|[1-5]M)$/.test(d),
            );
          })
          .map((site) => site.id);
      expect(Object.fromEntries(newestProcedures().map((def) => [def.id, shortenedAt(def).length > 0]))).toEqual(
        Object.fromEntries(newestProcedures().map((def) => [def.id, true])),
      );
      // The demo file only shortens deadlines: every site keeps its calendar and what it runs.
      for (const site of demo.values()) {
        expect(site.runs).toEqual(normal.get(site.id)!.runs);
        expect({ ...site.calendar, holidayTable: undefined }).toEqual({
          ...normal.get(site.id)!.calendar,
          holidayTable: undefined,
        });
      }
    } finally {
      delete process.env.SITE_POLICY;
    }
  });

  it('refuses a document of the demo file that names a procedure nobody registered, naming the document', () => {
    const dir = configWith('id: test-site\nname: T\nkind: mall\n');
    const override = path.join(dir, 'override.yaml');
    writeFileSync(override, 'id: test-site\nname: T\nkind: mall\n---\nid: other\nname: O\nkind: mall\nruns: [nope]\n');
    process.env.SITE_POLICY = override;
    try {
      expect(() => loadConfig(dir)).toThrow(/override\.yaml: document 2: runs\.0: /);
    } finally {
      delete process.env.SITE_POLICY;
    }
  });
});

describe('holiday files and the case horizon (issue 15)', () => {
  const at = (iso: string) => Date.parse(iso);

  it('gives a site on the national arrangement the merged table, and a new case the years of its horizon only', () => {
    const dir = configWith('id: test-site\nname: T\nkind: mall\n');
    mkdirSync(path.join(dir, 'holidays'));
    writeFileSync(
      path.join(dir, 'holidays', '2027.yaml'),
      'country: cn\nyear: 2027\nholidays: [2027-01-01, 2027-01-02, 2027-01-03]\nworkdays: []\n',
    );
    writeFileSync(path.join(dir, 'holidays', 'test-site.yaml'), 'site: test-site\nholidays: [2027-06-30]\n');
    const { sites, holidays } = loadConfig(dir);
    const site = sites.get('test-site')!;
    expect(site.calendar.holidayTable?.years[0]).toBe(2004);
    expect(site.calendar.holidayTable?.years.at(-1)).toBe(2027);
    expect(site.calendar.closedDates).toEqual(['2027-06-30']);
    expect(holidays?.fromFiles.map((f) => f.year)).toEqual([2027]);
    // A case opened on 2026-12-30 carries 2026 and 2027, nothing older.
    const table = casePolicyFor(getProcedure('complaint'), site, at('2026-12-30T10:00:00+08:00')).calendar
      .holidayTable!;
    expect(table.years).toEqual([2026, 2027]);
    expect(table.off).toContain('2027-01-01');
    expect(table.off).toContain('2026-10-01');
    expect(table.off.every((d) => d >= '2026-01-01')).toBe(true);
  });

  it('refuses a site file for an unknown site, naming the file', () => {
    const dir = configWith('id: test-site\nname: T\nkind: mall\n');
    mkdirSync(path.join(dir, 'holidays'));
    writeFileSync(path.join(dir, 'holidays', 'other.yaml'), 'site: nowhere\nholidays: [2027-06-30]\n');
    expect(() => loadConfig(dir)).toThrow(/other\.yaml: site nowhere is not a site of config\/sites\//);
  });
});

describe('config/attachments.yaml', () => {
  it('is read at start with the rest of config/, and the defaults stand when it is absent', () => {
    expect(loadConfig().attachments).toMatchObject({
      maxFileBytes: 26214400,
      types: expect.arrayContaining(['application/pdf']),
    });
    expect(loadConfig(configWith('id: test-site\nname: T\nkind: mall\n')).attachments).toEqual(defaultAttachmentLimits);
  });

  it('stops the start naming the file and the key of a bad limit', () => {
    const dir = configWith('id: test-site\nname: T\nkind: mall\n');
    writeFileSync(path.join(dir, 'attachments.yaml'), 'maxFileBytes: -1\nmaxCaseBytes: 10\ntypes: [image/jpeg]\n');
    expect(() => loadConfig(dir)).toThrow(/attachments\.yaml: maxFileBytes: /);
  });
});
