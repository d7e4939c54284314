import type { ProcedureDefinition } from '../../engine';
import { documents } from './documents';
import { events, start } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { perimeterAlarmMachine } from './machine';
import { policy } from './policy';

export const perimeterAlarm: ProcedureDefinition = {
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
