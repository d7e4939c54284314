import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { note } from '../shared/fields';

/** Data of each step of the perimeter-alarm procedure (procedures.md §2), with the roles that may send it. */

export const searchItems = [
  'exits_checked', // 8: gate posts check and register everyone leaving
  'apartment_entry_controlled', // 9: apartment keepers control entry
  'wall_swept_toward', // 10: two groups sweep toward each other from both ends of the wall
  'wall_swept_back', // 10: then back the other way
  'estate_swept', // 10: then the whole estate
] as const;
export type SearchItem = (typeof searchItems)[number];

export const reportKinds = [
  'senior_management', // 15: the result reported to senior management
  'investigation_form', // 16: 突发事件调查表 filled, the resident's unit informed
  'incident_report', // 17: 事故报告 written by the commander
] as const;
export type ReportKind = (typeof reportKinds)[number];

export const AlarmOpenedSchema = z.object({
  zone: z.string().trim().min(1).max(64).describe('Perimeter zone that alarmed, e.g. north-wall-3'),
  source: z.enum(['panel', 'manual']).default('manual'),
  panelEventId: z.string().max(128).optional().describe('Event id from the alarm panel'),
  description: note,
});

export const PatrolDispatchedSchema = z.object({
  patrol: z.array(z.string().trim().min(1).max(64)).min(1).describe('Guards sent to the alarm point'),
  squadLeaderInformed: z.literal(true, { error: 'the squad leader must be informed by radio' }),
  note,
});

export const CamerasTrackedSchema = z.object({
  climbingSeen: z.boolean().describe('Whether someone was seen climbing in on camera'),
  note,
});

export const PatrolArrivedSchema = z.object({ note });

const falseAlarmCauses = ['equipment_fault', 'weather_or_animal', 'staff_or_resident_triggered', 'other'] as const;

export const VerdictGivenSchema = z.discriminatedUnion('verdict', [
  z
    .object({
      verdict: z.literal('false_alarm'),
      cause: z.enum(falseAlarmCauses),
      causeNote: note,
      panelReset: z.literal(true, { error: 'the panel must be reset before a false alarm is closed' }),
      identityVerified: z.boolean().optional().describe('Whoever triggered it was identified (staff or resident)'),
    })
    .refine((v) => v.cause !== 'staff_or_resident_triggered' || v.identityVerified === true, {
      path: ['identityVerified'],
      message: 'identify whoever triggered the alarm before resetting it',
    }),
  z.object({
    verdict: z.literal('intrusion'),
    commander: z.object({ name: z.string().trim().min(1).max(64), role: z.string().min(1).max(64) }),
    captainInformed: z.literal(true, { error: 'the security captain must be informed' }),
    officeInformed: z.literal(true, { error: 'the management office must be informed' }),
    note,
  }),
]);

export const SearchItemDoneSchema = z.object({ item: z.enum(searchItems), note });

export const OutcomeRecordedSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('nothing_found'), note }),
  z.object({
    outcome: z.literal('theft_thief_not_caught'),
    sceneSealed: z.literal(true, { error: 'seal the scene with tape first' }),
    crowdDispersed: z.literal(true, { error: 'disperse the crowd first' }),
    residentInformed: z.literal(true, { error: 'customer service must inform the resident' }),
    residentConfirmedLoss: z.boolean(),
    residentConsentsToPolice: z.boolean().describe('Police are called only with the resident’s consent'),
    loss: z.string().trim().max(2000).optional(),
    note,
  }),
  z.object({
    outcome: z.literal('thief_caught'),
    suspectUnharmed: z.literal(true, { error: 'no one may strike the suspect' }),
    facts: z.string().trim().min(1).max(4000).describe('What was established'),
    note,
  }),
]);

export const PoliceArrivedSchema = z.object({
  officerName: z.string().trim().min(1).max(64),
  badgeNumber: z.string().trim().min(1).max(32),
  policeCaseNumber: z.string().trim().min(1).max(64),
  ledInByGateGuard: z.boolean().describe('The gate guard met the police car and led it to the scene'),
  cctvProvided: z.boolean().describe('CCTV footage handed over'),
  note,
});

export const ReportFiledSchema = z.object({
  report: z.enum(reportKinds),
  summary: z.string().trim().min(1).max(8000),
});

const commanders = ['squad_leader', 'security_captain', 'office_director'] as const;

export const events = {
  patrol_dispatched: { schema: PatrolDispatchedSchema, roles: ['monitor_guard', 'squad_leader'] },
  cameras_tracked: { schema: CamerasTrackedSchema, roles: ['monitor_guard'], optional: true },
  patrol_arrived: { schema: PatrolArrivedSchema, roles: ['patrol_guard', 'squad_leader'] },
  verdict_given: { schema: VerdictGivenSchema, roles: ['patrol_guard', ...commanders] },
  search_item_done: { schema: SearchItemDoneSchema, roles: ['patrol_guard', 'gate_guard', ...commanders] },
  outcome_recorded: { schema: OutcomeRecordedSchema, roles: [...commanders] },
  police_arrived: { schema: PoliceArrivedSchema, roles: ['gate_guard', ...commanders] },
  report_filed: { schema: ReportFiledSchema, roles: ['cs_agent', ...commanders] },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = {
  schema: AlarmOpenedSchema,
  roles: ['monitor_guard', 'squad_leader', 'security_captain'],
};
