import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { mallTheftMachine, policeCame } from './machine';
import { latePoliceCaseNumber } from '../shared/late-facts';
import { policy } from './policy';

/**
 * A theft discovered in the mall (商场突发盗窃事件应急预案), as distinct from shoplifting at the tills (store-theft). A
 * changed machine ships as a new version beside this one: see docs/adding-a-procedure.md.
 */
export const mallTheft: ProcedureDefinition = {
  id: 'mall-theft',
  version: 1,
  numberPrefix: 'SC',
  machine: mallTheftMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  // 三.8: the report number, often known only after the case closed, by those who may add it while it runs.
  lateFacts: {
    police_case_number_added: latePoliceCaseNumber(events.police_case_number_added.roles, policeCame),
  },
  example: {
    by: 'patrol_guard',
    data: { floor: 'B1', location: '超市入口东侧储物柜', description: '顾客报储物柜被撬', inProgress: false },
  },
};
