import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config/load';
import { HttpError } from '../errors';
import { validate } from '../validate';
import { verifyPassword } from './password';
import { issueToken, verifyToken, type SessionUser } from './tokens';

export const LoginSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(256),
});

export const SessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.record(z.string(), z.array(z.string())).describe('site id → roles'),
});

export const LoginResultSchema = z.object({ token: z.string(), expiresAt: z.string(), user: SessionUserSchema });

export function authRouter(config: AppConfig): Router {
  const router = Router();
  router.post('/auth/login', validate({ body: LoginSchema }), async (_req, res) => {
    const { username, password } = res.locals.input.body as z.infer<typeof LoginSchema>;
    const user = config.users.get(username);
    // The same answer for an unknown user and a wrong password.
    if (!user || !(await verifyPassword(password, user.password))) {
      throw new HttpError(401, 'bad-credentials', 'wrong username or password');
    }
    const session: SessionUser = { id: user.id, name: user.name, roles: user.roles };
    res.json({ ...(await issueToken(session)), user: session });
  });
  return router;
}

/** Requires a valid Bearer token; the user is in res.locals.user. */
export const requireUser: RequestHandler = async (req, res, next) => {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : String(req.query.access_token ?? '');
  const user = token ? await verifyToken(token) : null;
  if (!user) throw new HttpError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>');
  res.locals.user = user;
  next();
};
