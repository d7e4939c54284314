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
