import { z } from 'zod';

/** POST /auth/login's body. */
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
