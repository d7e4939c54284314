import type { ProcedureDefinition } from '../../engine';
import { events, eventsV2, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintManufacturerMachine, complaintManufacturerMachineV2 } from './machine';
import { policy, policyV2 } from './policy';

/**
 * Customer complaint of a manufacturer / sales company (客户投诉处理（生产/销售企业）), from 客户投诉处理作业流程及管理办法
 * and 客户投诉处理程序. A changed machine ships as a new version beside this one: see docs/adding-a-procedure.md.
 */
export const complaintManufacturerV1: ProcedureDefinition = {
  id: 'complaint-manufacturer',
  version: 1,
  numberPrefix: 'ZT',
  machine: complaintManufacturerMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'salesperson',
    data: {
      customer: { name: '李经理', phone: '0755 8888 1234' },
      company: '华南经销商',
      channel: 'phone',
      kind: 'product_quality',
      severity: 'normal',
      product: 'A200 型水泵,批号 2026-11-03',
      description: '到货 20 台中 3 台运转异响',
      readBack: true,
    },
  },
};

/**
 * Version 2: a major complaint has QE's interim countermeasure within 8 working hours and the permanent one within 2
 * working days (作业流程 5.3.1), as two QE steps with their own timers; an ordinary complaint keeps 3 working days.
 */
export const complaintManufacturerV2: ProcedureDefinition = {
  ...complaintManufacturerV1,
  version: 2,
  machine: complaintManufacturerMachineV2,
  events: eventsV2,
  policy: policyV2,
};

/** Every version, oldest first: the registry's one line. New cases get the newest; open ones keep theirs. */
export const complaintManufacturer = [complaintManufacturerV1, complaintManufacturerV2] as const;
