import { z } from 'zod';

// Field schemas every procedure's steps use (events.ts), written once so that a remark or a name is the same
// everywhere: the same limits, the same description in the OpenAPI document.

/** A free-text remark on a step: optional, trimmed, at most 2000 characters. */
export const note = z.string().trim().max(2000).optional().describe('Free-text remark');

/** Required text: trimmed, 1 to `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** A person's name: trimmed, 1 to 64 characters. */
export const personName = text(64);

/** A phone number as people write it: trimmed, 5–32 digits, spaces and + - ( ). */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^[0-9+()\- ]{5,32}$/, { error: 'a phone number: digits, spaces, + - ( ) only' });
