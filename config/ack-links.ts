import { errors, jwtVerify, SignJWT } from 'jose';
import { tryParseDeadlineSpec } from '../workflows/calendar';
import { readEnv } from './env';
import { purposeKey } from './signing';

/**
 * Acknowledge links (issue 21 point 2): every escalation message carries a link that acknowledges its rung without a
 * sign-in. The link holds a token signed with a key derived from the app's secret (see signing.ts): the worker signs it
 * when it renders a message, the API checks it when the link is opened. A token names the case, the rung, the site and
 * the rung's role, and — for a message sent to one person (e-mail, SMS) — that person; a message to a group (a chat
 * robot) names no person, and whoever opens it picks who they are among the role's holders at the site.
 *
 * It expires ACK_LINK_TTL (default PT24H) after the rung was escalated; it is single use because a rung is acknowledged
 * once (the case's workflow refuses a second acknowledgement); any altered byte fails the signature.
 */

/** What an acknowledge link's token says. */
export interface AckClaim {
  caseId: string;
  /** The escalation's number in the case (1, 2, …). */
  n: number;
  site: string;
  /** The rung's role: only a holder of it at the site may acknowledge. */
  role: string;
  /** The person the message went to (e-mail, SMS); absent for a group (chat robots). */
  user?: string;
}

/** Why a token is refused: `expired` (signature good, too late) or `invalid` (altered, truncated, another key). */
export type AckTokenRefusal = 'expired' | 'invalid';

const PURPOSE = 'escalation-ack-link';
const DEFAULT_TTL = 'PT24H';

/** How long an acknowledge link stays valid, in ms (ACK_LINK_TTL, an ISO-8601 duration; default 24 hours). */
export function ackLinkTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const spec = readEnv(env).ACK_LINK_TTL ?? DEFAULT_TTL;
  const parsed = tryParseDeadlineSpec(spec);
  // readEnv checked the form; a working-time spec is refused there too.
  return parsed?.kind === 'duration' ? parsed.ms : 24 * 3_600_000;
}

const key = () => purposeKey(PURPOSE);

/**
 * Signs `claim` as a compact JWT (HS256) issued at `issuedAtMs` (the rung's escalation time, so every attempt to send a
 * message gives the same link) and expiring `ttlMs` later.
 */
export async function signAckToken(claim: AckClaim, issuedAtMs: number, ttlMs = ackLinkTtlMs()): Promise<string> {
  const iat = Math.floor(issuedAtMs / 1000);
  return new SignJWT({
    c: claim.caseId,
    n: claim.n,
    s: claim.site,
    r: claim.role,
    ...(claim.user ? { u: claim.user } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.max(1, Math.round(ttlMs / 1000)))
    .sign(key());
}

/** The claim of a token signed by {@link signAckToken} that has not expired at `nowMs`, or why it is refused. */
export async function verifyAckToken(
  token: string,
  nowMs = Date.now(),
): Promise<{ claim: AckClaim; expiresAt: number } | { refused: AckTokenRefusal }> {
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ['HS256'], currentDate: new Date(nowMs) });
    const { c, n, s, r, u } = payload as Record<string, unknown>;
    if (typeof c !== 'string' || typeof n !== 'number' || typeof s !== 'string' || typeof r !== 'string')
      return { refused: 'invalid' };
    if (u !== undefined && typeof u !== 'string') return { refused: 'invalid' };
    return {
      claim: { caseId: c, n, site: s, role: r, ...(u ? { user: u } : {}) },
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  } catch (err) {
    return { refused: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** The page that acknowledges a rung: APP_URL + `/api/ack/<token>`. */
export const ackLinkOf = (token: string): string => `${readEnv().APP_URL.replace(/\/+$/, '')}/api/ack/${token}`;
