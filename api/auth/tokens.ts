import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { dataDir } from '../../config/paths';

/** Who a verified token says the caller is; roles are per site. */
export interface SessionUser {
  id: string;
  name: string;
  roles: Record<string, string[]>;
}

const TOKEN_LIFETIME = '12h';

// JWT_SECRET when set; otherwise one generated once and kept under data/, so tokens survive a restart.
function loadSecret(): Uint8Array {
  if (process.env.JWT_SECRET) return new TextEncoder().encode(process.env.JWT_SECRET);
  const file = path.join(dataDir(), 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

let secret: Uint8Array | undefined;
const key = () => (secret ??= loadSecret());

/** HMAC-SHA256 (base64url) of a value under the signing key: seals opaque values the API hands out, e.g. list cursors. */
export function macOf(value: string): string {
  return createHmac('sha256', key()).update(value).digest('base64url');
}

export async function issueToken(user: SessionUser): Promise<{ token: string; expiresAt: string }> {
  const token = await new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(TOKEN_LIFETIME)
    .sign(key());
  const { payload } = await jwtVerify(token, key());
  return { token, expiresAt: new Date((payload.exp ?? 0) * 1000).toISOString() };
}

/** The user of a valid, unexpired token, or null. */
export async function verifyToken(token: string): Promise<SessionUser | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string') return null;
    return { id: payload.sub, name: String(payload.name), roles: payload.roles as Record<string, string[]> };
  } catch {
    return null;
  }
}
