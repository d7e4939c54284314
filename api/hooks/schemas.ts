import { z } from 'zod';

/** An alarm panel allowed to start cases: its secret signs each request; its zones map to one site. */
export const PanelSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  site: z.string().min(1),
  secret: z.string().min(16).optional().describe('HMAC key; or secretEnv naming an environment variable'),
  secretEnv: z.string().optional(),
  zones: z.record(z.string(), z.string()).describe('panel zone → zone name used in the case'),
});
export type Panel = z.infer<typeof PanelSchema>;
export const PanelsFileSchema = z.object({ panels: z.array(PanelSchema) });

/** What a panel posts; sentAt is inside the signed body, so a replayed request cannot refresh it. */
export const AlarmPanelEventSchema = z.object({
  eventId: z.string().min(1).max(128).describe('The panel’s own event id; the same id never starts a second case'),
  zone: z.string().min(1).max(64),
  sentAt: z.iso.datetime({ offset: true }).describe('When the panel sent it; must be within 5 minutes of now'),
  description: z.string().max(2000).optional(),
});
export type AlarmPanelEvent = z.infer<typeof AlarmPanelEventSchema>;

export const AlarmPanelResultSchema = z.object({ caseId: z.string(), number: z.string(), created: z.boolean() });
