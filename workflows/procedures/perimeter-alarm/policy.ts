import type { ProcedurePolicyInput } from '../../engine';
import { twoRungLadder } from '../shared/ladders';

/** Default deadlines and ladders; every value can be overridden in a site's policy file. */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    dispatch: 'PT1M', // (policy) radio the patrol within a minute of the alarm
    patrol_arrival: 'PT5M', // (seed, step 2 and 四.4)
    report: '1WD', // (policy) incident report within one working day of reaching reporting
  },
  ladders: {
    dispatch: [{ role: 'squad_leader', after: 'PT0S', channels: ['in_app'] }],
    patrol_arrival: twoRungLadder('squad_leader', 'security_captain', 'PT5M'),
    report: twoRungLadder('security_captain', 'office_director', '1WD'),
  },
  recurring: {
    // (seed 四.3) the plan is drilled once a year: the security captain is reminded on 1 March to schedule it.
    yearly_drill: { month: 3, day: 1, hour: 9, to: ['security_captain'], channels: ['in_app', 'email'] },
  },
};

/**
 * Version 2 (issue 18): the wait on the police and on customer service's notice to the resident have deadlines and
 * ladders; whether the site has apartments (七.9) is a threshold; the yearly drill reminder goes to the office
 * director, whom 四.1 and 四.3 make responsible for the plan and its drill.
 */
export const policyV2: ProcedurePolicyInput = {
  deadlines: {
    ...policy.deadlines,
    resident_notice: 'PT10M', // (policy) 七.11.2 says "立即" (at once): customer service tells the resident
    police_arrival: 'PT30M', // (policy) the seed gives no time; after it the commander chases or records "not coming"
  },
  ladders: {
    ...policy.ladders,
    resident_notice: twoRungLadder('office_director', 'dept_manager', 'PT15M'),
    police_arrival: [
      { role: 'squad_leader', after: 'PT0S', channels: ['in_app'] },
      { role: 'security_captain', after: 'PT15M', channels: ['in_app', 'email'] },
      { role: 'office_director', after: 'PT30M', channels: ['in_app', 'email'] },
    ],
  },
  thresholds: {
    // (seed 七.9) 城市花园 has apartments (公寓) whose keepers control entry; a site without them sets 0, and then
    // "nothing found" does not wait for the apartment-entry tick.
    hasApartments: 1,
  },
  recurring: {
    // (seed 四.1, 四.3) the 管理处主任/经理 is responsible for the plan and drills it once a year: reminded on 1 March.
    yearly_drill: { month: 3, day: 1, hour: 9, to: ['office_director'], channels: ['in_app', 'email'] },
  },
};
