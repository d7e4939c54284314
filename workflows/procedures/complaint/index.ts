import type { ProcedureDefinition } from '../../engine/definition';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintMachine } from './machine';
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
};
