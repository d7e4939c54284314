import { z } from 'zod';
import type { EventSpec } from '../../engine';

/** Data of each step of complaint-manufacturer, with the roles that may send it. Event names are facts in the past tense. */

const note = z.string().trim().max(2000).optional().describe('Free-text remark');

export const CaseOpenedSchema = z.object({
  description: z.string().trim().min(1).max(4000).describe('What happened, where'),
});

export const ResponseRecordedSchema = z.object({
  action: z.string().trim().min(1).max(4000).describe('What was done'),
  note,
});

export const CaseClosedSchema = z.object({
  summary: z.string().trim().min(1).max(8000).describe('Outcome and lessons'),
});

export const events = {
  response_recorded: { schema: ResponseRecordedSchema, roles: ['squad_leader', 'security_captain'] },
  case_closed: { schema: CaseClosedSchema, roles: ['security_captain', 'office_director'] },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = {
  schema: CaseOpenedSchema,
  roles: ['monitor_guard', 'squad_leader', 'security_captain'],
};
