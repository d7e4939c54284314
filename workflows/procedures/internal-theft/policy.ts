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

/**
 * Version 2: as version 1, plus company leadership's answer to a proposal within 2 working days, and what a site lets
 * loss prevention propose (thresholds, read by the machine's outcomePolicyOf). The thresholds default to the seed's
 * values; a site whose rules or Chinese labour law say otherwise sets its own, e.g. `compensationMultipleMax: 0` (no
 * compensation), `compensationCapYuan: 2000` (a cap in yuan), `residenceNotice: 0` (no notices), `dismissal: 0`.
 */
export const policyV2: ProcedurePolicyInput = {
  deadlines: { ...policy.deadlines, leadership_decision: '2WD' }, // (policy) the seed sets no time for 二.2(5)
  ladders: {
    ...policy.ladders,
    leadership_decision: [
      { role: 'executive', after: 'PT0S', channels: ['in_app', 'email'] }, // (policy) leadership reminded
      { role: 'lp_supervisor', after: '1WD', channels: ['in_app', 'email'] }, // (policy) the proposer chases it
    ],
  },
  thresholds: {
    dismissal: 1, // (seed) 一.8 一律辞退: dismissal may be proposed; 0 rules it out
    compensationMultipleMin: 1, // (seed) 一.8 1—10 倍
    compensationMultipleMax: 10, // (seed) 一.8; 0 = no compensation
    compensationCapYuan: 0, // (policy) no cap; a site may cap the amount in yuan
    residenceNotice: 1, // (seed) 一.7 通报; 0 rules the notice out
  },
};
