import type { ProcedurePolicyInput } from '../../../engine';
import { policy as policyV1 } from '../policy';

/**
 * Version 2's defaults (the home-decoration contractor, 客诉规则 1–14). (seed) = a number the seed states; (policy) = a
 * default chosen here where the seed is silent. A site's policy file may override any of them.
 */
export const policyV2: ProcedurePolicyInput = {
  deadlines: {
    contact: 'PT10M', // (seed) 规则 2: a department manager or above contacts the customer within 10 minutes
    on_site_visit: 'PT2H', // (policy) 规则 2 says "immediately"; two hours from the contact
    read_back: '2WH', // (policy) the read-back (程序 5.2.3) ends well inside 规则 5's working day
    rectification: '1WD', // (seed) 规则 5: rectification notice within one working day
    repair_visit_utilities: 'PT4H', // (seed) 规则 8: plumbing/electrical on site within 4 hours
    repair_visit_other: 'PT24H', // (seed) 规则 8: anything else within 24 hours
    follow_up: 'P1D', // (seed) 规则 3: customer service calls back every day
    agreed_visit: 'P2D', // (seed) 规则 3: nobody came two days running after the agreed time
    penalty_confirmation: '1WD', // (policy) the responsible manager confirms or rejects a proposed penalty
    penalty_appeal: '2WD', // (policy) an appeal is decided within two working days
  },
  ladders: {
    contact: policyV1.ladders.contact!,
    on_site_visit: policyV1.ladders.on_site_visit!,
    // (policy) customer service's department manager: the read-back is customer service's job.
    read_back: [{ role: 'dept_manager', after: 'PT0S', channels: ['in_app'] }],
    rectification: policyV1.ladders.rectification!,
    repair_visit_utilities: policyV1.ladders.repair_visit_utilities!,
    repair_visit_other: policyV1.ladders.repair_visit_other!,
    follow_up: policyV1.ladders.follow_up!,
    // (seed) 规则 3: "第一时间上报总经理".
    agreed_visit: [{ role: 'gm', after: 'PT0S', channels: ['in_app', 'email'] }],
    // (policy) the branch general manager, then the general manager half a working day later.
    penalty_confirmation: [
      { role: 'branch_gm', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: '4WH', channels: ['in_app', 'email'] },
    ],
    penalty_appeal: [{ role: 'gm', after: 'PT0S', channels: ['in_app', 'email'] }],
  },
  thresholds: {
    penaltyQcFollowUp: 0, // (seed) 规则 8: counts against quality inspection (军令状), no amount given
    penaltyRepairNotInTime: 100, // (seed) 规则 9
    penaltyDesignerService: 200, // (seed) 规则 10, every complaint
    penaltyUnresolved: 100, // (seed) 规则 11
    penaltyMaterialSupplyLate: 100, // (seed) 规则 12, every complaint
    penaltyMaterialQuality: 300, // (seed) 规则 13
    penaltyEngineering: 100, // (seed) 规则 14
    penaltyAppealWorkingDays: 3, // (policy) a confirmed penalty may be appealed within 3 working days
  },
};
