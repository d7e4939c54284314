import type { ProcedureDefinition } from '../../engine';
import { confidentialRoles, events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { internalTheftMachine } from './machine';
import { policy } from './policy';

export const internalTheft: ProcedureDefinition = {
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
  // 二.1(4): no one outside loss prevention (and company leadership, who decide 一.5) sees the case.
  visibleTo: confidentialRoles,
};
