import { z } from 'zod';
import { CaseViewSchema } from '../../workflows/engine';
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

/** POST /cases/:id/addenda: a fact added to a closed case (issue 18 point 2). */
export const AddendumBodySchema = z.object({
  type: z
    .string()
    .min(1)
    .max(64)
    .describe('The fact, named as the step that records it while the case is open, e.g. police_case_number_added'),
  data: z.record(z.string(), z.unknown()).default({}).describe('The fact’s data, validated by the procedure'),
  role: z.string().optional().describe('Role to act in; defaults to the first of mine the procedure lets add it'),
});
export type AddendumBody = z.infer<typeof AddendumBodySchema>;

export const CaseIdParamsSchema = z.object({ id: z.string().min(1).max(200) });

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'Idempotency-Key: 1–128 letters, digits, _ . : -')
  .optional();

/** Path of POST /cases/:id/escalations/:n/ack. */
export const EscalationAckParamsSchema = CaseIdParamsSchema.extend({
  n: z.coerce.number().int().positive().describe('Escalation number within the case, from 1'),
});
export type EscalationAckParams = z.infer<typeof EscalationAckParamsSchema>;

/** A case as the caller sees it: the view plus the events the caller's roles may send now. */
export const CaseViewForMeSchema = CaseViewSchema.extend({
  allowedEventsForMe: z.array(z.string()).describe('Events of allowedEvents that the caller’s roles may send'),
  blockedEventsForMe: z
    .array(z.object({ type: z.string(), reasons: z.array(z.string()).describe('The refusing rules, in words') }))
    .describe('Steps the current state accepts from the caller’s roles but a rule of the procedure refuses now'),
  lateFactsForMe: z
    .array(z.string())
    .describe('Facts of lateFacts the caller’s roles may add to this closed case now (POST /cases/{id}/addenda)'),
  documents: z
    .array(z.string())
    .describe('Printable documents of the case: GET /cases/{id}/documents/{document} answers a PDF'),
  owner: z
    .string()
    .nullable()
    .describe(
      'The role that owns the case now, where its procedure names one (the complaint’s dept_manager, raised to ' +
        'branch_gm and gm); null otherwise',
    ),
});
