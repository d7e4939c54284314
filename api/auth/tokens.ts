import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { signingSecret } from '../../config';

/** Who a verified token says the caller is; roles are per site. */
export interface SessionUser {
  id: string;
  name: string;
  roles: Record<string, string[]>;
}

const key = signingSecret; // JWT_SECRET, or the key generated once under data/ (config/signing.ts)

/** HMAC-SHA256 (base64url) of a value under the signing key: seals opaque values the API hands out, e.g. list cursors. */
export function macOf(value: string): string {
  return createHmac('sha256', key()).update(value).digest('base64url');
}

/** How long a token is valid, in seconds: one shift (12 h). */
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * A signed JWT (HS256) for `user`, valid from `now` (ms since the epoch, the API clock's time) for `lifetimeSeconds`;
 * `expiresAt` is its expiry as an ISO instant.
 */
export async function issueToken(
  user: SessionUser,
  { now = Date.now(), lifetimeSeconds = TOKEN_LIFETIME_SECONDS }: { now?: number; lifetimeSeconds?: number } = {},
): Promise<{ token: string; expiresAt: string }> {
  const issuedAt = Math.floor(now / 1000);
  const token = await new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(key());
  return { token, expiresAt: new Date((issuedAt + lifetimeSeconds) * 1000).toISOString() };
}

/** A verified session: who the caller is and when the token stops being valid (ms since the epoch). */
export interface Session {
  user: SessionUser;
  expiresAt: number;
}

/** The session of a valid token that has not expired at `now` (ms since the epoch), or null. */
export async function verifySession(token: string, now = Date.now()): Promise<Session | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ['HS256'], currentDate: new Date(now) });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    return {
      user: { id: payload.sub, name: String(payload.name), roles: payload.roles as Record<string, string[]> },
      expiresAt: payload.exp * 1000,
    };
  } catch {
    return null;
  }
}

/** The user of a valid, unexpired token, or null. */
export async function verifyToken(token: string, now = Date.now()): Promise<SessionUser | null> {
  return (await verifySession(token, now))?.user ?? null;
}
