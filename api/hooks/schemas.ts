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
