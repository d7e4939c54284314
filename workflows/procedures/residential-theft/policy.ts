import type { ProcedurePolicyInput } from '../../engine';
import { twoRungLadder } from '../shared/ladders';

/** Default deadlines and ladders; a site overrides any of them under procedures.residential-theft in its policy file. */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    scene_guard: 'PT5M', // (policy) "immediately" (一.2); 城市花园 四.4 asks for effective measures within 5 minutes
    resident_contact: 'PT1H', // (policy) the resident reached and asked to come back "as soon as possible" (二.4)
    report: '1WD', // (policy) the incident report within one working day of the follow-up
  },
  ladders: {
    scene_guard: twoRungLadder('squad_leader', 'security_captain', 'PT5M'),
    resident_contact: twoRungLadder('security_captain', 'office_director', 'PT1H'),
    report: twoRungLadder('security_captain', 'office_director', '1WD'),
  },
};

/** Version 2: the scene guarded within 3 minutes, and the gates under control within 10 minutes of the report. */
export const policyV2: ProcedurePolicyInput = {
  deadlines: { ...policy.deadlines, scene_guard: 'PT3M', exits_control: 'PT10M' },
  ladders: {
    ...policy.ladders,
    exits_control: twoRungLadder('squad_leader', 'security_captain', 'PT5M'),
  },
};
