/**
 * `npm run verify-records` (issue 16): an edited or deleted audit-trail entry is found and named. Real PostgreSQL
 * started by the test; the tampering goes around the append-only trigger as someone with the database's keys could.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { entryHash, openRecords, verifyRecords, type Records } from '../../records';
import { perimeterCaseChanges } from '../support/case-views';
import { repoRoot } from '../support/process';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

const run = promisify(execFile);
let pg: TestPostgres;
let records: Records;

beforeAll(async () => {
  pg = await startTestPostgres();
  records = await openRecords({ url: pg.url });
  for (const id of ['edited', 'rehashed', 'deleted-middle', 'deleted-last', 'intact']) {
    for (const c of perimeterCaseChanges(id)) await records.store.write({ view: c.view, revision: c.revision });
  }
}, 180_000);
afterAll(async () => {
  await records?.close();
  await pg?.destroy();
});

/** Runs SQL with the append-only trigger off for this session only (what a tamperer with superuser rights can do). */
const tamper = (query: ReturnType<typeof sql>) =>
  records.db.connection().execute(async (conn) => {
    await sql`SET session_replication_role = replica`.execute(conn);
    try {
      await query.execute(conn);
    } finally {
      await sql`SET session_replication_role = origin`.execute(conn);
    }
  });

const verifyCommand = () =>
  run('npx', ['tsx', 'records/cli.ts', 'verify'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: pg.url },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );

describe('verify-records', () => {
  it('finds every chain intact as written, and the command says so with exit 0', async () => {
    expect(await verifyRecords(records.db)).toEqual({ cases: 5, entries: 45, purged: 0, breaks: [] });
    const { code, stdout } = await verifyCommand();
    expect(code).toBe(0);
    expect(stdout).toMatch(/5 cases, 45 entries checked; every chain intact/);
  });

  it('names an edited entry, a re-hashed edit, a deleted entry and a deleted last entry; the command exits 1', async () => {
    // A step's data changed in place.
    await tamper(sql`UPDATE case_entries SET body = jsonb_set(body, '{step,data,patrol}', '["王五"]')
                     WHERE case_id = 'edited' AND seq = 2`);
    // Changed, and its hash recomputed to match: the next entry still links to the old hash.
    const [row] = (
      await sql<{ kind: string; body: unknown }>`SELECT kind, body FROM case_entries
        WHERE case_id = 'rehashed' AND seq = 6`.execute(records.db)
    ).rows;
    const forged = { ...(row!.body as Record<string, unknown>), by: 'someone-else' };
    const prev = (await records.store.entries('rehashed'))[4]!.hash;
    const hash = entryHash({ caseId: 'rehashed', seq: 6, kind: row!.kind, body: forged, prevHash: prev });
    await tamper(sql`UPDATE case_entries SET body = ${JSON.stringify(forged)}::jsonb, hash = ${hash}
                     WHERE case_id = 'rehashed' AND seq = 6`);
    await tamper(sql`DELETE FROM case_entries WHERE case_id = 'deleted-middle' AND seq = 4`);
    await tamper(sql`DELETE FROM case_entries WHERE case_id = 'deleted-last' AND seq = 9`);

    const report = await verifyRecords(records.db);
    expect(report.breaks.map((b) => [b.caseId, b.seq, b.problem])).toEqual([
      ['deleted-last', 9, 'deleted'],
      ['deleted-middle', 4, 'deleted'],
      ['edited', 2, 'edited'],
      ['rehashed', 6, 'edited'],
    ]);
    const { code, stdout } = await verifyCommand();
    expect(code).toBe(1);
    expect(stdout).toMatch(/edited: case edited entry 2/);
    expect(stdout).toMatch(/deleted: case deleted-middle entry 4/);
    expect(stdout).toMatch(/4 broken/);
  });
});
