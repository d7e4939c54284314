import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintRetailMachine } from './machine';
import { policy } from './policy';

/**
 * Customer complaint of a retail store or a mall (关于各门店顾客投诉处理流程规定 + 艺博家居商场 顾客投诉处理流程, issue 19),
 * run by the demo supermarket and mall. A changed machine ships as a new version beside this one: see
 * docs/adding-a-procedure.md.
 */
export const complaintRetail: ProcedureDefinition = {
  id: 'complaint-retail',
  version: 1,
  numberPrefix: 'MD',
  machine: complaintRetailMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'cs_agent',
    data: {
      customer: { name: '陈女士', phone: '139 1234 5678' },
      channel: 'in_person',
      place: '一楼生鲜区',
      category: 'product',
      subcategory: 'quality',
      description: '昨天购买的酸奶开盖后已变质，保质期内',
      request: '退款并赔偿',
      amountClaimed: 100,
      injury: 'no',
      heardAndApologised: true,
    },
  },
};
