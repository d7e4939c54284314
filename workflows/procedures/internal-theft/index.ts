import type { ProcedureDefinition } from '../../engine';
import { confidentialRolesV2, events, eventsV2, start, startV2 } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { internalTheftMachine, internalTheftMachineV2 } from './machine';
import { policy, policyV2 } from './policy';

/** Internal theft (内盗调查), version 1: what cases opened before version 2 shipped run to their end. */
export const internalTheftV1: ProcedureDefinition = {
  id: 'internal-theft',
  version: 1,
  numberPrefix: 'ND',
  machine: internalTheftMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'lp_officer',
    data: {
      suspect: { name: '张三', employeeNo: 'E1', department: '生鲜部' },
      account: '带出两瓶酒',
      rulesAcknowledged: true,
    },
  },
  // 二.1(4): no one outside loss prevention (and company leadership, who decide 一.5) sees the case. The API scopes
  // lists by procedure, not version, so every version carries the same list: v2's, with LP's assistant supervisors.
  visibleTo: confidentialRolesV2,
};

/**
 * Version 2 (issue 18): the outcome is the loss-prevention supervisor's proposal that company leadership approves,
 * changes or refuses within a deadline (二.2(5)); the site's policy bounds what may be proposed; the employee's own
 * account is a step; a caught employee is handled by an assistant supervisor or above (二.2(1), (3)).
 */
export const internalTheftV2: ProcedureDefinition = {
  ...internalTheftV1,
  version: 2,
  machine: internalTheftMachineV2,
  start: startV2,
  events: eventsV2,
  policy: policyV2,
};

/** Every version, oldest first: the registry's one line. New cases get the newest; open ones keep theirs. */
export const internalTheft = [internalTheftV1, internalTheftV2] as const;
