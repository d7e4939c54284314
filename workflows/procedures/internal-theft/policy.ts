import type { ProcedurePolicyInput } from '../../engine';

/**
 * Default deadlines and ladders; every value can be overridden in a site's policy file. The seed sets no time limits
 * for internal theft: both deadlines are policy choices of procedures.md §4. Every rung goes to a role that may see
 * the case (loss prevention or leadership), because the case is confidential (二.1(4)).
 */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    supervisor_report: '1WD', // (policy) report to the loss-prevention supervisor within 1 working day of the report
    review: '3WD', // (policy) supervisor review within 3 working days of the report to the supervisor
  },
  ladders: {
    supervisor_report: [
      { role: 'lp_supervisor', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'executive', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
    review: [
      { role: 'lp_supervisor', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'executive', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
  },
};
