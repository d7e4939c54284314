import { z } from 'zod';

/** What a panel posts; sentAt is inside the signed body, so a replayed request cannot refresh it. */
export const AlarmPanelEventSchema = z.object({
  eventId: z.string().min(1).max(128).describe('The panel’s own event id; the same id never starts a second case'),
  zone: z.string().min(1).max(64),
  sentAt: z.iso.datetime({ offset: true }).describe('When the panel sent it; must be within 5 minutes of now'),
  description: z.string().max(2000).optional(),
});
export type AlarmPanelEvent = z.infer<typeof AlarmPanelEventSchema>;

export const AlarmPanelResultSchema = z.object({ caseId: z.string(), number: z.string(), created: z.boolean() });

/** Headers of POST /hooks/alarm-panel (the router reads them itself: the signature is over the raw body). */
export const AlarmPanelHeadersSchema = z.object({
  'X-Panel-Id': z
    .string()
    .min(1)
    .max(64)
    .describe('Id of the panel (config/panels.yaml), which names its secret and site'),
  'X-Signature': z
    .string()
    .regex(/^sha256=[0-9a-f]{64}$/)
    .describe('sha256=<hex HMAC-SHA256 of the raw request body, keyed with the panel’s secret>'),
});
