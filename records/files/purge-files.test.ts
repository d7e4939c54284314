import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CustodyLedger, type Custodian } from './ledger';
import { purgeCaseFiles } from './purge-files';
import { FsBlobStore } from './storage';

// A file goes with the records of the cases that hold it: only when every one of them has expired.
const by: Custodian = { id: 'lp_officer', name: '防损员', roles: ['lp_officer'] };

async function withFiles(cases: Record<string, string[]>) {
  const root = await mkdtemp(path.join(tmpdir(), 'procwf-purge-files-'));
  const store = new FsBlobStore(root);
  const ledger = new CustodyLedger(root);
  const sha: Record<string, string> = {};
  for (const [caseId, contents] of Object.entries(cases)) {
    for (const content of contents) {
      const staged = await store.stage(Readable.from([Buffer.from(content)]), 1024);
      await staged.commit();
      sha[content] = staged.sha256;
      await ledger.append(caseId, {
        kind: 'uploaded',
        sha256: staged.sha256,
        size: staged.size,
        name: `${content}.jpg`,
        type: 'image/jpeg',
        by,
        at: '2020-03-01T02:00:00.000Z',
      });
    }
  }
  return { root, store, ledger, sha };
}

describe('purgeCaseFiles', () => {
  it('removes files only expired cases hold, keeps one a retained case also holds, then the expired ledgers', async () => {
    const { root, store, ledger, sha } = await withFiles({
      old: ['only-old', 'shared'],
      kept: ['shared', 'only-kept'],
    });
    const dry = await purgeCaseFiles(new Set(['old']), { root, dryRun: true });
    expect(dry).toEqual({
      cases: ['old'],
      removed: [{ sha256: sha['only-old'], cases: ['old'] }],
      kept: [{ sha256: sha.shared, heldBy: ['kept'] }],
    });
    expect(await store.exists(sha['only-old']!)).toBe(true); // a dry run removes nothing
    expect((await ledger.caseIds()).sort()).toEqual(['kept', 'old']);

    expect(await purgeCaseFiles(new Set(['old']), { root })).toEqual(dry);
    expect(await store.exists(sha['only-old']!)).toBe(false);
    expect(await store.exists(sha.shared!)).toBe(true);
    expect(await store.exists(sha['only-kept']!)).toBe(true);
    expect(await ledger.caseIds()).toEqual(['kept']);
    expect(existsSync(path.join(root, 'cases', 'old'))).toBe(false);
    // Again: nothing left to remove.
    expect(await purgeCaseFiles(new Set(['old']), { root })).toEqual({ cases: [], removed: [], kept: [] });
  });

  it('removes a file once every case that held it has expired', async () => {
    const { root, store, sha } = await withFiles({ a: ['same'], b: ['same'] });
    const out = await purgeCaseFiles(new Set(['a', 'b']), { root });
    expect(out.removed).toEqual([{ sha256: sha.same, cases: ['a', 'b'] }]);
    expect(await store.exists(sha.same!)).toBe(false);
  });

  it('keeps everything of a case the records have not purged, and of a folder without files', async () => {
    const { root, store, sha } = await withFiles({ open: ['x'] });
    expect(await purgeCaseFiles(new Set(['gone-without-files']), { root })).toEqual({
      cases: [],
      removed: [],
      kept: [],
    });
    expect(await store.exists(sha.x!)).toBe(true);
    expect(await purgeCaseFiles(new Set(['x']), { root: path.join(root, 'nothing-here') })).toEqual({
      cases: [],
      removed: [],
      kept: [],
    });
  });
});
