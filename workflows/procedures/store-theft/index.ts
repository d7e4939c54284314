import type { ProcedureDefinition } from '../../engine';
import { events, eventsV2, eventsV3, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { latePoliceCaseNumber } from '../shared/late-facts';
import { policeInvolved, storeTheftMachine, storeTheftMachineV2, storeTheftMachineV3 } from './machine';
import { policy } from './policy';

/** Store theft interception (商场偷盗处理), version 1: what cases opened before version 2 shipped run to their end. */
export const storeTheftV1: ProcedureDefinition = {
  id: 'store-theft',
  version: 1,
  numberPrefix: 'SD',
  machine: storeTheftMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  // Issue 18 point 2: the police case number, known only after the case closed, added by the office that decided the
  // case (预案 4, 8) or the squad leader who reported it (预案 10–11); only where the police were involved.
  lateFacts: {
    police_case_number_added: latePoliceCaseNumber(['ops_manager', 'security_captain', 'squad_leader'], policeInvolved),
  },
  example: {
    by: 'gate_guard',
    data: { location: '3F', description: '黑色外套', suspectGender: 'male', postsAlerted: true },
  },
};

/**
 * Version 2 (issue 18): the female staff member present at a female customer's questioning (偷盗 5.1.3 4)) is a staff
 * user of the site; her recorded steps carry the name and gender an API check (retired in version 3) wrote from the
 * staff records, and the machine requires that gender.
 */
export const storeTheftV2: ProcedureDefinition = {
  ...storeTheftV1,
  version: 2,
  machine: storeTheftMachineV2,
  events: eventsV2,
};

/**
 * Version 3 (issue 18): the same rule judged by the machine on the staff records the step carries (the engine's
 * `people` facts): `female_staff_present` naming someone the records do not give as female is refused.
 */
export const storeTheftV3: ProcedureDefinition = {
  ...storeTheftV2,
  version: 3,
  machine: storeTheftMachineV3,
  events: eventsV3,
};

/** Every version, oldest first: the registry's one line. New cases get the newest; open ones keep theirs. */
export const storeTheft = [storeTheftV1, storeTheftV2, storeTheftV3] as const;
