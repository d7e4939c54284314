import { z } from 'zod';
import { ProcedureIdSchema, SiteIdSchema } from '../ids';

export const CreateCaseSchema = z.object({
  procedure: ProcedureIdSchema,
  site: SiteIdSchema,
  data: z.record(z.string(), z.unknown()).default({}).describe('Intake data, validated by the procedure'),
  drill: z.boolean().default(false).describe('A drill: runs the procedure, kept out of statistics'),
  role: z.string().optional().describe('Role to act in; defaults to the first of mine that may open this procedure'),
});
export type CreateCase = z.infer<typeof CreateCaseSchema>;

export const StepBodySchema = z.object({
  type: z.string().min(1).max(64).describe('Event name, e.g. patrol_arrived'),
  data: z.record(z.string(), z.unknown()).default({}),
  role: z.string().optional().describe('Role to act in; defaults to the first of mine the event allows'),
});
export type StepBody = z.infer<typeof StepBodySchema>;

export const CaseIdParamsSchema = z.object({ id: z.string().min(1).max(200) });

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'Idempotency-Key: 1–128 letters, digits, _ . : -')
  .optional();
