import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { instant, note, personName as name, phone, photos } from '../shared/fields';

/**
 * Data of each step of residential theft (盗窃事件处理程序管理制度范本 一 住户发现 and 二 员工发现, with the scene rules of
 * 花园物业盗窃案件处理流程 4.3–4.10), with the roles that may send it.
 */

export const TheftReportedSchema = z.object({
  discoveredBy: z
    .enum(['resident', 'staff'])
    .describe('一: a resident reports the theft; 二: staff find a forced door'),
  unit: z.string().trim().min(1).max(64).describe('The unit (building and flat) that was burgled'),
  discoveredAt: instant.optional().describe('When it was discovered, if before the report'),
  reporterName: z.string().trim().max(64).optional(),
  reporterPhone: phone.optional(),
  description: z.string().trim().min(1).max(4000).describe('What was found and how (一.1: time and place)'),
});

export const SceneSecuredSchema = z.object({
  guards: z.array(name).min(1).describe('Guards posted outside the unit (一.2, 二.3)'),
  sceneUntouched: z.literal(true, { error: 'nobody may enter the scene or touch anything before the police (二.1)' }),
  outsidersKeptOut: z.literal(true, { error: 'keep everyone not concerned away from the unit (一.2)' }),
  exitsWatched: z.boolean().describe('Gates told to check people leaving (一.3)'),
  note,
});

const policeDecision = z.enum(['already_reported', 'report_now', 'no_police']);
export type PoliceDecision = z.infer<typeof policeDecision>;

export const ResidentDecidedSchema = z.object({
  residentConfirmedLoss: z.boolean().describe('The resident came back and confirmed what is missing (二.4)'),
  loss: z.string().trim().max(4000).optional().describe('What is missing'),
  police: policeDecision.describe('The resident decides whether the police are called (一.1, 二.4)'),
  note,
});

export const PoliceArrivedSchema = z.object({
  officerName: name,
  badgeNumber: z.string().trim().min(1).max(32),
  policeCaseNumber: z.string().trim().min(1).max(64),
  ledToScene: z.literal(true, { error: 'identify yourself and lead the police to the scene (一.4)' }),
  handoverNotes: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .describe('Time of the theft and of the report, who guarded the scene (花园 4.10)'),
  note,
});

export const CctvReviewedSchema = z.object({
  cameras: z.array(z.string().trim().min(1).max(64)).min(1).describe('Cameras whose recordings were reviewed'),
  findings: z.string().trim().min(1).max(4000),
  footageKept: z.literal(true, { error: 'keep the reviewed footage as evidence' }),
  footageToPolice: z.boolean().optional().describe('Footage handed to the police'),
});

export const ResidentFollowedUpSchema = z.object({
  outcome: z.string().trim().min(1).max(4000).describe('What the resident was told'),
  residentSatisfied: z.boolean().optional(),
});

export const ReportFiledSchema = z.object({
  summary: z.string().trim().min(1).max(8000).describe('The whole incident, as recorded (注: 记录整件)'),
  cause: z.string().trim().min(1).max(4000).describe('How the theft happened (注: 调查有关案发原由)'),
  securityGaps: z.string().trim().max(4000).optional().describe('State of estate security and what should change'),
});

export const ExitsControlledSchema = z.object({
  exitsChecked: z.literal(true, { error: 'gates check and register everyone leaving (一.3, 花园 4.3)' }),
  entrySuspended: z.boolean().describe('Residents and visitors asked to wait before going in or out (一.3)'),
  note,
});

const securityLead = ['squad_leader', 'security_captain'] as const;
const managers = ['security_captain', 'office_director'] as const;

/** Events of version 1. */
export const events = {
  scene_secured: { schema: SceneSecuredSchema, roles: ['patrol_guard', ...securityLead] },
  resident_decided: { schema: ResidentDecidedSchema, roles: ['cs_agent', ...securityLead, 'office_director'] },
  police_arrived: { schema: PoliceArrivedSchema, roles: [...managers] },
  cctv_reviewed: { schema: CctvReviewedSchema, roles: ['monitor_guard', ...securityLead] },
  resident_followed_up: { schema: ResidentFollowedUpSchema, roles: ['cs_agent', 'office_director'] },
  report_filed: { schema: ReportFiledSchema, roles: [...managers] },
} satisfies Record<string, EventSpec>;

/** Events of version 2: the gates' exit control is a step of its own, confirmed by the gate. */
export const eventsV2 = {
  ...events,
  exits_controlled: { schema: ExitsControlledSchema, roles: ['gate_guard', ...securityLead] },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = {
  schema: TheftReportedSchema,
  roles: ['cs_agent', 'monitor_guard', 'patrol_guard', ...securityLead],
};

// ---- Version 3 (issue 18): the police told at once, a theft in progress, injury, media and witnesses. ----

/** Intake of version 3: version 2's, and whether the thief is at work now (楚世家 1.3.2). */
export const TheftReportedSchemaV3 = TheftReportedSchema.extend({
  inProgress: z
    .boolean()
    .optional()
    .describe('楚世家 1.3.2: the thief is at work now (the in-progress branch); otherwise found after the fact'),
});

const policeCaseNumber = z.string().trim().min(1).max(64);

/** 花园 4.2, 楚世家 1.3.3: once the theft is confirmed, 110 is called at once; a resident may have called already. */
export const PoliceCalledSchema = z.object({
  calledBy: z
    .enum(['estate', 'resident'])
    .describe('Who dialled 110: the estate (花园 4.2, 楚世家 1.3.3), or the resident before us (范本 一.1)'),
  policeCaseNumber: policeCaseNumber.optional().describe('If the police gave one; it can be added later'),
  note,
});

/** The resident reports at the police station themselves: nobody is awaited at the door. */
export const ResidentReportsAtStationSchema = z.object({
  station: z.string().trim().max(128).optional().describe('Which police station'),
  note,
});

/** 范本 一.4: the police at the door; the case number is rarely given there, so it is optional (added later). */
export const PoliceArrivedSchemaV3 = PoliceArrivedSchema.extend({
  badgeNumber: z.string().trim().max(32).optional(),
  policeCaseNumber: policeCaseNumber.optional().describe('If given at the door; it can be added later'),
  // 范本 一.2, 花园 4.4, 楚世家 1.3.3: the scene as kept for the police — the way in, opened cabinets and drawers.
  photos: photos('Photos of the scene as kept for the police'),
});

/** The police do not come (declined, or not there by the deadline and the ladder): the case goes on without them. */
export const PoliceNotComingSchema = z.object({
  reason: z.enum(['declined', 'no_show', 'referred_to_station']).describe('Why no officer is coming'),
  advice: z.string().trim().max(2000).optional().describe('What the police said to do'),
  note,
});

/** The police case number, when it becomes known (any time after the police were told). */
export const PoliceCaseNumberAddedSchema = z.object({ policeCaseNumber, note });

/** 范本 二.4: the resident came back and confirmed the loss (the police are no longer the resident's decision). */
export const ResidentConfirmedSchema = z.object({
  residentConfirmedLoss: z.boolean().describe('The resident came back and confirmed what is missing (二.4)'),
  loss: z.string().trim().max(4000).optional().describe('What is missing'),
  note,
});

/** 范本 二.4: the resident could not be reached from the records; customer service keeps trying in the follow-up. */
export const ResidentUnreachableSchema = z.object({
  attempts: z.number().int().min(1).max(100).describe('Calls and visits tried'),
  note,
});

/** 楚世家 1.3.2: caught in the act — alarm raised, support gathered, every post warned, the thief subdued. */
export const SuspectCaughtSchema = z.object({
  alarmRaised: z.literal(true, { error: 'raise the alarm at once (发出信号, 楚世家 1.3.2)' }),
  supportCalled: z.literal(true, { error: 'call nearby guards or people to help (召集支援, 楚世家 1.3.2)' }),
  postsAlerted: z.literal(true, { error: 'warn every post so the thief cannot slip out (通知各岗, 楚世家 1.3.2)' }),
  suspect: z.string().trim().min(1).max(2000).describe('Who was caught: features, what they carried'),
  evidence: z.array(z.string().trim().min(1).max(200)).max(100).describe('Items kept as evidence'),
  note,
});

/** 楚世家 1.3.2: the thief got away; the case continues as a theft found after the fact (scene, police, resident). */
export const SuspectEscapedSchema = z.object({
  direction: z.string().trim().max(200).optional().describe('Which way they went'),
  postsAlerted: z.literal(true, { error: 'warn every post so the thief cannot slip out (通知各岗, 楚世家 1.3.2)' }),
  note,
});

/** 楚世家 1.3.2: the suspect and the evidence go to the police; the owner, if there, goes along as a witness. */
export const SuspectHandedOverSchema = z.object({
  to: z
    .enum(['police_on_scene', 'taken_to_station'])
    .describe('Officers took the suspect here, or staff took them to the station (the police did not come)'),
  officerName: name.optional(),
  badgeNumber: z.string().trim().max(32).optional(),
  policeCaseNumber: policeCaseNumber.optional().describe('If given; it can be added later'),
  evidenceHandedOver: z.literal(true, { error: 'hand the evidence to the police with the suspect (楚世家 1.3.2)' }),
  photos: photos('Photos of the evidence handed over with the suspect (楚世家 1.3.2)'),
  ownerWitness: z
    .enum(['went_along', 'not_present', 'declined'])
    .describe('The owner goes to the police as a witness (失主…一起到公安机关作证)'),
  note,
});

/** 花园 4.5–4.6: someone hurt — first aid at once, to hospital, protected from the attacker. */
export const InjuryReportedSchema = z.object({
  injured: z.string().trim().min(1).max(2000).describe('Who is hurt and how'),
  firstAidGiven: z.literal(true, { error: 'give first aid at once (花园 4.5)' }),
  toHospital: z.boolean().describe('Taken or sent to hospital (花园 4.5)'),
  victimProtected: z.literal(true, { error: 'protect the injured from the attacker while helping (花园 4.6)' }),
  note,
});

/** 范本 一.3, 花园 4.8: the press kept out of the scene; an interview request handled by management. */
export const MediaEnquiryHandledSchema = z.object({
  outlet: z.string().trim().min(1).max(200).describe('Who asked (paper, station, account)'),
  keptOutOfScene: z.literal(true, { error: 'keep the press out of the unit (范本 一.3)' }),
  response: z.string().trim().min(1).max(2000).describe('What they were told (花园 4.8: 认真对待)'),
  note,
});

/** 楚世家 1.3.4: for a major case, the owner's and witnesses' accounts written down for the police. */
export const WitnessStatementRecordedSchema = z.object({
  witness: name,
  relation: z.enum(['owner', 'witness']).describe('The owner (事主) or a witness (目击者)'),
  account: z.string().trim().min(1).max(8000).describe('What they saw or know'),
  contact: z.string().trim().max(128).optional(),
  note,
});

const anyManager = ['security_captain', 'office_director'] as const;
const desk = ['cs_agent', 'monitor_guard', ...securityLead, 'office_director'] as const;

/**
 * Events of version 3. The resident no longer decides whether the police come (花园 4.2, 楚世家 1.3.3): `police_called`
 * replaces that choice and `resident_confirmed` the resident's part of `resident_decided`.
 */
export const eventsV3 = {
  scene_secured: events.scene_secured,
  exits_controlled: eventsV2.exits_controlled,
  police_called: { schema: PoliceCalledSchema, roles: [...desk] },
  resident_reports_at_station: { schema: ResidentReportsAtStationSchema, roles: [...desk] },
  police_arrived: { schema: PoliceArrivedSchemaV3, roles: [...anyManager] },
  police_not_coming: { schema: PoliceNotComingSchema, roles: [...desk] },
  police_case_number_added: { schema: PoliceCaseNumberAddedSchema, roles: [...desk], optional: true },
  resident_confirmed: { schema: ResidentConfirmedSchema, roles: ['cs_agent', ...securityLead, 'office_director'] },
  resident_unreachable: { schema: ResidentUnreachableSchema, roles: ['cs_agent', ...securityLead, 'office_director'] },
  suspect_caught: { schema: SuspectCaughtSchema, roles: ['patrol_guard', 'gate_guard', ...securityLead] },
  suspect_escaped: {
    schema: SuspectEscapedSchema,
    roles: ['patrol_guard', 'gate_guard', 'monitor_guard', ...securityLead],
  },
  suspect_handed_over: { schema: SuspectHandedOverSchema, roles: [...securityLead, 'office_director'] },
  injury_reported: { schema: InjuryReportedSchema, roles: ['patrol_guard', ...securityLead], optional: true },
  media_enquiry_handled: { schema: MediaEnquiryHandledSchema, roles: [...anyManager], optional: true },
  witness_statement_recorded: {
    schema: WitnessStatementRecordedSchema,
    roles: ['cs_agent', ...securityLead, 'office_director'],
    optional: true,
  },
  cctv_reviewed: events.cctv_reviewed,
  resident_followed_up: events.resident_followed_up,
  report_filed: events.report_filed,
} satisfies Record<string, EventSpec>;

/** Who opens a version-3 case: version 1's roles; the intake may say the theft is in progress. */
export const startV3: EventSpec = { schema: TheftReportedSchemaV3, roles: start.roles };
