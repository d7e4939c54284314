import { z } from 'zod';
import { filterText, ProcedureIdSchema, SiteIdSchema } from '../ids';

/** Filters of GET /cases; lists come from the records database when there is one, else Temporal visibility. */
export const ListCasesQuerySchema = z.object({
  procedure: ProcedureIdSchema.optional(),
  site: SiteIdSchema.optional(),
  status: z.enum(['open', 'closed']).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only cases whose next deadline has passed'),
  q: filterText().trim().min(1).max(100).optional().describe('Text: case number or words of the intake'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[\w-]{1,1500}\.[\w-]{22}$/, 'not a cursor this list handed out')
    .optional()
    .describe('nextCursor of the previous page (opaque)'),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuerySchema>;

export const CaseSummarySchema = z.object({
  caseId: z.string(),
  number: z.string(),
  procedure: z.string(),
  site: z.string(),
  state: z.string(),
  status: z.string(),
  drill: z.boolean(),
  nextDueAt: z.string().nullable(),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  escalatedTo: z
    .array(z.string())
    .describe(
      'Roles told as a whole of an escalation not yet acknowledged (a rung the site’s on-duty roster gave to one ' +
        'person is in escalatedToUsers instead)',
    ),
  escalatedToUsers: z
    .array(z.string())
    .describe(
      'User ids of the people the site’s on-duty roster picked for an escalation not yet acknowledged (empty ' +
        'without a records database)',
    ),
  awaitingRoles: z.array(z.string()),
  updatedAt: z.string(),
});

export const CaseListSchema = z.object({ cases: z.array(CaseSummarySchema), nextCursor: z.string().nullable() });

export const InboxItemSchema = CaseSummarySchema.extend({
  reason: z.enum(['awaiting_my_step', 'escalated_to_me']).describe('Why the case is in my inbox'),
});
export const InboxSchema = z.object({ items: z.array(InboxItemSchema) });
