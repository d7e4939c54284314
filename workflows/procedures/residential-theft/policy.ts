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

/**
 * Version 2: the scene guarded within 3 minutes, and the gates under control within 10 minutes of the report. Both
 * numbers are site policy: the seed says only "立即" (范本 一.2) and "同时" (花园 4.3).
 */
export const policyV2: ProcedurePolicyInput = {
  // (site policy) 3 min for 范本 一.2 "立即"; (site policy) 10 min for 范本 一.3 / 花园 4.3.
  deadlines: { ...policy.deadlines, scene_guard: 'PT3M', exits_control: 'PT10M' },
  ladders: {
    ...policy.ladders,
    exits_control: twoRungLadder('squad_leader', 'security_captain', 'PT5M'),
  },
};

/**
 * Where each deadline of version 3 comes from: `seed` when the seed states the number, `site-policy` when the seed
 * says only "at once" (立即) or nothing and the number is this project's default for a site to set (shown as such in
 * the timers' labels, zh-CN and en, and in docs/procedures.md). Keys are the timer ids of machine-v3.ts.
 */
export const deadlineBasisV3: Record<string, { basis: 'seed' | 'site-policy'; clause: string }> = {
  scene_guard: { basis: 'site-policy', clause: '范本 一.2 立即; 花园 4.4' },
  exits_control: { basis: 'site-policy', clause: '范本 一.3; 花园 4.3 同时' },
  police_call: { basis: 'site-policy', clause: '花园 4.2; 楚世家 1.3.3 立即' },
  police_arrival: { basis: 'site-policy', clause: '花园 4.4' },
  resident_contact: { basis: 'site-policy', clause: '范本 二.4 尽快' },
  suspect_handover: { basis: 'site-policy', clause: '楚世家 1.3.2' },
  report: { basis: 'site-policy', clause: '范本 注' },
};

/**
 * Version 3: the police called at once and awaited with a deadline, the resident awaited with one, the caught suspect
 * handed over with one. No number here is in the seed (see {@link deadlineBasisV3}): each is site policy.
 */
export const policyV3: ProcedurePolicyInput = {
  deadlines: {
    scene_guard: 'PT3M', // (site policy) 范本 一.2 "立即"; version 2's number, kept
    exits_control: 'PT10M', // (site policy) 范本 一.3, 花园 4.3 "同时"; version 2's number, kept
    police_call: 'PT5M', // (site policy) 花园 4.2, 楚世家 1.3.3 "立即拨打110"
    police_arrival: 'PT30M', // (site policy) 花园 4.4 waits for the police; the seed gives no time
    resident_contact: 'PT1H', // (site policy) 范本 二.4 "尽快返回"
    suspect_handover: 'PT30M', // (site policy) 楚世家 1.3.2 hand the suspect to the police
    report: '1WD', // (site policy) 范本 注
  },
  ladders: {
    scene_guard: policyV2.ladders.scene_guard!,
    exits_control: policyV2.ladders.exits_control!,
    police_call: twoRungLadder('squad_leader', 'security_captain', 'PT5M'),
    police_arrival: twoRungLadder('security_captain', 'office_director', 'PT30M'),
    resident_contact: policy.ladders.resident_contact!,
    suspect_handover: twoRungLadder('security_captain', 'office_director', 'PT15M'),
    report: policy.ladders.report!,
  },
};
