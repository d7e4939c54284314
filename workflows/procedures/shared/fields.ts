import { z } from 'zod';

// Field schemas every procedure's steps use (events.ts), written once so that a remark or a name is the same
// everywhere: the same limits, the same description in the OpenAPI document.

/** A free-text remark on a step: optional, trimmed, at most 2000 characters. */
export const note = z.string().trim().max(2000).optional().describe('Free-text remark');

/** Required text: trimmed, 1 to `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** A person's name: trimmed, 1 to 64 characters. */
export const personName = text(64);

/**
 * A phone number in mainland China: a mobile number (11 digits, 1[3-9]…, as `13800138000`, optionally +86 and spaces
 * or dashes between digits) or a landline with its area code (`0755-12345678`), or a 400/800 service number. A
 * 10-digit "mobile" is refused. The examples go with the schema so the form shows one and the API's refusal names it.
 */
export const phone = z
  .string()
  .trim()
  .regex(
    /^(?:(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}|\(?0\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}(?:-\d{1,6})?|[48]00[ -]?\d{3}[ -]?\d{4})$/,
    { error: 'a mainland mobile number (11 digits, 1[3-9]…) or a landline with its area code' },
  )
  .meta({ examples: ['13800138000', '0755-12345678'] });

/** A calendar date, `YYYY-MM-DD` (no time zone: the day as the site counts it); the form shows a date picker. */
export const isoDate = z.iso.date({ error: 'a date written YYYY-MM-DD' }).meta({ examples: ['2026-11-24'] });

/**
 * An instant with its UTC offset (`2026-11-24T14:30:00+08:00`); the form shows a date-and-time picker in the site's
 * time zone and sends the instant with that zone's offset.
 */
export const instant = z.iso
  .datetime({ offset: true, error: 'a date and time with its offset, e.g. 2026-11-24T14:30:00+08:00' })
  .meta({ examples: ['2026-11-24T14:30:00+08:00'] });

/** Who complains and how to reach them: the name and phone every complaint procedure records at intake. */
export const customerContact = z.object({
  name: personName.describe('Customer name'),
  phone: phone.describe('Customer phone'),
});

/** A file kept with the case, as a step references it: uploaded first (POST /cases/:id/attachments), stored by sha256. */
export const AttachmentSchema = z.object({
  name: text(255).describe('File name, e.g. cctv-0312.mp4'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'sha256 must be 64 lowercase hexadecimal digits' })
    .describe('SHA-256 of the file content'),
  size: z.number().int().nonnegative().max(2_000_000_000).describe('Size in bytes'),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/**
 * Photos or files a step may carry (none by default, at most `max`): on a phone the form offers the camera; each is
 * an uploaded file of the case, checked by the API before the step reaches the case (issue 17).
 */
export const photos = (what: string, max = 10) => z.array(AttachmentSchema).max(max).default([]).describe(what);

/**
 * A yes/no question the person may not be able to answer yet: `yes`, `no` or `not_known` (every field of a step must
 * be answerable; a checkbox cannot say "not known"). The form shows the three as choices, named in each procedure's
 * i18n `values`.
 */
export const yesNoUnknown = z.enum(['yes', 'no', 'not_known']);

/** A plain yes/no choice (shown as two named choices rather than a checkbox, so "no" is an answer, not a blank). */
export const yesNo = z.enum(['yes', 'no']);
