import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { dataDir, hashPassword, needsRehash, UNUSABLE_HASH, verifyPassword, type User } from '../../config';
import type { RecordsAccess, UpgradedHash } from '../../records';

/**
 * Where hashes upgraded at sign-in are kept. config/users.yaml is configuration, read-only to the running app, so a
 * hash that replaces a weaker one of users.yaml (the older scrypt form, or argon2id below today's cost) is kept
 * beside it: in the records database when one is configured (table password_hashes), else in
 * DATA_DIR/password-hashes.json. An upgraded hash applies only while users.yaml still holds the hash it replaced; when
 * an administrator sets a new hash there, users.yaml wins again.
 */
export interface UpgradedHashes {
  /** The user's upgraded hash, or undefined. @throws when the store cannot be read */
  get(userId: string): Promise<UpgradedHash | undefined>;
  /** Stores (or replaces) the user's upgraded hash. @throws when the store cannot be written */
  put(entry: UpgradedHash): Promise<void>;
}

/** SHA-256 (hex) of a users.yaml hash: how an upgraded hash names the one it replaces. */
export const fingerprintOf = (usersYamlHash: string): string =>
  createHash('sha256').update(usersYamlHash).digest('hex');

/**
 * The store {@link checkSignIn} uses: the records database's password_hashes table (connected on first use) when
 * `records` has one, else the JSON file `file` (default DATA_DIR/password-hashes.json).
 */
export function upgradedHashesFor(
  records: RecordsAccess | undefined,
  file = path.join(dataDir(), 'password-hashes.json'),
): UpgradedHashes {
  const open = records?.passwordHashes?.bind(records);
  if (!open) return fileUpgradedHashes(file);
  return { get: async (userId) => (await open()).get(userId), put: async (entry) => (await open()).put(entry) };
}

/**
 * A JSON file (`{ "<user id>": { hash, replaces } }`, mode 0600), for a single API process without a records
 * database. Written whole to a temporary file and renamed, so a crash never leaves half a file; writes of this
 * process are serialised.
 */
export function fileUpgradedHashes(file: string): UpgradedHashes {
  type Stored = Record<string, Omit<UpgradedHash, 'userId'>>;
  const read = async (): Promise<Stored> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Stored;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  };
  let writing: Promise<void> = Promise.resolve();
  return {
    get: async (userId) => {
      const entry = (await read())[userId];
      return entry && { userId, hash: entry.hash, replaces: entry.replaces };
    },
    put: (entry) => {
      const write = async () => {
        const all = await read();
        all[entry.userId] = { hash: entry.hash, replaces: entry.replaces };
        await mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
        await rename(tmp, file);
      };
      writing = writing.then(write, write);
      return writing;
    },
  };
}

/**
 * Checks a sign-in: `password` against the user's hash (an upgraded one while it replaces users.yaml's current hash,
 * else users.yaml's); an unknown user is checked against an unusable hash, so both take as long. When it matches a
 * hash that {@link needsRehash}, a new argon2id hash is stored in `hashes`, once: the next sign-in finds it. A store
 * that cannot be read or written is logged and does not stop a sign-in (users.yaml's hash still holds the same
 * password).
 *
 * @returns whether the password is the user's
 */
export async function checkSignIn(
  user: Pick<User, 'id' | 'password'> | undefined,
  password: string,
  hashes: UpgradedHashes,
  log: Pick<Logger, 'warn' | 'info'>,
): Promise<boolean> {
  if (!user) {
    await verifyPassword(password, UNUSABLE_HASH);
    return false;
  }
  const replaces = fingerprintOf(user.password);
  const upgraded = await hashes.get(user.id).catch((err: unknown) => {
    log.warn({ err, user: user.id }, 'upgraded password hashes unreadable; checking config/users.yaml');
    return undefined;
  });
  const stored = upgraded?.replaces === replaces ? upgraded.hash : user.password;
  if (!(await verifyPassword(password, stored))) return false;
  if (needsRehash(stored)) {
    try {
      await hashes.put({ userId: user.id, hash: await hashPassword(password), replaces });
      log.info({ user: user.id }, 'password hash upgraded to argon2id');
    } catch (err) {
      log.warn({ err, user: user.id }, 'could not store the upgraded password hash; trying again at the next sign-in');
    }
  }
  return true;
}
