import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** 64 lowercase hexadecimal digits: the only names a stored file ever has. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** How many leading bytes of an upload are kept in memory to tell its type and read its EXIF block. */
export const HEAD_BYTES = 128 * 1024;

/**
 * An upload written to a private staging place, hashed while it streamed in, not yet referenceable: `commit` makes it
 * the stored file of its sha256 (atomically; a file already stored under that hash is kept, the copy dropped), and
 * `discard` removes it. Until `commit` resolves, `exists(sha256)` is false for a new content.
 */
export interface StagedFile {
  sha256: string;
  /** Bytes. */
  size: number;
  /** The first bytes (at most {@link HEAD_BYTES}), for content sniffing and EXIF. */
  head: Buffer;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** The stream passed more than the allowed bytes; nothing was kept. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/**
 * Where attachment files live, each stored once under its sha256. The filesystem store below ships; an S3-compatible
 * store implements the same three calls: `stage` uploads to a temporary key (or a local temp file) while hashing,
 * `commit` copies it to `<prefix>/<sha256>` with `If-None-Match: *` and deletes the temporary one, `get` is a
 * GetObject stream, `exists` a HeadObject and `remove` a DeleteObject. Only the records purge removes a file (when
 * every case that holds it has expired: records/files/purge-files.ts); the routes never do.
 */
export interface BlobStore {
  /**
   * Streams `source` to staging while hashing it. Rejects with {@link TooLargeError} (and keeps nothing) once more than
   * `maxBytes` bytes arrive; rejects with the source's error (keeping nothing) when the source fails or is cut off.
   */
  stage(source: Readable, maxBytes: number): Promise<StagedFile>;
  /** The stored file's bytes, or null when no file has that sha256. */
  get(sha256: string): Promise<Readable | null>;
  /** Whether a complete file with that sha256 is stored. */
  exists(sha256: string): Promise<boolean>;
  /** Removes the stored file of that sha256 (nothing when there is none). Called by the records purge only. */
  remove(sha256: string): Promise<void>;
}

/**
 * The filesystem store: files at `<root>/blobs/<aa>/<bb>/<sha256>`, staging under `<root>/staging/` on the same
 * filesystem so that a commit is one rename (a file is either all there under its hash or not there at all).
 */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  private blobPath(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    // The source may fail before the pipeline below listens (a client gone while staging is made): keep that error.
    let early: Error | undefined;
    const keep = (err: Error) => (early ??= err);
    source.on('error', keep);
    const staging = path.join(this.root, 'staging');
    await mkdir(staging, { recursive: true }).finally(() => source.off('error', keep));
    if (early) throw early;
    const temp = path.join(staging, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) return callback(new TooLargeError(maxBytes));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLength);
          headChunks.push(Buffer.from(part));
          headLength += part.length;
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp, { flags: 'wx' }));
    } catch (err) {
      source.resume(); // drain what is left of the request so the client gets the answer
      await rm(temp, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    const target = this.blobPath(sha256);
    return {
      sha256,
      size,
      head: Buffer.concat(headChunks),
      commit: async () => {
        await mkdir(path.dirname(target), { recursive: true });
        if (await this.exists(sha256)) {
          await rm(temp, { force: true }); // the same content is already stored
          return;
        }
        await rename(temp, target);
      },
      discard: () => rm(temp, { force: true }),
    };
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!SHA256_PATTERN.test(sha256) || !(await this.exists(sha256))) return null;
    return createReadStream(this.blobPath(sha256));
  }

  async remove(sha256: string): Promise<void> {
    if (SHA256_PATTERN.test(sha256)) await rm(this.blobPath(sha256), { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    if (!SHA256_PATTERN.test(sha256)) return false;
    try {
      await access(this.blobPath(sha256));
      return (await stat(this.blobPath(sha256))).isFile();
    } catch {
      return false;
    }
  }
}
