import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintMachine, type ComplaintContext } from './machine';
import { policy } from './policy';
import { ledgerOf } from '../shared/penalties';
import { eventsV2, startV2 } from './v2/events';
import { complaintMachineV2, type DecorationContext } from './v2/machine';
import { policyV2 } from './v2/policy';

/** Version 1: the blend of the seed's complaint SOPs; open cases keep running on it (docs/adding-a-procedure.md). */
export const complaintV1: ProcedureDefinition = {
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

/**
 * Version 2 (issue 19): the home-decoration contractor's procedure, 处理客诉原则及流程 (客诉规则 1–14) clause by
 * clause — the agreed visit watched by a timer (规则 3), a notice for every complaint (规则 4–5) not held up by the
 * read-back, the hand-over to 工程部 (规则 14), and penalties proposed, confirmed and appealable (规则 8–14).
 */
export const complaintV2: ProcedureDefinition = {
  id: 'complaint',
  version: 2,
  numberPrefix: 'KS',
  machine: complaintMachineV2,
  start: startV2,
  events: eventsV2,
  policy: policyV2,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'cs_agent',
    data: {
      customer: { name: '张女士', phone: '13800138000' },
      channel: 'phone',
      location: '星河湾 3 栋 1201',
      category: 'workmanship',
      description: '卫生间漏水,楼下天花板渗水',
      request: '尽快上门维修',
      siteStage: 'under_construction',
    },
  },
  // 规则 1: the department manager owns it until escalated by hand or by rule 3.
  owner: (context) => (context as unknown as DecorationContext).owner,
  // Only confirmed penalties not overturned on appeal reach the ledger (规则 8–14).
  ledger: (context) => ledgerOf((context as unknown as DecorationContext).penalties),
};

/** Every version of the complaint, oldest first. */
export const complaint = [complaintV1, complaintV2] as const;
