import type { ProcedureDefinition } from '../../engine';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { storeTheftMachine } from './machine';
import { policy } from './policy';

export const storeTheft: ProcedureDefinition = {
  id: 'store-theft',
  version: 1,
  numberPrefix: 'SD',
  machine: storeTheftMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: {
    by: 'gate_guard',
    data: { location: '3F', description: '黑色外套', suspectGender: 'male', postsAlerted: true },
  },
};
