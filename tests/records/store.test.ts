/**
 * The records store against real PostgreSQL, twice: a server this test starts from Debian's binaries and reaches by
 * DATABASE_URL (as production would), and the embedded default `npm start` runs (a cluster under DATA_DIR).
 */
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import {
  embeddedClusterDir,
  entryHash,
  migrateToLatest,
  openRecords,
  RecordReads,
  startLocalCluster,
  type Records,
} from '../../records';
import { perimeterCaseChanges, type RecordedChange } from '../support/case-views';
import { startTestPostgres } from '../support/postgres';

interface Backend {
  url: string;
  close(): Promise<void>;
}

async function debianServer(): Promise<Backend> {
  const pg = await startTestPostgres();
  return { url: pg.url, close: () => pg.destroy() };
}

async function embeddedDefault(): Promise<Backend> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'procwf-records-data-'));
  await chmod(dataDir, 0o755);
  const saved = process.env.DATA_DIR;
  process.env.DATA_DIR = dataDir;
  const cluster = await startLocalCluster({ dir: embeddedClusterDir() });
  process.env.DATA_DIR = saved;
  return {
    url: cluster.url,
    close: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const write = (records: Records, c: RecordedChange) =>
  records.store.write({ view: c.view, revision: c.revision, notices: c.notices });

describe.each([
  ['Debian PostgreSQL by DATABASE_URL', debianServer],
  ['the embedded default (cluster under DATA_DIR)', embeddedDefault],
])('records store on %s', (_name, backend) => {
  let server: Backend;
  let records: Records;

  beforeAll(async () => {
    server = await backend();
    records = await openRecords({ url: server.url });
  }, 180_000);
  afterAll(async () => {
    await records?.close();
    await server?.close();
  });

  test('migrations run once: a second run applies nothing, and the schema and pg_trgm are in place', async () => {
    expect(await migrateToLatest(records.db as never)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(
      records.db,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['case_entries', 'cases', 'kysely_migration', 'notices']),
    );
    const ext = await sql<{ extname: string }>`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`.execute(
      records.db,
    );
    expect(ext.rows).toHaveLength(1);
  });

  test('counts open cases per procedure (the open-cases gauge): a case counts while open, not once closed', async () => {
    const reads = new RecordReads(records.db);
    const changes = perimeterCaseChanges('open-count');
    const before = (await reads.openCounts())['perimeter-alarm'] ?? 0;
    await write(records, changes[0]!);
    expect((await reads.openCounts())['perimeter-alarm']).toBe(before + 1);
    for (const c of changes.slice(1)) await write(records, c);
    expect((await reads.openCounts())['perimeter-alarm'] ?? 0).toBe(before);
  });

  test('every change in order: the newest snapshot, and a hash chain of what happened', async () => {
    const changes = perimeterCaseChanges('in-order');
    for (const c of changes) expect((await write(records, c)).applied).toBe(true);

    const stored = await records.store.getCase('in-order');
    expect(stored).toEqual({ view: changes.at(-1)!.view, revision: changes.length });
    const entries = await records.store.entries('in-order');
    expect(entries.map((e) => e.kind)).toEqual([
      'opened',
      'step',
      'timer',
      'escalation',
      'delivery',
      'ack',
      'step',
      'step',
      'closed',
    ]);
    entries.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.prevHash).toBe(i === 0 ? '' : entries[i - 1]!.hash);
      expect(e.hash).toBe(
        entryHash({ caseId: e.caseId, seq: e.seq, kind: e.kind, body: e.body, prevHash: e.prevHash }),
      );
    });
    const row = await records.db
      .selectFrom('cases')
      .selectAll()
      .where('case_id', '=', 'in-order')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', procedure: 'perimeter-alarm', overdue: false, escalated_to: [] });
    expect(row.closed_at).toEqual(new Date(changes.at(-1)!.view.updatedAt));
    expect(await records.store.notices({ caseId: 'in-order' })).toEqual([
      expect.objectContaining({ kind: 'escalation', role: changes[2]!.notices[0]!.role, caseId: 'in-order' }),
    ]);
  });

  test('writes applied out of order, and twice, end in the newest state with nothing lost or doubled', async () => {
    const reference = perimeterCaseChanges('reference');
    for (const c of reference) await write(records, c);
    const expected = (await records.store.entries('reference')).map((e) => ({ kind: e.kind, body: e.body }));

    const orders: Record<string, number[]> = {
      reversed: [6, 5, 4, 3, 2, 1, 0],
      shuffled: [2, 0, 5, 1, 6, 3, 4],
      'late start': [1, 3, 0, 2, 6, 4, 5],
    };
    for (const [name, order] of Object.entries(orders)) {
      const caseId = `out-of-order-${name.replace(/ /g, '-')}`;
      const changes = perimeterCaseChanges(caseId);
      const asReference = (xs: { kind: string; body: unknown }[]) =>
        JSON.parse(JSON.stringify(xs).replaceAll(caseId, 'reference').replaceAll(`PA-${caseId}`, 'PA-reference'));
      for (const i of [...order, ...order]) await write(records, changes[i]!);
      const stored = await records.store.getCase(caseId);
      expect(stored).toEqual({ view: changes.at(-1)!.view, revision: changes.length });
      const entries = await records.store.entries(caseId);
      const sortKey = (e: { kind: string; body: unknown }) => JSON.stringify(e);
      expect(
        asReference(entries.map((e) => ({ kind: e.kind, body: e.body })))
          .map(sortKey)
          .sort(),
      ).toEqual(asReference(expected).map(sortKey).sort());
      expect(await records.store.notices({ caseId })).toHaveLength(1);
    }
  });

  test('concurrent writes of one case (several connections) serialise: newest state, a whole chain', async () => {
    const changes = perimeterCaseChanges('concurrent');
    await Promise.all([...changes, ...changes].map((c) => write(records, c)));
    expect((await records.store.getCase('concurrent'))?.revision).toBe(changes.length);
    const entries = await records.store.entries('concurrent');
    expect(entries.map((e) => e.kind).sort()).toEqual(
      ['opened', 'step', 'timer', 'escalation', 'delivery', 'ack', 'step', 'step', 'closed'].sort(),
    );
    entries.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? '' : entries[i - 1]!.hash));
  });

  test('an entry cannot be updated in place: the database refuses it', async () => {
    await write(records, perimeterCaseChanges('append-only')[0]!);
    await expect(
      sql`UPDATE case_entries SET body = '{}'::jsonb WHERE case_id = 'append-only'`.execute(records.db),
    ).rejects.toThrow(/append-only/);
  });

  test('a revision that is not a positive integer is refused and writes nothing', async () => {
    const [first] = perimeterCaseChanges('bad-revision');
    await expect(records.store.write({ view: first!.view, revision: 0 })).rejects.toThrow(/positive integer/);
    expect(await records.store.getCase('bad-revision')).toBeUndefined();
  });

  test('trigram search finds a case by a two-character Chinese fragment of what was reported', async () => {
    const hit = await records.db
      .selectFrom('cases')
      .select('case_id')
      .where(sql<boolean>`search_text ILIKE ${'%北墙%'}`)
      .where('case_id', '=', 'in-order')
      .execute();
    expect(hit).toEqual([{ case_id: 'in-order' }]);
  });
});
