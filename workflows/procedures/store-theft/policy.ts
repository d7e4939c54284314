import type { ProcedurePolicyInput } from '../../engine';
import { twoRungLadder } from '../shared/ladders';

/** Default deadlines and ladders; every value can be overridden in a site's policy file. */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    // (policy) the seed says "immediately" (班长应立即赶到现场, 5.1.3); procedures.md sets 3 minutes.
    squad_leader_arrival: 'PT3M',
    // (policy) the seed has no limit; a customer in the office is there of their own will, so a long stay is flagged.
    interview_decision: 'PT30M',
    // (policy) the seed names the recipient (预案 11, 总经办) but no limit.
    report: '1WD',
  },
  ladders: {
    // (policy) remind the squad leader at once, then tell the security captain.
    squad_leader_arrival: twoRungLadder('squad_leader', 'security_captain', 'PT2M'),
    // procedures.md: the security captain is alerted; (policy) the general manager half an hour later.
    interview_decision: [
      { role: 'security_captain', after: 'PT0S', channels: ['in_app', 'email'] },
      { role: 'gm', after: 'PT30M', channels: ['in_app', 'email'] },
    ],
    // (policy) the security department owes the report; the general manager's office hears a day later.
    report: twoRungLadder('security_captain', 'gm', '1WD'),
  },
};
