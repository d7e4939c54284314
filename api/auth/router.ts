import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../../config';
import { HttpError } from '../errors';
import { validate } from '../validate';
import { checkSignIn, type UpgradedHashes } from './password';
import { LoginSchema } from './schemas';
import { issueToken, verifySession, type SessionUser } from './tokens';

/**
 * The session cookie: the browser's token for what it fetches without a header (the event stream, links to documents,
 * files and CSV exports), so no token is ever written in a URL (URLs end up in logs, history and Referer headers).
 * HttpOnly (page scripts cannot read it), SameSite=Strict and taken only on GET and HEAD, so another site cannot use
 * it to change anything.
 */
export const SESSION_COOKIE = 'procwf_session';

/**
 * The token a request carries: `Authorization: Bearer <token>`, else (GET and HEAD only) the session cookie. Needs
 * cookie-parser before it (api/app.ts).
 */
function tokenOf(req: Request): string {
  const header = req.get('authorization') ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7);
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return (req.method === 'GET' || req.method === 'HEAD') && typeof cookie === 'string' ? cookie : '';
}

/** Sets the session cookie to `token`, until `expiresAt` (ISO time, the token's own expiry). */
function setSessionCookie(req: Request, res: Response, token: string, expiresAt: string, now: number) {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/api',
    maxAge: Math.max(0, Date.parse(expiresAt) - now),
  });
}

const unauthenticated = () =>
  new HttpError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>');

/**
 * POST /auth/login, POST /auth/refresh and GET /auth/session (each answers a token and sets it as the session cookie
 * too; the last signs a new tab in from the cookie), POST /auth/logout (clears the cookie); tokens are issued at
 * `clock`'s time. A sign-in with a hash weaker than today's stores a new one in `hashes` (api/auth/password.ts).
 */
export function authRouter(config: AppConfig, hashes: UpgradedHashes, clock: Clock = systemClock): Router {
  const router = Router();
  router.post('/auth/login', validate({ body: LoginSchema }), async (req, res) => {
    const { username, password } = res.locals.input.body as z.infer<typeof LoginSchema>;
    const user = config.users.get(username);
    // The same answer, after the same work, for an unknown user and a wrong password.
    if (!(await checkSignIn(user, password, hashes, req.log)) || !user) {
      throw new HttpError(401, 'bad-credentials', 'wrong username or password');
    }
    const session: SessionUser = { id: user.id, name: user.name, roles: user.roles };
    const issued = await issueToken(session, { now: clock.now() });
    setSessionCookie(req, res, issued.token, issued.expiresAt, clock.now());
    res.json({ ...issued, user: session });
  });
  /** The user the request's token signs in, as configured now (a changed role or a removed user takes effect). */
  const currentUser = async (req: Request): Promise<SessionUser | null> => {
    const token = tokenOf(req);
    const session = token ? await verifySession(token, clock.now()) : null;
    const user = session && config.users.get(session.user.id);
    return user ? { id: user.id, name: user.name, roles: user.roles } : null;
  };
  const answerToken = async (req: Request, res: Response, user: SessionUser) => {
    const issued = await issueToken(user, { now: clock.now() });
    setSessionCookie(req, res, issued.token, issued.expiresAt, clock.now());
    res.json({ ...issued, user });
  };
  // A client renews its token before it expires (the event stream ends at expiry).
  router.post('/auth/refresh', async (req, res) => {
    const user = await currentUser(req);
    if (!user) throw unauthenticated();
    await answerToken(req, res, user);
  });
  // A second tab, or a link opened from an e-mail, starts from the browser's session cookie (a GET, so the cookie is
  // taken) and gets its own bearer token without signing in again; 204 when the browser is not signed in, which is
  // the normal state of a first visit rather than an error.
  router.get('/auth/session', async (req, res) => {
    const user = await currentUser(req);
    if (!user) {
      res.status(204).end();
      return;
    }
    await answerToken(req, res, user);
  });
  // Signing out clears the browser's session cookie (the bearer token the client drops itself).
  router.post('/auth/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/api' });
    res.status(204).end();
  });
  return router;
}

/**
 * Requires a valid token (see tokenOf) unexpired at `clock`'s time; the user is in res.locals.user and the token's
 * expiry (ms since the epoch) in res.locals.sessionExpiresAt.
 */
export function requireUserWith(clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const token = tokenOf(req);
    const session = token ? await verifySession(token, clock.now()) : null;
    if (!session) throw unauthenticated();
    res.locals.user = session.user;
    res.locals.sessionExpiresAt = session.expiresAt;
    next();
  };
}

/** {@link requireUserWith} on the system clock. */
export const requireUser: RequestHandler = requireUserWith(systemClock);
