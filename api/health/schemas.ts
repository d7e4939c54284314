import { z } from 'zod';

/** GET /healthz's answer (api/health/router.ts). */
export const HealthSchema = z.object({
  status: z
    .enum(['ok', 'degraded'])
    .describe('degraded: the API works but a check (e.g. holiday data) needs attention'),
  temporal: z.literal('ok'),
  checks: z
    .object({
      holidays: z.object({
        status: z.enum(['ok', 'degraded']),
        firstUncoveredDate: z
          .string()
          .optional()
          .describe('First date (YYYY-MM-DD) without the official holiday arrangement that deadlines may reach'),
        sites: z.array(z.string()).optional(),
        detail: z.string(),
      }),
    })
    .optional(),
});
