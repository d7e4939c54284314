/**
 * Files' chain of custody in the records (issue 17 point 4 with issue 16 point 5): the lines the file routes keep on
 * disk are copied into the case's hash-chained audit trail, so they outlive Temporal, an export carries them,
 * verify-records checks them and retention purges them with the case. Real PostgreSQL started by the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import {
  CustodyLedger,
  migrateToLatest,
  migrator,
  openRecords,
  purgeExpired,
  verifyRecords,
  type Custodian,
  type LedgerEntry,
  type Records,
} from '../../records';
import { perimeterCaseChanges } from '../support/case-views';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

let pg: TestPostgres;
let records: Records;
let root: string;
let ledger: CustodyLedger;

beforeAll(async () => {
  pg = await startTestPostgres();
  records = await openRecords({ url: pg.url });
  root = await mkdtemp(path.join(os.tmpdir(), 'procwf-custody-'));
  ledger = new CustodyLedger(root);
}, 180_000);
afterAll(async () => {
  await records?.close();
  await pg?.destroy();
  if (root) await rm(root, { recursive: true, force: true });
});

const guard: Custodian = { id: 'monitor_guard', name: '监控员', roles: ['monitor_guard'] };
const leader: Custodian = { id: 'squad_leader', name: '钱班长', roles: ['squad_leader'] };
const sha = (c: string) => c.repeat(64);
const uploaded = (s: string, at: string): LedgerEntry => ({
  kind: 'uploaded',
  sha256: s,
  size: 10,
  name: 'photo.jpg',
  type: 'image/jpeg',
  by: guard,
  at,
});
const write = async (caseId: string, from: number, upTo = Infinity) => {
  for (const c of perimeterCaseChanges(caseId).filter((c) => c.revision >= from && c.revision <= upTo))
    await records.store.write({ view: c.view, revision: c.revision });
};
const kinds = async (caseId: string) => (await records.store.entries(caseId)).map((e) => e.kind);

describe('custody lines in the records', () => {
  it('are chained among the case’s changes, copied once each, and verify-records finds every chain intact', async () => {
    // Files uploaded before the case's first write reached the records: nothing to chain them to yet.
    await ledger.append('c1', uploaded(sha('a'), '2026-11-24T02:00:30.000Z'));
    expect(await records.store.recordCustody('c1', await ledger.read('c1'))).toBe(0);

    await write('c1', 1, 3);
    expect(await records.store.recordCustody('c1', await ledger.read('c1'))).toBe(1);
    await ledger.append('c1', { kind: 'viewed', sha256: sha('a'), by: leader, at: '2026-11-24T02:05:00.000Z' });
    await ledger.append('c1', { kind: 'downloaded', sha256: sha('a'), by: leader, at: '2026-11-24T02:06:00.000Z' });
    // The whole ledger again: only the two new lines are copied; a repeat copies nothing.
    expect(await records.store.recordCustody('c1', await ledger.read('c1'))).toBe(2);
    expect(await records.store.recordCustody('c1', await ledger.read('c1'))).toBe(0);
    await write('c1', 4); // the workflow's later changes chain after them

    const entries = await records.store.entries('c1');
    const custody = entries.filter((e) => e.kind === 'custody');
    expect(custody.map((e) => e.body)).toEqual(await ledger.read('c1'));
    expect(custody.map((e) => e.at)).toEqual(custody.map((e) => (e.body as { at: string }).at));
    expect((await kinds('c1')).filter((k) => k !== 'custody')).toHaveLength(9); // the case's own changes, all there
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(await verifyRecords(records.db)).toMatchObject({ cases: 1, breaks: [] });
  });

  it('a deleted or edited custody entry is a break that verify-records names', async () => {
    await write('c2', 1);
    for (const [i, c] of ['b', 'c', 'd'].entries())
      await ledger.append('c2', uploaded(sha(c), `2026-11-24T03:0${i}:00.000Z`));
    await records.store.recordCustody('c2', await ledger.read('c2'));
    const custody = (await records.store.entries('c2')).filter((e) => e.kind === 'custody');
    expect(custody).toHaveLength(3);
    await records.db.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      await sql`DELETE FROM case_entries WHERE case_id = 'c2' AND seq = ${custody[1]!.seq}`.execute(conn);
      await sql`UPDATE case_entries SET body = jsonb_set(body, '{by,id}', '"someone_else"')
                WHERE case_id = 'c2' AND seq = ${custody[0]!.seq}`.execute(conn);
      await sql`SET session_replication_role = origin`.execute(conn);
    });
    const { breaks } = await verifyRecords(records.db);
    expect(breaks).toEqual([
      expect.objectContaining({ caseId: 'c2', seq: custody[0]!.seq, problem: 'edited' }),
      expect.objectContaining({ caseId: 'c2', seq: custody[1]!.seq, problem: 'deleted' }),
    ]);
  });

  it('a deleted LAST custody entry is a break too: the case row counts the lines copied (migration 0008)', async () => {
    await write('c3', 1);
    for (const [i, c] of ['e', 'f'].entries())
      await ledger.append('c3', uploaded(sha(c), `2026-11-24T04:0${i}:00.000Z`));
    await records.store.recordCustody('c3', await ledger.read('c3'));
    const entries = await records.store.entries('c3');
    const last = entries.at(-1)!;
    expect(last.kind).toBe('custody'); // the chain's last entry: no later entry links to it
    const counted = () =>
      records.db.selectFrom('cases').select('custody_lines').where('case_id', '=', 'c3').executeTakeFirstOrThrow();
    expect(await counted()).toEqual({ custody_lines: 2 });
    // A database migrated before the count existed: its rows count what their chains hold.
    await migrator(records.db as never).migrateDown();
    await migrateToLatest(records.db as never);
    expect(await counted()).toEqual({ custody_lines: 2 });
    expect((await verifyRecords(records.db)).breaks.filter((b) => b.caseId === 'c3')).toEqual([]);

    await records.db.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      await sql`DELETE FROM case_entries WHERE case_id = 'c3' AND seq = ${last.seq}`.execute(conn);
      await sql`SET session_replication_role = origin`.execute(conn);
    });
    const { breaks } = await verifyRecords(records.db);
    expect(breaks.filter((b) => b.caseId === 'c3')).toEqual([
      expect.objectContaining({ caseId: 'c3', seq: last.seq, problem: 'deleted' }),
    ]);
  });

  it('go with the case when retention purges it, and are not copied back afterwards', async () => {
    const purged = await purgeExpired(records.db, [{ site: 'test-site', procedure: 'perimeter-alarm', years: 1 }], {
      now: new Date('2030-01-01T00:00:00Z'),
    });
    const c1 = purged.find((c) => c.caseId === 'c1')!;
    expect(c1.entries).toBe(9 + 3); // its changes and its three custody lines
    expect(await records.store.entries('c1')).toEqual([]);
    expect(await records.store.recordCustody('c1', await ledger.read('c1'))).toBe(0);
  });
});
