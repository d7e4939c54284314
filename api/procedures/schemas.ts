import { z } from 'zod';
import { ProcedurePolicySchema, RungSchema } from '../../workflows/engine';
import { SiteIdSchema } from '../ids';

/** Request and response shapes of GET /procedures and GET /procedures/:id; the OpenAPI document uses the same. */

export const ProcedureParamsSchema = z.object({
  id: z.string().min(1).max(64).describe('Procedure id, e.g. perimeter-alarm'),
});

/**
 * GET /procedures: with `site`, only the procedures that site runs (config/sites/<site>.yaml `runs`, issue 19; all
 * when the site names none). The SiteId component as it is, so the document lists the configured sites.
 */
export const ProcedureListQuerySchema = z.object({ site: SiteIdSchema.optional() });

export const ProcedureQuerySchema = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('A given version (a case names its own); the newest when omitted'),
});

const LanguageSchema = z
  .enum(['zh-CN', 'en'])
  .describe('Language of the labels: Accept-Language, zh-CN unless en is preferred');

const JsonSchemaSchema = z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) of the data, as sent');

const LabelsSchema = z.record(z.string(), z.string());

export const ProcedureSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  numberPrefix: z.string().describe('Prefix of the readable case number, e.g. ZJ'),
  name: z.string(),
  description: z.string(),
  startRoles: z.array(z.string()).describe('Roles that may open a case'),
  visibleTo: z.array(z.string()).optional().describe('When set, only these roles see or act on its cases'),
});
export type ProcedureSummary = z.infer<typeof ProcedureSummarySchema>;

export const ProcedureListSchema = z.object({ language: LanguageSchema, procedures: z.array(ProcedureSummarySchema) });

export const ProcedureStateSchema = z.object({
  id: z.string().describe('Dotted state path, as in the case view: responding.awaitingDispatch'),
  parent: z.string().nullable(),
  type: z.enum(['atomic', 'compound', 'parallel', 'final', 'history']),
  name: z.string(),
  guidance: z.string().optional().describe('What staff do in this state'),
  events: z.array(z.string()).describe('Events this state itself accepts (its ancestors may accept more)'),
  timers: z.array(z.string()).describe('Delays (deadline timer ids) that start when the state is entered'),
});

const DataSpecSchema = z.object({
  roles: z.array(z.string()),
  schema: JsonSchemaSchema,
  fields: LabelsSchema.describe('Label of each field the schema names, where the procedure has one'),
  values: LabelsSchema.describe('Label of each enum or constant value the schema names, where the procedure has one'),
});

export const ProcedureEventSchema = DataSpecSchema.extend({ type: z.string(), label: z.string() });

export const ProcedureTimerSchema = z.object({
  id: z.string(),
  name: z.string(),
  deadline: z.string().describe('Default deadline: ISO-8601 duration (PT5M) or working time (1WD, 8WH)'),
  ladder: z.array(RungSchema).describe('Who is told when the deadline passes, rung by rung'),
  states: z.array(z.string()).describe('States whose entry starts this timer'),
});

export const ProcedureVersionSchema = z.object({
  version: z.number().int().positive(),
  openCases: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('Cases of this version still open (null when the workflow service cannot count them)'),
});

export const ProcedureDetailSchema = ProcedureSummarySchema.extend({
  language: LanguageSchema,
  versions: z
    .array(ProcedureVersionSchema)
    .describe('Every version the app runs, oldest first: an open case keeps the version it started with'),
  states: z.array(ProcedureStateSchema),
  start: DataSpecSchema.describe('Intake data and who may open a case'),
  events: z.array(ProcedureEventSchema),
  lateFacts: z
    .array(ProcedureEventSchema)
    .describe(
      'Facts a closed case of this version may still be given (POST /cases/{id}/addenda), e.g. the police case ' +
        'number; each with its JSON Schema, the roles that may add it and its name',
    ),
  timers: z.array(ProcedureTimerSchema),
  policy: ProcedurePolicySchema.describe('Default deadlines, ladders and thresholds; a site may override any'),
  diagram: z.string().describe('Mermaid stateDiagram-v2 of the machine'),
  i18n: z.object({ 'zh-CN': z.record(z.string(), z.unknown()), en: z.record(z.string(), z.unknown()) }),
});
export type ProcedureDetail = z.infer<typeof ProcedureDetailSchema>;
