import { z } from 'zod';
import { PASSWORD_HASH } from './passwords';

/** A person who can sign in: roles are held per site. */
export const UserSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]+$/, 'user id: lowercase letters, digits, _ . -'),
  name: z.string().min(1),
  password: z
    .string()
    .regex(PASSWORD_HASH, 'password must be a hash from npm run hash-password ($argon2id$…, or the older scrypt$…)')
    .describe('argon2id PHC string (config/passwords.ts); the older scrypt$salt$hash still signs in'),
  gender: z.enum(['female', 'male']).optional(),
  email: z.email().optional().describe('Where e-mail escalations to this person go'),
  phone: z
    .string()
    .regex(/^(\+?86)?1\d{10}$/, 'phone: a mainland China mobile number, e.g. 13800138000 or +8613800138000')
    .optional()
    .describe('Where SMS escalations to this person go'),
  roles: z.record(z.string(), z.array(z.string().min(1)).min(1)).describe('site id → roles held there'),
});
export type User = z.infer<typeof UserSchema>;

export const UsersFileSchema = z.object({ users: z.array(UserSchema).min(1) });
