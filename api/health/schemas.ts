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

/** One dependency's answer in GET /readyz (api/health/router.ts). */
export const ReadinessCheckSchema = z.object({
  status: z.enum(['ok', 'failed']),
  detail: z.string().optional().describe('failed: why, e.g. the connection error'),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheckSchema>;

/** GET /readyz's answer when every dependency answers (a 503 problem carries the same `checks`). */
export const ReadinessSchema = z.object({
  status: z.literal('ok'),
  checks: z.record(z.string(), ReadinessCheckSchema).describe('temporal always; records when DATABASE_URL is set'),
});

/** GET /livez's answer: the process is up (no dependency is checked). */
export const LivenessSchema = z.object({ status: z.literal('ok') });
