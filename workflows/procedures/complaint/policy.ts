import type { ProcedurePolicyInput } from '../../engine';

/**
 * Default deadlines, ladders and thresholds; every value can be overridden in a site's policy file.
 * (seed) = a number the seed states; (policy) = a default chosen here where the seed is silent.
 */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    contact: 'PT10M', // (seed) 规则 2: a department manager or above contacts the customer within 10 minutes
    on_site_visit: 'PT2H', // (policy) 规则 2 says "immediately"; two hours from the contact
    rectification: '1WD', // (seed) 规则 5: rectification notice within one working day
    remedy: '3WD', // (seed) 作业流程 5.3.1: a normal complaint is answered within 3 working days
    temporary_countermeasure: '8WH', // (seed) 5.3.1: major complaint, temporary countermeasure within 8 working hours
    permanent_countermeasure: '2WD', // (seed) 5.3.1: major complaint, permanent countermeasure within 2 working days
    repair_visit_utilities: 'PT4H', // (seed) 规则 8: plumbing/electrical on site within 4 hours
    repair_visit_other: 'PT24H', // (seed) 规则 8: anything else within 24 hours
    follow_up: 'P1D', // (seed) 规则 3: customer service calls back every day
    large_complaint: 'P3D', // (seed) 顾客投诉处理流程 二.3: not settled after three days
    injury_decision: 'PT30M', // (policy) 三.1 says "immediately": the duty manager decides within 30 minutes
  },
  ladders: {
    // (seed) branch_gm at the deadline; (policy) gm 10 minutes later — 规则 1's rungs.
    contact: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT10M', channels: ['in_app', 'email'] },
    ],
    on_site_visit: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT1H', channels: ['in_app', 'email'] },
    ],
    // procedures.md: the department manager's manager, then the general manager (policy: half a working day later).
    rectification: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: '4WH', channels: ['in_app', 'email'] },
    ],
    remedy: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] },
    ],
    temporary_countermeasure: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: '4WH', channels: ['in_app', 'email'] },
    ],
    permanent_countermeasure: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] },
    ],
    // procedures.md: quality inspection's manager — a department manager (质检部经理) — then the general manager.
    repair_visit_utilities: [
      { role: 'dept_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT2H', channels: ['in_app', 'email'] },
    ],
    repair_visit_other: [
      { role: 'dept_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT12H', channels: ['in_app', 'email'] },
    ],
    // (policy) a day without a follow-up call: customer service's department manager is told.
    follow_up: [{ role: 'dept_manager', after: 'PT0S', channels: ['in_app'] }],
    // (seed) 二.3: the company's leadership.
    large_complaint: [{ role: 'executive', after: 'PT0S', channels: ['in_app', 'email'] }],
    injury_decision: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT30M', channels: ['in_app', 'email'] },
    ],
  },
  thresholds: {
    largeClaim: 5000, // (policy) ¥; the seed leaves the amount blank (***元)
    penaltyQcFollowUp: 0, // (seed) 规则 8: counts against quality inspection (军令状), no amount given
    penaltyRepairNotInTime: 100, // (seed) 规则 9
    penaltyDesignerService: 200, // (seed) 规则 10, every complaint
    penaltyUnresolved: 100, // (seed) 规则 11
    penaltyMaterialSupplyLate: 100, // (seed) 规则 12, every complaint
    penaltyMaterialQuality: 300, // (seed) 规则 13
    penaltyEngineering: 100, // (seed) 规则 14
  },
};
