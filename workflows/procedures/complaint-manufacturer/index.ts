import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintManufacturerMachine } from './machine';
import { policy } from './policy';

/** Customer complaint (manufacturer / sales company) (客户投诉处理（生产/销售企业）). A changed machine ships as a new version beside this one: see docs/adding-a-procedure.md. */
export const complaintManufacturer: ProcedureDefinition = {
  id: 'complaint-manufacturer',
  version: 1,
  numberPrefix: 'ZT',
  machine: complaintManufacturerMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: { by: 'monitor_guard', data: { description: '北门岗报告:示例情况' } },
};
