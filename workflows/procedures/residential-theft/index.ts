import type { ProcedureDefinition } from '../../engine';
import { events, eventsV2, eventsV3, start, startV3 } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { residentialTheftMachine, residentialTheftMachineV2 } from './machine';
import { policeTold, residentialTheftMachineV3 } from './machine-v3';
import { latePoliceCaseNumber } from '../shared/late-facts';
import { policy, policyV2, policyV3 } from './policy';

/** Residential theft (住宅盗窃事件处理), version 1: what cases opened before version 2 shipped run to their end. */
export const residentialTheftV1: ProcedureDefinition = {
  id: 'residential-theft',
  version: 1,
  numberPrefix: 'ZD',
  machine: residentialTheftMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'cs_agent',
    data: { discoveredBy: 'resident', unit: '3-2-1201', description: '住户回家发现门锁被撬' },
  },
};

/** Version 2: the gates' exit control is its own step (10 min), and the scene is guarded within 3 minutes, not 5. */
export const residentialTheftV2: ProcedureDefinition = {
  ...residentialTheftV1,
  version: 2,
  machine: residentialTheftMachineV2,
  events: eventsV2,
  policy: policyV2,
};

/**
 * Version 3 (issue 18): the police called at once whatever the resident decides (花园 4.2, 楚世家 1.3.3), with a
 * deadline and a branch for police who do not come or a resident who reports at the station; a theft-in-progress
 * branch (楚世家 1.3.2); injury, media and witness steps; the squad leader and the monitoring centre told.
 */
export const residentialTheftV3: ProcedureDefinition = {
  ...residentialTheftV1,
  version: 3,
  machine: residentialTheftMachineV3,
  start: startV3,
  events: eventsV3,
  policy: policyV3,
  // 范本 一.4: the police case number, often known only after the case closed, by those who may add it while it runs.
  lateFacts: {
    police_case_number_added: latePoliceCaseNumber(eventsV3.police_case_number_added.roles, policeTold),
  },
};

/** Every version, oldest first: the registry's one line. New cases get the newest; open ones keep theirs. */
export const residentialTheft = [residentialTheftV1, residentialTheftV2, residentialTheftV3] as const;
