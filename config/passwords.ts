import { hash, parseOptions, verify, verifySync, type Algorithm } from '@node-rs/argon2';
import { randomBytes, scrypt as scryptCb, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Password hashes, as config/users.yaml stores them instead of passwords.
 *
 * New hashes are argon2id at OWASP's password-storage cost (19 MiB of memory, 2 passes, 1 lane) in the PHC string
 * format, which records the algorithm and its parameters: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (salt and
 * hash in unpadded base64). The cost can be raised here later: hashes made at a lower cost still verify, and
 * {@link needsRehash} says they should be replaced at the next sign-in.
 *
 * Older hashes, `scrypt$<salt b64>$<hash b64>` (Node's default scrypt cost, N=2^14, under OWASP's minimum, and no
 * parameters recorded), still verify and always need a rehash.
 */
export const ARGON2ID_POLICY = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** @node-rs/argon2's `Algorithm.Argon2id` (a const enum, which isolated modules cannot read from its declarations). */
const ARGON2ID = 2 as Algorithm.Argon2id;

/** A PHC argon2id string, or the older `scrypt$salt$hash`: what users.yaml accepts as a password. */
export const PASSWORD_HASH =
  /^(\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+)$/;

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/** The argon2id PHC string of `password` at {@link ARGON2ID_POLICY}, with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { ...ARGON2ID_POLICY, algorithm: ARGON2ID });
}

/** The old `scrypt$salt$hash` split into its parts, or undefined when `stored` is not one. */
function legacyParts(stored: string): { salt: Buffer; expected: Buffer } | undefined {
  const [scheme, salt, expected, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !expected || rest.length) return undefined;
  return { salt: Buffer.from(salt, 'base64'), expected: Buffer.from(expected, 'base64') };
}

/**
 * Whether `password` matches `stored` (argon2id PHC or the older scrypt form); false for anything else, never throws
 * for a malformed hash.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const legacy = legacyParts(stored);
  if (legacy) {
    if (!legacy.expected.length) return false;
    return timingSafeEqual(await scrypt(password, legacy.salt, legacy.expected.length), legacy.expected);
  }
  if (!stored.startsWith('$argon2id$')) return false;
  return verify(stored, password).catch(() => false);
}

/** {@link verifyPassword} blocking the thread: for checks at start (the demo password in production), not requests. */
export function verifyPasswordSync(password: string, stored: string): boolean {
  const legacy = legacyParts(stored);
  if (legacy) {
    if (!legacy.expected.length) return false;
    return timingSafeEqual(scryptSync(password, legacy.salt, legacy.expected.length), legacy.expected);
  }
  if (!stored.startsWith('$argon2id$')) return false;
  try {
    return verifySync(stored, password);
  } catch {
    return false;
  }
}

/**
 * Whether a hash that just verified should be replaced by {@link hashPassword}'s: the older scrypt form, or argon2id
 * below {@link ARGON2ID_POLICY} (a cost raised since it was made).
 */
export function needsRehash(stored: string): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    const o = parseOptions(stored);
    return (
      o.memoryCost < ARGON2ID_POLICY.memoryCost ||
      o.timeCost < ARGON2ID_POLICY.timeCost ||
      o.parallelism < ARGON2ID_POLICY.parallelism
    );
  } catch {
    return true;
  }
}

/** A random password's hash: what an unknown user name is checked against, so it takes as long as a wrong password. */
export const UNUSABLE_HASH = `$argon2id$v=19$m=${ARGON2ID_POLICY.memoryCost},t=${ARGON2ID_POLICY.timeCost},p=${ARGON2ID_POLICY.parallelism}$${randomBytes(16).toString('base64').replace(/=+$/, '')}$${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
