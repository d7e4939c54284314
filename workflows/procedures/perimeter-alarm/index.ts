import type { ProcedureDefinition } from '../../engine';
import { documents } from './documents';
import { events, eventsV2, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { perimeterAlarmMachine } from './machine';
import { perimeterAlarmMachineV2, policeWereCalled } from './machine-v2';
import { latePoliceCaseNumber } from '../shared/late-facts';
import { policy, policyV2 } from './policy';

/** Perimeter alarm (周界报警应急处理), version 1: what cases opened before version 2 shipped run to their end. */
export const perimeterAlarmV1: ProcedureDefinition = {
  id: 'perimeter-alarm',
  version: 1,
  numberPrefix: 'ZJ',
  machine: perimeterAlarmMachine,
  start,
  events,
  policy,
  i18n: { 'zh-CN': zhCN, en },
  example: { by: 'monitor_guard', data: { zone: 'north-wall-3' } },
  documents,
  // A signed alarm from a perimeter panel opens a case by itself (POST /hooks/alarm-panel).
  triggers: [
    {
      source: 'alarm-panel',
      role: 'alarm_panel',
      toIntake: (alarm) => ({
        zone: alarm.zone,
        source: 'panel',
        panelEventId: alarm.eventId,
        ...(alarm.description ? { description: alarm.description } : {}),
      }),
    },
  ],
};

/**
 * Version 2 (issue 18, 城市花园盗窃事件应急处理预案 clause by clause): the commander is a person of the site's staff;
 * management reports are delivered as notices and each has its filer; customer service gives the resident's notice;
 * the wait on the police has a deadline, a ladder and an exit, and the police case number may come later; the
 * apartment-entry tick only where the site has apartments; the yearly drill reminder goes to the office director.
 */
export const perimeterAlarmV2: ProcedureDefinition = {
  ...perimeterAlarmV1,
  version: 2,
  machine: perimeterAlarmMachineV2,
  events: eventsV2,
  policy: policyV2,
  // 七.14: the police case number, often known only after the case closed, by those who may add it while it runs.
  lateFacts: {
    police_case_number_added: latePoliceCaseNumber(eventsV2.police_case_number_added.roles, policeWereCalled),
  },
};

/** Every version, oldest first: the registry's one line. New cases get the newest; open ones keep theirs. */
export const perimeterAlarm = [perimeterAlarmV1, perimeterAlarmV2] as const;
