import { z } from 'zod';
import { fieldGroup, type EventSpec } from '../../../engine';
import { customerContact, note, text } from '../../shared/fields';
import { PenaltyAppealDecidedSchema, PenaltyAppealedSchema, PenaltyConfirmedSchema } from '../../shared/penalties';
import {
  appointmentField,
  completedHasHandover,
  handoverFields,
  handoverOnlyWhenCompleted,
  CaseClosedSchema,
  CustomerContactedSchema,
  EscalatedByHandSchema,
  OnSiteVisitedSchema,
  RecordConfirmedSchema,
  RepairVisitedSchema,
  ResultToldSchema,
  channels,
  departmentOfReason,
  departments,
  ownerRungs,
  repairKinds,
  repeatReasons,
} from '../events';

/**
 * Version 2 of the complaint: the home-decoration contractor's 处理客诉原则及流程 (客诉规则 1–14, 原则 1–3), issue 19.
 * Steps v1 shares unchanged are reused from ../events; what differs is here. 规则 n = 处理客诉原则及流程 流程 n.
 */

const person = text(64);

/** What a decoration customer complains about: the contractor's own kinds (原则 2–3, 规则 8, 10, 12). */
export const decorationCategories = [
  'workmanship', // 原则 2: 施工质量
  'material', // 原则 3, 规则 13: 材料有误或质量问题
  'material_supply', // 规则 12: 材料没有及时供应
  'designer_service', // 规则 10: 设计师服务
  'repair', // 规则 8: 竣工后修补
  'other',
] as const;

/** 规则 7: a site is under construction until the completion acceptance form (竣工验收单) is signed, completed after. */
export const decorationSiteStages = ['under_construction', 'completed'] as const;

/** Intake: the complaint registered by customer service (规则 3: 客服部 follows it). */
export const DecorationComplaintRegisteredSchema = z
  .object({
    customer: customerContact,
    channel: z.enum(channels).describe('How the complaint came in'),
    location: text(200).describe('The construction site (address) the complaint is about'),
    category: z.enum(decorationCategories),
    description: text(4000).describe('What happened, in the customer’s words'),
    request: text(2000).describe('What the customer asks for'),
    declinesFollowUp: z.boolean().default(false).describe('The customer said they want no follow-up calls (规则 6)'),
    siteStage: z
      .enum(decorationSiteStages)
      .default('under_construction')
      .describe('规则 7')
      .meta(fieldGroup('building')),
    ...handoverFields,
  })
  .refine(...completedHasHandover)
  .refine(...handoverOnlyWhenCompleted);
export type DecorationIntake = z.infer<typeof DecorationComplaintRegisteredSchema>;

/** 程序 5.2.3 read-back, given its own end (规则 5): a letter or online customer who cannot be reached. */
export const CustomerUnreachableSchema = z.object({
  attempts: text(500).describe('How and when customer service tried to reach the customer'),
});

/** What caused the complaint, as the rectification notice names it (原则 2–3, 规则 10, 12). */
export const decorationCauses = [
  'designer_service', // 规则 10
  'material_supply_late', // 规则 12
  'workmanship_below_standard', // 原则 2: must be redone
  'material_wrong_or_defective', // 原则 3: must be replaced
  'other',
] as const;

/** 规则 4–5: every complaint gets a rectification notice (整改通知书/单), handed to customer service. */
export const DecorationRectificationIssuedSchema = z
  .object({
    noticeNo: text(64).describe('Number of the rectification notice (整改通知书/单)'),
    responsibleDept: z.enum(departments).default('quality_inspection'),
    cause: z.enum(decorationCauses),
    requiredActions: text(4000),
    redo: z.boolean().default(false).describe('The workmanship is redone (原则 2)'),
    replaceMaterial: z.boolean().default(false).describe('The material is replaced (原则 3)'),
    repairVisit: z
      .enum(repairKinds)
      .optional()
      .describe('The rectification needs a repair visit of this kind')
      .meta(fieldGroup('building')),
    handedToCustomerService: z.literal(true, { error: 'the notice goes to customer service (规则 5)' }),
  })
  .refine((v) => v.cause !== 'workmanship_below_standard' || v.redo, {
    path: ['redo'],
    message: 'workmanship below standard must be redone (原则 2)',
  })
  .refine((v) => v.cause !== 'material_wrong_or_defective' || v.replaceMaterial, {
    path: ['replaceMaterial'],
    message: 'wrong or defective material must be replaced (原则 3)',
  });

/** The department named on the notice reports the rectification done (原则 2–3: 必须整改/必须更换). */
export const RectificationDoneSchema = z.object({
  workDone: text(4000).describe('What was rectified'),
  doneBy: z.array(person).min(1),
});

/** 规则 14: before completion, quality inspection is busy with another complaint of the site or absent: 工程部 takes it. */
export const HandedToEngineeringSchema = z.object({
  reason: z.enum(['qc_handling_another_complaint', 'qc_personal_reason']).describe('Why quality inspection cannot'),
  note,
});

/** 规则 3: the daily follow-up call; a visit time agreed with the customer starts the two-day watch. */
export const DecorationFollowUpCalledSchema = z
  .object({
    reached: z.boolean(),
    outcome: text(2000),
    appointment: appointmentField,
  })
  .refine((v) => v.reached || v.appointment === undefined, {
    path: ['reached'],
    message: 'an appointment needs the customer on the line',
  });

/** 规则 3: someone came for the agreed visit. */
export const AgreedVisitMadeSchema = z.object({ visitors: z.array(person).min(1), findings: text(4000) });

/** 二次投诉 (规则 8–14): the same matter again; the recorder PROPOSES the department's penalty, a manager confirms it. */
export const DecorationRepeatComplaintSchema = z
  .object({
    channel: z.enum(channels),
    description: text(4000),
    reason: z
      .enum(Object.keys(repeatReasons) as [keyof typeof repeatReasons, ...Array<keyof typeof repeatReasons>])
      .describe('Why it came back (rules 8–14)'),
    department: z.enum(departments).describe('Department at fault'),
  })
  .refine((v) => departmentOfReason[v.reason] === undefined || departmentOfReason[v.reason] === v.department, {
    path: ['department'],
    message: 'this reason names its department (rules 8, 10, 11, 12, 14)',
  });

const managers = [...ownerRungs];
/** The departments that may appeal a charge: a department manager, quality inspection, engineering. */
const departmentRoles = ['dept_manager', 'qc_inspector', 'engineering_dept'];

export const eventsV2 = {
  record_confirmed: { schema: RecordConfirmedSchema, roles: ['cs_agent', ...managers] },
  customer_unreachable: { schema: CustomerUnreachableSchema, roles: ['cs_agent'] },
  customer_contacted: { schema: CustomerContactedSchema, roles: managers },
  on_site_visited: { schema: OnSiteVisitedSchema, roles: managers },
  escalated_by_hand: { schema: EscalatedByHandSchema, roles: managers, optional: true },
  handed_to_engineering: {
    schema: HandedToEngineeringSchema,
    roles: ['qc_inspector', ...managers],
    optional: true,
  },
  rectification_issued: {
    schema: DecorationRectificationIssuedSchema,
    roles: ['qc_inspector', 'engineering_dept', ...managers],
  },
  rectification_done: { schema: RectificationDoneSchema, roles: ['qc_inspector', 'engineering_dept', 'dept_manager'] },
  repair_visited: { schema: RepairVisitedSchema, roles: ['qc_inspector', 'engineering_dept', 'dept_manager'] },
  follow_up_called: { schema: DecorationFollowUpCalledSchema, roles: ['cs_agent'] },
  agreed_visit_made: {
    schema: AgreedVisitMadeSchema,
    roles: ['cs_agent', 'qc_inspector', 'engineering_dept', ...managers],
  },
  repeat_complaint_received: {
    schema: DecorationRepeatComplaintSchema,
    roles: ['cs_agent', ...managers],
    optional: true,
  },
  penalty_confirmed: { schema: PenaltyConfirmedSchema, roles: managers },
  penalty_appealed: { schema: PenaltyAppealedSchema, roles: departmentRoles, optional: true },
  penalty_appeal_decided: { schema: PenaltyAppealDecidedSchema, roles: ['branch_gm', 'gm'] },
  result_told: { schema: ResultToldSchema, roles: ['cs_agent', ...managers] },
  case_closed: { schema: CaseClosedSchema, roles: ['cs_agent', ...managers], optional: true },
} satisfies Record<string, EventSpec>;

/** A contractor's staff who take complaints register them: customer service, the managers, QC and engineering. */
export const startV2: EventSpec = {
  schema: DecorationComplaintRegisteredSchema,
  roles: ['cs_agent', ...managers, 'qc_inspector', 'engineering_dept'],
};
