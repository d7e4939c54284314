/**
 * Backup and restore of the records (issue 16): `npm run records:backup -- FILE` from one PostgreSQL, `npm run
 * records:restore -- FILE` into a fresh one; the restored records are the same and their chains still verify.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openRecords, verifyRecords, type Records } from '../../records';
import { perimeterCaseChanges } from '../support/case-views';
import { repoRoot } from '../support/process';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

const run = promisify(execFile);
const servers: TestPostgres[] = [];
const opened: Records[] = [];
let dir: string;

afterAll(async () => {
  for (const r of opened) await r.close();
  for (const s of servers) await s.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const npmRun = (script: string, url: string, file: string) =>
  run('npm', ['run', '--silent', script, '--', file], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url } });

async function snapshot(records: Records) {
  return {
    cases: await records.db.selectFrom('cases').selectAll().orderBy('case_id').execute(),
    entries: await records.db.selectFrom('case_entries').selectAll().orderBy('case_id').orderBy('seq').execute(),
    notices: await records.db.selectFrom('notices').selectAll().orderBy('key').execute(),
  };
}

it('restores a backup into a fresh database: the same cases, entries and notices, every chain intact', async () => {
  const [source, target] = await Promise.all([startTestPostgres(), startTestPostgres()]);
  servers.push(source, target);
  const from = await openRecords({ url: source.url });
  opened.push(from);
  for (const id of ['backup-1', 'backup-2']) {
    for (const c of perimeterCaseChanges(id)) {
      await from.store.write({ view: c.view, revision: c.revision, notices: c.notices });
    }
  }
  dir = await mkdtemp(path.join(os.tmpdir(), 'procwf-records-backup-'));
  await chmod(dir, 0o755);
  const file = path.join(dir, 'records.dump');

  await npmRun('records:backup', source.url, file);
  await npmRun('records:restore', target.url, file);

  const to = await openRecords({ url: target.url });
  opened.push(to);
  const restored = await snapshot(to);
  expect(restored).toEqual(await snapshot(from));
  expect(restored.entries).toHaveLength(18);
  expect(restored.notices).toHaveLength(2);
  expect((await verifyRecords(to.db)).breaks).toEqual([]);
}, 300_000);
