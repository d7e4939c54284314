import { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../../config';
import { HttpError } from '../errors';
import { validate } from '../validate';
import { verifyPassword } from './password';
import { LoginSchema } from './schemas';
import { issueToken, verifySession, type SessionUser } from './tokens';

/** The token a request carries: `Authorization: Bearer <token>`, or `access_token` where headers cannot be sent. */
function tokenOf(req: Request): string {
  const header = req.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : String(req.query.access_token ?? '');
}

const unauthenticated = () =>
  new HttpError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>');

/** POST /auth/login and POST /auth/refresh; tokens are issued at `clock`'s time. */
export function authRouter(config: AppConfig, clock: Clock = systemClock): Router {
  const router = Router();
  router.post('/auth/login', validate({ body: LoginSchema }), async (_req, res) => {
    const { username, password } = res.locals.input.body as z.infer<typeof LoginSchema>;
    const user = config.users.get(username);
    // The same answer for an unknown user and a wrong password.
    if (!user || !(await verifyPassword(password, user.password))) {
      throw new HttpError(401, 'bad-credentials', 'wrong username or password');
    }
    const session: SessionUser = { id: user.id, name: user.name, roles: user.roles };
    res.json({ ...(await issueToken(session, { now: clock.now() })), user: session });
  });
  // A client renews its token before it expires (the event stream ends at expiry): the user as configured now, so a
  // changed role or a removed user takes effect at the next renewal.
  router.post('/auth/refresh', async (req, res) => {
    const token = tokenOf(req);
    const session = token ? await verifySession(token, clock.now()) : null;
    const user = session && config.users.get(session.user.id);
    if (!user) throw unauthenticated();
    const renewed: SessionUser = { id: user.id, name: user.name, roles: user.roles };
    res.json({ ...(await issueToken(renewed, { now: clock.now() })), user: renewed });
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
