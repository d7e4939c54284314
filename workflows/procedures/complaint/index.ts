import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintMachine, type ComplaintContext } from './machine';
import { policy } from './policy';

export const complaint: ProcedureDefinition = {
  id: 'complaint',
  version: 1,
  numberPrefix: 'KS',
  machine: complaintMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'cs_agent',
    data: {
      customer: { name: '张女士', phone: '13800138000' },
      channel: 'phone',
      location: 'B1',
      category: 'product',
      description: '牛奶过期',
      request: '退货',
      declinesFollowUp: true,
    },
  },
  // 规则 1: the department manager owns it until escalated by hand or by rule 3.
  owner: (context) => (context as unknown as ComplaintContext).owner,
  // The penalty ledger (rules 8–14): each repeat's charge to the department at fault.
  ledger: (context) =>
    ((context as unknown as ComplaintContext).penalties ?? []).map((p) => ({
      account: p.department,
      amount: p.amount,
      reason: `rule ${p.rule}: ${p.reason}`,
      at: p.at,
    })),
};
