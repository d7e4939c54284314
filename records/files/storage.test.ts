import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FsBlobStore, TooLargeError } from './storage';

// The filesystem store: a file is referenceable only once complete and committed; a cut-off or oversized upload leaves
// nothing behind, in staging or under its hash.
const fresh = () => new FsBlobStore(mkdtempSync(path.join(tmpdir(), 'procwf-store-')));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const stagingOf = (store: FsBlobStore) => readdirSync(path.join(store.root, 'staging'));

describe('FsBlobStore', () => {
  it('stores bytes under their sha256 on commit, and not before', async () => {
    const store = fresh();
    const bytes = Buffer.from('evidence bytes');
    const staged = await store.stage(Readable.from([bytes]), 1024);
    expect([staged.sha256, staged.size, staged.head.equals(bytes)]).toEqual([sha(bytes), bytes.length, true]);
    expect(await store.exists(sha(bytes))).toBe(false);
    await staged.commit();
    expect(await store.exists(sha(bytes))).toBe(true);
    const back: Buffer[] = [];
    for await (const chunk of (await store.get(sha(bytes)))!) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(bytes)).toBe(true);
    // The same content again is kept once; its staging copy goes.
    await (await store.stage(Readable.from([bytes]), 1024)).commit();
    expect(stagingOf(store)).toEqual([]);
  });

  it('keeps nothing of an upload cut off midway', async () => {
    const store = fresh();
    const cut = new Readable({ read() {} });
    const staging = store.stage(cut, 1024);
    cut.push(Buffer.from('half of a photo'));
    cut.destroy(new Error('connection reset'));
    await expect(staging).rejects.toThrow('connection reset');
    expect(stagingOf(store)).toEqual([]);
    expect(await store.exists(sha(Buffer.from('half of a photo')))).toBe(false);
  });

  it('refuses more than the limit and keeps nothing', async () => {
    const store = fresh();
    await expect(store.stage(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toBeInstanceOf(
      TooLargeError,
    );
    expect(stagingOf(store)).toEqual([]);
  });

  it('answers no file for a name that is not a sha256', async () => {
    const store = fresh();
    expect(await store.exists('../../etc/passwd')).toBe(false);
    expect(await store.get('x'.repeat(64))).toBeNull();
  });
});
