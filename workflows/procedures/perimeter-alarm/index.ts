import type { ProcedureDefinition } from '../../engine';
import { documents } from './documents';
import { events, eventsV2, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { perimeterAlarmMachine } from './machine';
import { perimeterAlarmMachineV2, perimeterAlarmMachineV3 } from './machine-v2';
import { policeWereCalled } from './machine-v2';
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

/**
 * Version 3 (issue 18): the commander named must be on duty at the site by its on-duty roster when the step comes
 * (城市花园 七.4 辖区内职务最高人员; config/rosters/, carried in the step's staff records); 七.6's notices and progress
 * reports go to the 物业部经理 (property_manager) instead of the department manager who stood in for the role.
 */
export const perimeterAlarmV3: ProcedureDefinition = {
  ...perimeterAlarmV2,
  version: 3,
  machine: perimeterAlarmMachineV3,
};

/** Every version, oldest first: the registry's one line. New cases get the newest; open ones keep theirs. */
export const perimeterAlarm = [perimeterAlarmV1, perimeterAlarmV2, perimeterAlarmV3] as const;
