/**
 * Facts added to a closed case (issue 18 point 2) in the records store itself: appended to the case's chain under its
 * lock, refused for an open or unknown case, one of two concurrent additions refused by the rule, and verify-records
 * finding a deleted last addendum. Real PostgreSQL started by the test.
 */
import { sql } from 'kysely';
import { openRecords, verifyRecords, type AddendumInput, type Records } from '../../records';
import { perimeterCaseChanges } from '../support/case-views';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

let records: Records;
let pg: TestPostgres | undefined;

beforeAll(async () => {
  const started = await startTestPostgres();
  pg = started;
  records = await openRecords({ url: started.url });
  for (const id of ['closed-a', 'closed-b', 'closed-c']) {
    for (const c of perimeterCaseChanges(id)) await records.store.write({ view: c.view, revision: c.revision });
  }
  // A case still open: only its first change recorded.
  const [first] = perimeterCaseChanges('still-open');
  await records.store.write({ view: first!.view, revision: first!.revision });
}, 180_000);
afterAll(async () => {
  await records?.close();
  await pg?.destroy();
});

const fact = (policeCaseNumber: string, at = '2026-12-02T03:00:00.000Z'): AddendumInput => ({
  type: 'police_case_number_added',
  data: { policeCaseNumber },
  actor: { id: 'squad_leader', name: '郑军' },
  role: 'squad_leader',
  at,
});
/** One number per case, as the procedures' rule says. */
const onlyOne = (_view: unknown, earlier: readonly unknown[]) =>
  earlier.length > 0 ? 'number_already_recorded' : undefined;

describe('addenda in the records', () => {
  it('appends to the chain after the case’s own entries, counts it on the case row, and finds it by search', async () => {
    const before = await records.store.entries('closed-a');
    const result = await records.store.addAddendum('closed-a', fact('JB-0042'), onlyOne);
    expect(result).toEqual({ added: { ...fact('JB-0042'), seq: before.length + 1 } });
    const after = await records.store.entries('closed-a');
    expect(after.slice(0, before.length)).toEqual(before); // nothing recorded changed
    expect(after.at(-1)).toMatchObject({ kind: 'addendum', prevHash: before.at(-1)!.hash });
    expect(await records.store.addenda('closed-a')).toEqual([{ ...fact('JB-0042'), seq: before.length + 1 }]);
    const row = await records.db
      .selectFrom('cases')
      .select(['addenda', 'search_text'])
      .where('case_id', '=', 'closed-a')
      .executeTakeFirstOrThrow();
    expect(row.addenda).toBe(1);
    expect(row.search_text).toContain('JB-0042');
    expect(await records.store.addAddendum('closed-a', fact('JB-0043'), onlyOne)).toEqual({
      refused: 'number_already_recorded',
    });
    expect(await records.store.entries('closed-a')).toHaveLength(after.length);
  });

  it('refuses an open case and one the records never heard of, writing nothing', async () => {
    expect(await records.store.addAddendum('still-open', fact('X'), onlyOne)).toEqual({ refused: 'case_open' });
    expect(await records.store.addAddendum('never-was', fact('X'), onlyOne)).toEqual({ refused: 'not_recorded' });
    expect(await records.store.addenda('still-open')).toEqual([]);
  });

  it('lets one of two concurrent additions through: the rule sees the other under the case’s lock', async () => {
    const results = await Promise.all([
      records.store.addAddendum('closed-b', fact('A-1'), onlyOne),
      records.store.addAddendum('closed-b', fact('A-2'), onlyOne),
    ]);
    expect(results.filter((r) => 'added' in r)).toHaveLength(1);
    expect(results.filter((r) => 'refused' in r)).toEqual([{ refused: 'number_already_recorded' }]);
    expect(await records.store.addenda('closed-b')).toHaveLength(1);
  });

  it('is checked by verify-records: intact as written, and a deleted last addendum is found', async () => {
    await records.store.addAddendum('closed-c', fact('C-1'), onlyOne);
    expect((await verifyRecords(records.db)).breaks).toEqual([]);
    const last = (await records.store.entries('closed-c')).at(-1)!;
    expect(last.kind).toBe('addendum');
    // Around the append-only trigger, as someone with the database's keys could.
    await records.db.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      try {
        await sql`DELETE FROM case_entries WHERE case_id = 'closed-c' AND seq = ${last.seq}`.execute(conn);
      } finally {
        await sql`SET session_replication_role = origin`.execute(conn);
      }
    });
    const { breaks } = await verifyRecords(records.db);
    expect(breaks.map((b) => [b.caseId, b.seq, b.problem])).toEqual([['closed-c', last.seq, 'deleted']]);
  });
});
