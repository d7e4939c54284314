import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { instant, note, personName as name, phone } from '../shared/fields';

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
