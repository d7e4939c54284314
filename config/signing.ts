import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEnv } from './env';
import { dataDir } from './paths';

/**
 * The app's signing secret, shared by the API (session tokens, list cursors) and the worker (acknowledge links in
 * escalation messages, which the API checks): JWT_SECRET when set; otherwise one generated once and kept in
 * DATA_DIR/jwt-secret, so tokens and links survive a restart of either process on one machine. Processes on several
 * machines must share JWT_SECRET (docs/production.md).
 */
function loadSecret(): Uint8Array {
  const fromEnv = readEnv().JWT_SECRET;
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const file = path.join(dataDir(), 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // The API and the worker may start together: the one that lost the race reads the other's key.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

let secret: Uint8Array | undefined;

/** The app's signing secret (bytes), read once per process. */
export const signingSecret = (): Uint8Array => (secret ??= loadSecret());

/**
 * A key for one purpose, derived from the app's secret (HMAC-SHA256 of the purpose's name), so a value signed for one
 * purpose (an acknowledge link) never passes as another (a session token).
 */
export const purposeKey = (purpose: string): Uint8Array =>
  new Uint8Array(createHmac('sha256', signingSecret()).update(purpose).digest());
