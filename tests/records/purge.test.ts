/**
 * Records retention (issue 16): `npm run records:purge` removes only closed cases past their site policy's
 * recordsRetentionYears, each whole and with a purge record, says what it removed, and leaves verify-records clean.
 * Real PostgreSQL started by the test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { Readable } from 'node:stream';
import {
  CustodyLedger,
  FsBlobStore,
  openRecords,
  purgeExpired,
  retentionRules,
  verifyRecords,
  yearsBefore,
  type Records,
} from '../../records';
import { perimeterCaseChanges } from '../support/case-views';
import { repoRoot } from '../support/process';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

const run = promisify(execFile);
let pg: TestPostgres;
let records: Records;
let dir: string;

const write = async (caseId: string, at: number, upTo = Infinity) => {
  for (const c of perimeterCaseChanges(caseId, at).filter((c) => c.revision <= upTo))
    await records.store.write({ view: c.view, revision: c.revision, notices: c.notices });
};
const caseIds = async () =>
  (await records.db.selectFrom('cases').select('case_id').orderBy('case_id').execute()).map((r) => r.case_id);

beforeAll(async () => {
  pg = await startTestPostgres();
  records = await openRecords({ url: pg.url });
  dir = await mkdtemp(path.join(os.tmpdir(), 'procwf-purge-'));
}, 180_000);
afterAll(async () => {
  await records?.close();
  await pg?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('records retention', () => {
  it('counts whole calendar years back', () => {
    expect(yearsBefore(new Date('2031-06-15T08:00:00Z'), 5).toISOString()).toBe('2026-06-15T08:00:00.000Z');
    expect(yearsBefore(new Date('2028-02-29T00:00:00Z'), 1).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('reads the rules from the site policies; a procedure without one is kept', () => {
    expect(
      retentionRules([
        { id: 'a', procedures: { 'perimeter-alarm': { recordsRetentionYears: 5 }, complaint: {} } },
        { id: 'b', procedures: {} },
      ]),
    ).toEqual([{ site: 'a', procedure: 'perimeter-alarm', years: 5 }]);
  });

  it('purges only closed cases past retention, whole, with a purge record; verify-records stays clean', async () => {
    const alarm = Date.parse('2020-03-01T02:00:00Z');
    await write('closed-2020', alarm);
    await write('open-2020', alarm, 3); // still open: never purged, however old
    await write('closed-2024', Date.parse('2024-03-01T02:00:00Z'));
    const rules = [{ site: 'test-site', procedure: 'perimeter-alarm', years: 5 }];
    const closedAt = (await records.store.getCase('closed-2020'))!.view.updatedAt;

    // A day before the five years are up: nothing.
    const dayBefore = new Date(Date.parse(closedAt) + 5 * 365.25 * 86_400_000 - 2 * 86_400_000);
    expect(await purgeExpired(records.db, rules, { now: dayBefore })).toEqual([]);
    // Other sites and procedures have no rule: kept.
    const later = new Date('2026-06-01T00:00:00Z');
    expect(
      await purgeExpired(records.db, [{ site: 'elsewhere', procedure: 'perimeter-alarm', years: 1 }], { now: later }),
    ).toEqual([]);

    const dry = await purgeExpired(records.db, rules, { now: later, dryRun: true });
    expect(dry.map((c) => c.caseId)).toEqual(['closed-2020']);
    expect(await caseIds()).toEqual(['closed-2020', 'closed-2024', 'open-2020']);

    const purged = await purgeExpired(records.db, rules, { now: later });
    expect(purged).toEqual([
      expect.objectContaining({ caseId: 'closed-2020', number: 'PA-closed-2020', closedAt, entries: 9, years: 5 }),
    ]);
    expect(await caseIds()).toEqual(['closed-2024', 'open-2020']);
    expect(await records.store.entries('closed-2020')).toEqual([]);
    expect(await records.store.notices({ caseId: 'closed-2020' })).toEqual([]);
    // A late write of the purged case does not bring part of it back.
    const last = perimeterCaseChanges('closed-2020', alarm).at(-1)!;
    expect((await records.store.write({ view: last.view, revision: last.revision + 1 })).applied).toBe(false);
    expect(await caseIds()).toEqual(['closed-2024', 'open-2020']);

    const report = await verifyRecords(records.db);
    expect(report).toMatchObject({ cases: 2, purged: 1, breaks: [] });
    // The purge record is kept for ever: the database refuses to change or remove it.
    await expect(sql`UPDATE purges SET entries = 0`.execute(records.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM purges`.execute(records.db)).rejects.toThrow(/append-only/);
    // Purging again removes nothing more.
    expect(await purgeExpired(records.db, rules, { now: later })).toEqual([]);
  });

  it('npm run records:purge takes the years from the site policy and lists what it removed, files too', async () => {
    await write('closed-2015', Date.parse('2015-03-01T02:00:00Z'));
    // Files under DATA_DIR/attachments: one only the expiring case holds, one a retained case holds too.
    const files = path.join(dir, 'data', 'attachments');
    const store = new FsBlobStore(files);
    const ledger = new CustodyLedger(files);
    const put = async (caseId: string, text: string) => {
      const staged = await store.stage(Readable.from([Buffer.from(text)]), 1024);
      await staged.commit();
      const by = { id: 'patrol_guard', name: '巡逻员', roles: ['patrol_guard'] };
      const at = '2015-03-01T02:10:00.000Z';
      await ledger.append(caseId, {
        kind: 'uploaded',
        sha256: staged.sha256,
        size: staged.size,
        name: 'p.jpg',
        type: 'image/jpeg',
        by,
        at,
      });
      return staged.sha256;
    };
    const onlyOld = await put('closed-2015', 'window');
    const shared = await put('closed-2015', 'shared photo');
    await put('closed-2024', 'shared photo');
    const policy = path.join(dir, 'test-site.yaml');
    await writeFile(
      policy,
      'id: test-site\nname: 测试站点\nkind: mall\nprocedures:\n  perimeter-alarm:\n    recordsRetentionYears: 10\n',
    );
    const env = { ...process.env, DATABASE_URL: pg.url, SITE_POLICY: policy, DATA_DIR: path.join(dir, 'data') };
    const purge = (...args: string[]) =>
      run('npx', ['tsx', 'records/cli.ts', 'purge', ...args], { cwd: repoRoot, env }).then((r) => r.stdout);

    const dry = await purge('--dry-run');
    expect(dry).toMatch(/would purge: PA-closed-2015 \(closed-2015\) perimeter-alarm at test-site, closed 2015-03-01T/);
    expect(dry).toMatch(/1 expired closed cases would be purged/);
    expect(dry).toContain(`would remove file: ${onlyOld} of closed-2015`);
    expect(dry).toContain(`kept file: ${shared}, also held by closed-2024`);
    expect(dry).toMatch(/1 files of 1 expired cases would be removed, 1 kept for retained cases/);
    expect(await caseIds()).toContain('closed-2015');
    expect(await store.exists(onlyOld)).toBe(true);

    const out = await purge();
    expect(out).toMatch(/purged: PA-closed-2015 \(closed-2015\) .* 9 entries; kept 10 years/);
    expect(out).toMatch(/records: 1 expired closed cases purged/);
    expect(out).toContain(`removed file: ${onlyOld} of closed-2015`);
    expect(out).toContain(`kept file: ${shared}, also held by closed-2024`);
    expect(await store.exists(onlyOld)).toBe(false);
    expect(await store.exists(shared)).toBe(true);
    expect((await ledger.caseIds()).sort()).toEqual(['closed-2024']);
    expect(await caseIds()).toEqual(['closed-2024', 'open-2020']);
    const verify = await run('npx', ['tsx', 'records/cli.ts', 'verify'], { cwd: repoRoot, env });
    expect(verify.stdout).toMatch(/2 cases, \d+ entries checked \(2 cases purged by retention\); every chain intact/);
  });
});
