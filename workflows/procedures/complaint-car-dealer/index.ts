import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintCarDealerMachine } from './machine';
import { policy } from './policy';

/**
 * Car dealer after-sales complaint (汽车售后客户投诉处理, issue 19), run by 4S stores. A changed machine ships as a new
 * version beside this one: see docs/adding-a-procedure.md.
 */
export const complaintCarDealer: ProcedureDefinition = {
  id: 'complaint-car-dealer',
  version: 1,
  numberPrefix: 'SH',
  machine: complaintCarDealerMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'cs_agent',
    data: {
      customer: { name: '王先生', phone: '138 0000 0000' },
      channel: 'incoming_call',
      occurredAt: '2026-11-23T15:30:00+08:00',
      place: '售后车间',
      people: '维修技师 张师傅',
      description: '保养后发动机异响，客户来电要求返修',
      nature: 'quality',
      apologised: true,
    },
  },
};
