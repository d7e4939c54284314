import { z } from 'zod';
import { json, named, problems, signedIn, signedInOrCookie, type PathConfig } from '../openapi/tools';
import { MonthlyReportQuerySchema, MonthlyReportSchema } from './monthly';
import { LedgerReportQuerySchema, LedgerReportSchema, OverdueReportQuerySchema, OverdueReportSchema } from './schemas';

/** The reports, as the OpenAPI document describes them (api/reports/router.ts and monthly.ts serve them). */
export const reportPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/reports/ledger',
    operationId: 'ledgerReport',
    tags: ['reports'],
    summary: 'Penalty ledger',
    description:
      'Every charge of procedures that keep a ledger (complaint rules 8–14), with totals per department; JSON or CSV.',
    security: signedInOrCookie,
    request: { query: LedgerReportQuerySchema },
    responses: {
      200: {
        description: 'The ledger',
        content: {
          ...json(named('LedgerReport', LedgerReportSchema)),
          'text/csv': { schema: z.string().describe('Header line, then one line per charge') },
        },
      },
      ...problems(401, 403, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/reports/overdue',
    operationId: 'overdueReport',
    tags: ['reports'],
    summary: 'Overdue and escalation statistics',
    description: 'Per site, procedure and deadline timer, for the caller’s sites; JSON, or CSV with format=csv.',
    security: signedInOrCookie,
    request: { query: OverdueReportQuerySchema },
    responses: {
      200: {
        description: 'The report',
        content: {
          ...json(named('OverdueReport', OverdueReportSchema)),
          'text/csv': { schema: z.string().describe('Header line, then one line per row') },
        },
      },
      ...problems(401, 403, 422, 503),
    },
  },
  {
    method: 'get',
    path: '/reports/monthly',
    operationId: 'monthlyReport',
    tags: ['reports'],
    summary: 'Overdue rate and time-to-step per month',
    description:
      'For the manager dashboard’s charts: cases started per month (in each site’s own time zone), how many passed a deadline, and how long each deadline’s step took on average (steps that came only).',
    security: signedIn,
    request: { query: MonthlyReportQuerySchema },
    responses: {
      200: {
        description: 'One entry per month, oldest first',
        content: json(named('MonthlyReport', MonthlyReportSchema)),
      },
      ...problems(401, 422, 503),
    },
  },
];
