import type { ProcedureDefinition } from '../../engine/definition';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { residentialTheftMachine } from './machine';
import { policy } from './policy';

/** Residential theft (住宅盗窃事件处理). A changed machine ships as a new version beside this one: see docs/adding-a-procedure.md. */
export const residentialTheft: ProcedureDefinition = {
  id: 'residential-theft',
  version: 1,
  numberPrefix: 'ZD',
  machine: residentialTheftMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
};
