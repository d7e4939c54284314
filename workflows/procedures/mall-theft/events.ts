import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { note, personName, text } from '../shared/fields';

/**
 * Data of each step of a theft discovered in the mall (商场突发盗窃事件应急预案, seed 三.1–三.11), with the roles that may
 * send it. The seed's roles map to the site role table: 安管部经理/主管 → security_captain, 当班班长 → squad_leader,
 * 安管队员 → patrol_guard, 中控室值班员 → monitor_guard, 总经办 → gm. 综合管理部, 设备部 and 企划部 have no role of their
 * own: what they did is recorded by security.
 */

/** The departments the control room calls to the scene (三.1). */
export const supportDepartments = ['general_affairs', 'facilities', 'planning'] as const;

/** Any employee who finds a theft or takes a report opens the case (三.1); a patrol guard who sees one (三.2). */
export const reporterRoles = [
  'cs_agent',
  'dept_manager',
  'ops_manager',
  'monitor_guard',
  'patrol_guard',
  'gate_guard',
  'squad_leader',
  'security_captain',
] as const;
const leads = ['squad_leader', 'security_captain'] as const; // 二.2 当班班长 handles the scene; 二.1 the manager
const onScene = ['patrol_guard', ...leads] as const;

/** The report that opens a case: where, what, and whether the theft is still going on. */
export const TheftReportedSchema = z.object({
  floor: text(32).describe('Floor where it happened (三.1 查清楼层)'),
  location: text(200).describe('Exact place on the floor (三.1 具体位置)'),
  description: text(4000).describe('What was seen or reported'),
  inProgress: z.boolean().default(false).describe('The theft is going on now (三.2)'),
  suspect: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe('Face, build, clothes and other features of the suspect (三.2)'),
});

/** 三.1: the control room watches the cameras on the suspect and calls the other departments to the scene. */
export const MonitoringStartedSchema = z.object({
  cameras: z.array(text(64)).min(1).max(50).describe('Cameras watched'),
  departmentsCalled: z.array(z.enum(supportDepartments)).max(3).describe('Departments called to the scene'),
  note,
});

/** 三.3: guards sent to the scene and the police called at the same time. */
export const GuardsDispatchedSchema = z.object({
  guards: z.array(personName).min(1).max(30).describe('Guards sent to the scene'),
  policeCalled: z.literal(true, { error: 'call the police at the same time as sending guards (三.3 同时向警方报警)' }),
  note,
});

/** 三.4–三.5: what the guards found: the suspect caught, fled, or no theft. */
export const SceneSecuredSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('suspect_caught'),
    statementRecorded: z.literal(true, {
      error: 'question the suspect and write it down before the police come (三.4)',
    }),
    noForceUsed: z.literal(true, {
      error: 'no beating, interrogation or detention; stop owners and bystanders from hitting the suspect (三.4)',
    }),
    note,
  }),
  z.object({
    outcome: z.literal('suspect_fled'),
    sceneProtected: z.literal(true, {
      error: 'protect the scene: nobody enters or comes near, nothing and no door or window is touched (三.5)',
    }),
    note,
  }),
  z.object({
    outcome: z.literal('no_theft'),
    finding: text(2000).describe('What the guards found instead'),
  }),
]);

/** 三.6: someone hurt at the scene; general affairs brings medical help. */
export const InjuryReportedSchema = z.object({
  injured: text(2000).describe('Who is hurt and how'),
  medicalHelpCalled: z.literal(true, { error: 'general affairs calls medical staff to the scene (三.6)' }),
  note,
});

/** 三.7: entrances closed for a time to stop the suspect escaping; damage to facilities counted by facilities. */
export const ExitsClosedSchema = z.object({
  exits: z.array(text(64)).min(1).max(50).describe('Entrances closed'),
  facilityDamage: z.string().trim().max(2000).optional().describe('Damage to mall facilities, for facilities to count'),
  note,
});

/** 三.8: the police arrived; the security manager writes down the officer's rank and number and the report number. */
export const PoliceArrivedSchema = z.object({
  officer: personName.describe('Officer in charge'),
  rank: text(64).describe('Rank (警官官衔)'),
  badgeNumber: text(32).describe('Badge number (编号)'),
  policeCaseNumber: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('Police report number (报案编号), if given now; it can be added later'),
  suspectHandedOver: z.boolean().describe('A caught suspect was handed to the police with the record (三.4)'),
  note,
});

/** No police at the scene: they are not coming, or the victim reports at the station. */
export const PoliceNotComingSchema = z.object({
  reason: z.enum(['police_declined', 'report_at_station', 'other']),
  explanation: text(2000),
});

/** The police report number, once known (三.8). */
export const PoliceCaseNumberAddedSchema = z.object({ policeCaseNumber: text(64) });

/** 三.9–三.11: losses and injuries documented, the record kept, the report to the general manager's office. */
export const ReportFiledSchema = z.object({
  summary: text(8000).describe('What happened and what was done (三.10 做好事件相关记录)'),
  losses: z.string().trim().max(4000).optional().describe('Property lost or damaged (三.9)'),
  evidenceRecorded: z.boolean().describe('Planning took photos or video of losses and injuries (三.9)'),
  witnesses: z
    .array(z.object({ name: personName, phone: z.string().trim().max(32).optional() }))
    .max(50)
    .default([])
    .describe('People involved and witnesses, with their contacts, for the police (三.9)'),
  sentToGeneralOffice: z.literal(true, { error: 'security submits the incident report to 总经办 (三.11)' }),
});

/** Every step of a mall-theft case and the roles that may send it; `optional` steps are notes nobody waits for. */
export const events = {
  monitoring_started: { schema: MonitoringStartedSchema, roles: ['monitor_guard'], optional: true },
  guards_dispatched: { schema: GuardsDispatchedSchema, roles: [...leads] },
  scene_secured: { schema: SceneSecuredSchema, roles: [...onScene] },
  injury_reported: { schema: InjuryReportedSchema, roles: [...onScene], optional: true },
  exits_closed: { schema: ExitsClosedSchema, roles: [...leads], optional: true },
  police_arrived: { schema: PoliceArrivedSchema, roles: ['security_captain'] }, // 三.8 安管部经理
  police_not_coming: { schema: PoliceNotComingSchema, roles: ['security_captain'] },
  police_case_number_added: { schema: PoliceCaseNumberAddedSchema, roles: [...leads], optional: true },
  report_filed: { schema: ReportFiledSchema, roles: ['security_captain'] }, // 三.11 由安管部提交
} satisfies Record<string, EventSpec>;

/** The report that opens a case, and who may make it (三.1, 三.2). */
export const start: EventSpec = { schema: TheftReportedSchema, roles: [...reporterRoles] };
