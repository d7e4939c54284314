import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { note, photos, text } from '../shared/fields';

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

// Version 2 (issue 18): what changes from version 1, each with its clause of the seed (城市花园 = 盗窃事件应急处理预案).

/** A user id of the site's staff records: the API hands the machine that person's record (EventSpec.people). */
const staffMember = (what: string) =>
  z.string().trim().min(1).max(128).describe(`${what}: user id from the site's staff records (users), not free text`);

/** The roles that may command on scene, lowest rank first (城市花园 四.2: the highest-ranking person present commands). */
export const commanderRanks = ['squad_leader', 'security_captain', 'office_director'] as const;

/** The verdict of version 2: a false alarm as in version 1; an intrusion names its commander by user id. */
export const VerdictGivenSchemaV2 = z.discriminatedUnion('verdict', [
  VerdictGivenSchema.options[0],
  z.object({
    verdict: z.literal('intrusion'),
    // 城市花园 四.2, 七.4: the highest-ranking person of the site on scene; checked against the staff records.
    commander: staffMember('On-scene commander'),
    captainInformed: z.literal(true, { error: 'the security captain must be informed' }),
    officeInformed: z.literal(true, { error: 'the management office must be informed' }),
    note,
  }),
]);

/** 城市花园 四.2, 七.7: a higher-ranking person (the office director) arrives and takes command. */
export const CommandTakenOverSchema = z.object({ commander: staffMember('New on-scene commander'), note });

/** 城市花园 七.6: the commander reports progress to the office director and the property manager throughout. */
export const ProgressReportedSchema = z.object({
  progress: text(4000).describe('What has happened since the last report'),
});

/** 城市花园 七.11.1: the guards seal the scene and disperse the crowd; 七.11.2–3 are customer service's own step. */
export const OutcomeRecordedSchemaV2 = z.discriminatedUnion('outcome', [
  OutcomeRecordedSchema.options[0],
  z.object({
    outcome: z.literal('theft_thief_not_caught'),
    sceneSealed: z.literal(true, { error: 'seal the scene with tape first' }),
    crowdDispersed: z.literal(true, { error: 'disperse the crowd first' }),
    // 城市花园 七.11.1: the scene as protected, for the police (七.14) and the accident report (七.17).
    photos: photos('Photos of the sealed scene: the way in, the damage'),
    note,
  }),
  OutcomeRecordedSchema.options[2],
]);

/**
 * 城市花园 七.11.2–3: customer service tells the resident and others concerned; the resident confirms the loss and is
 * asked whether the police are called.
 */
export const ResidentInformedSchema = z.object({
  residentInformed: z.literal(true, { error: 'customer service must inform the resident' }),
  residentConfirmedLoss: z.boolean().describe('The resident came and confirmed the loss'),
  residentConsentsToPolice: z.boolean().describe('Police are called only with the resident’s consent'),
  loss: z.string().trim().max(2000).optional(),
  note,
});

/** The police case number is rarely given at the door (商场预案 8): it may be added later, when known. */
export const PoliceArrivedSchemaV2 = PoliceArrivedSchema.extend({
  policeCaseNumber: z.string().trim().min(1).max(64).optional(),
});

/** Why the police did not come to the scene. */
export const policeAbsenceReasons = [
  'police_declined', // the police will not come (e.g. told by phone to report at the station)
  'resident_reports_at_station', // the resident goes to the station to report
  'suspect_taken_to_station', // 七.12: the site takes the suspect and the evidence to the station
] as const;

/** No exit from a wait on the police in version 1: they may not come. */
export const PoliceNotComingSchema = z.object({
  reason: z.enum(policeAbsenceReasons),
  note,
});

/** The police case (report) number, added whenever the police give it. */
export const PoliceCaseNumberAddedSchema = z.object({
  policeCaseNumber: z.string().trim().min(1).max(64).describe('The police case (report) number, once known'),
});

/** 城市花园 七.15–17: each report has its filer; 七.16 also tells the customer's unit the result. */
export const ReportFiledSchemaV2 = z.discriminatedUnion('report', [
  z.object({ report: z.literal('senior_management'), summary: text(8000) }),
  z.object({
    report: z.literal('investigation_form'),
    summary: text(8000),
    customerUnit: text(200).describe('The unit (employer) of the customer, told the result'),
    customerUnitInformed: z.literal(true, { error: 'the customer’s unit must be told the result (七.16)' }),
  }),
  // 城市花园 七.17: the accident report with what supports it (photos, the signed report scanned).
  z.object({ report: z.literal('incident_report'), summary: text(8000), attachments: photos('Photos and scans') }),
]);

/**
 * Version 2's steps and roles. Who may send a step is judged in two places: the role here, and what the role list
 * cannot say — which report each role files, that a patrol guard gives only a false-alarm verdict, that the named
 * commander is on the staff and ranks high enough — in the machine's guards (machine-v2.ts).
 */
export const eventsV2 = {
  ...events,
  verdict_given: { schema: VerdictGivenSchemaV2, roles: ['patrol_guard', ...commanders], people: ['commander'] },
  command_taken_over: {
    schema: CommandTakenOverSchema,
    roles: ['security_captain', 'office_director'],
    optional: true,
    people: ['commander'],
  },
  progress_reported: { schema: ProgressReportedSchema, roles: [...commanders], optional: true },
  outcome_recorded: { schema: OutcomeRecordedSchemaV2, roles: [...commanders] },
  resident_informed: { schema: ResidentInformedSchema, roles: ['cs_agent'] },
  police_arrived: { schema: PoliceArrivedSchemaV2, roles: ['gate_guard', ...commanders] },
  police_not_coming: { schema: PoliceNotComingSchema, roles: [...commanders] },
  police_case_number_added: {
    schema: PoliceCaseNumberAddedSchema,
    roles: ['gate_guard', 'cs_agent', ...commanders],
    optional: true,
  },
  report_filed: { schema: ReportFiledSchemaV2, roles: ['cs_agent', ...commanders] },
} satisfies Record<string, EventSpec>;
