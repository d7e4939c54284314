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
