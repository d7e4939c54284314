import { z } from 'zod';
import { OverdueReportRowSchema, type OverdueReportRow } from '../../workflows/engine';
import { ProcedureIdSchema, SiteIdSchema } from '../ids';

/** GET /reports/overdue: deadlines missed and escalations, per site, procedure and timer; JSON or CSV. */

export const OverdueReportQuerySchema = z.object({
  // Not described here: a description would copy the id schemas inline instead of naming the SiteId and ProcedureId
  // components, whose enums the document fills in (sites from the configuration).
  site: SiteIdSchema.optional(),
  procedure: ProcedureIdSchema.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month: YYYY-MM')
    .optional()
    .describe(
      'Calendar month YYYY-MM of the cases counted, each case in its own site’s time zone (a case opened ' +
        '2026-03-01 07:30 in Beijing is in 2026-03); all time when omitted',
    ),
  format: z.enum(['json', 'csv']).default('json').describe('csv answers text/csv with one line per row'),
  lang: z
    .enum(['zh-CN', 'en'])
    .optional()
    .describe('Language of the CSV’s headings and labels; Accept-Language when omitted'),
});
export type OverdueReportQuery = z.infer<typeof OverdueReportQuerySchema>;

export { OverdueReportRowSchema, type OverdueReportRow };

export const OverdueReportSchema = z.object({
  generatedAt: z.string(),
  filters: z.object({ site: z.string().nullable(), procedure: z.string().nullable(), month: z.string().nullable() }),
  rows: z.array(OverdueReportRowSchema),
});
export type OverdueReport = z.infer<typeof OverdueReportSchema>;

/** GET /reports/ledger: every charge of the procedures that keep a ledger (the complaint penalty ledger), per account. */
export const LedgerReportQuerySchema = OverdueReportQuerySchema;

export const LedgerLineSchema = z.object({
  site: z.string(),
  procedure: z.string(),
  caseId: z.string(),
  number: z.string(),
  account: z.string().describe('Department charged'),
  amount: z.number().describe('¥'),
  reason: z.string(),
  at: z.string(),
});

export const LedgerReportSchema = z.object({
  generatedAt: z.string(),
  filters: z.object({ site: z.string().nullable(), procedure: z.string().nullable(), month: z.string().nullable() }),
  totals: z.array(z.object({ site: z.string(), account: z.string(), amount: z.number(), charges: z.number().int() })),
  lines: z.array(LedgerLineSchema),
});
