/**
 * Longer than 300 lines on purpose: a catalogue, one zod schema per step of complaint handling with the choice lists it
 * names (channels, categories, causes, remedies), each under the seed rule it comes from. The schemas are independent
 * of one another, so the file is read by looking up one step, not top to bottom; split it, and a step's data and its
 * lists would sit in different files.
 */
import { z } from 'zod';
import { askedWhen, choicesBy, fieldGroup, type EventSpec } from '../../engine';
import { customerContact, isoDate, instant, note, phone, text } from '../shared/fields';

/**
 * Data of each step of complaint handling (procedures.md §1), with the roles that may send it.
 * Seed references: 规则 n = 处理客诉原则及流程 rule n; 程序 = 客户投诉处理程序; 作业流程 = 客户投诉处理作业流程及管理办法;
 * 门店规定 = 关于各门店顾客投诉处理流程规定; 顾客投诉处理流程 = the mall's rules (large complaints, injuries).
 */

const person = text(64);

/** The managers who may own a complaint, lowest first: dept_manager → branch_gm → gm (规则 1). */
export const ownerRungs = ['dept_manager', 'branch_gm', 'gm'] as const;
export type OwnerRole = (typeof ownerRungs)[number];

/** Everyone on staff may register a complaint or report a repeat one ("any staff member"). */
export const staffRoles = [
  'cs_agent',
  'dept_manager',
  'branch_gm',
  'gm',
  'qc_inspector',
  'ops_manager',
  'office_director',
  'monitor_guard',
  'patrol_guard',
  'gate_guard',
  'squad_leader',
  'security_captain',
  'lp_officer',
  'lp_supervisor',
] as const;

export const channels = ['phone', 'in_person', 'letter', 'online', 'fax'] as const;

/** 门店规定 (一): the three kinds of complaint; a site may add its own (e.g. 施工质量, 材料, 设计师服务, 材料供应). */
export const categories = ['product', 'service', 'safety', 'site_defined'] as const;
/** 门店规定 (一) 1–3: what each kind covers. */
export const subcategories = {
  product: ['price', 'out_of_stock', 'quality', 'labelling'],
  service: ['staff_attitude', 'checkout', 'service_missing', 'service_error'],
  safety: ['environment', 'accident'],
  site_defined: [],
} as const satisfies Record<(typeof categories)[number], readonly string[]>;
const allSubcategories = [...new Set(Object.values(subcategories).flat())] as [string, ...string[]];

/** 规则 7: a site is under construction until the completion acceptance form is signed, completed after. */
export const siteStages = ['not_construction', 'under_construction', 'completed'] as const;
/** 规则 8: repairs at a completed site — plumbing/electrical on site within 4 h, anything else within 24 h. */
export const repairKinds = ['plumbing_electrical', 'other'] as const;
export type RepairKind = (typeof repairKinds)[number];

export const departments = [
  'quality_inspection', // 质检部 / 品管部: investigates and follows repairs by default
  'design', // 设计师
  'engineering', // 工程部
  'material', // 材料供应
  'project', // 项目经理 / 施工队
  'sales', // 营销部 / 销售
  'customer_service', // 客服部
  'store_operations', // 门店 / 营运
  'other',
] as const;
export type Department = (typeof departments)[number];

export const severities = ['normal', 'major'] as const;
export type Severity = (typeof severities)[number];

/** 规则 7–8, the building-site fields both versions ask (field group `building`): handover date, repair kind. */
export const handoverFields = {
  handoverDate: isoDate
    .optional()
    .describe('Date the completion acceptance form was signed (规则 7–8)')
    .meta({ ...fieldGroup('building'), ...askedWhen('siteStage', ['completed']) }),
  repairKind: z
    .enum(repairKinds)
    .optional()
    .describe('A repair is asked for: plumbing/electrical or other')
    .meta(fieldGroup('building')),
};
type SiteDates = { siteStage: string; handoverDate?: string | undefined };
/** 规则 7: a completed site has its completion acceptance date (a refinement: check and message). */
export const completedHasHandover: [(v: SiteDates) => boolean, { path: string[]; message: string }] = [
  (v) => v.siteStage !== 'completed' || v.handoverDate !== undefined,
  { path: ['handoverDate'], message: 'a completed site has a signed completion acceptance date (规则 7)' },
];
/** 规则 7: only a completed site has a handover date. */
export const handoverOnlyWhenCompleted: [(v: SiteDates) => boolean, { path: string[]; message: string }] = [
  (v) => v.siteStage === 'completed' || v.handoverDate === undefined,
  { path: ['handoverDate'], message: 'only a completed site has a handover date' },
];
/** 规则 3: a visit agreed with the customer on a follow-up call (预约解决时间). */
export const appointmentField = z
  .object({ at: instant, purpose: text(500) })
  .optional()
  .describe('A visit agreed with the customer (预约解决时间)')
  .meta(askedWhen('reached', [true]));

// ---------------------------------------------------------------------------------------------------------------
// Intake: 客户投诉登记表 (程序 5.2.2, 作业流程 5.1.1).

export const ComplaintRegisteredSchema = z
  .object({
    customer: customerContact,
    channel: z.enum(channels).describe('How the complaint came in'),
    location: text(200).describe('Store, construction site or address the complaint is about'),
    category: z.enum(categories),
    siteCategory: text(64)
      .optional()
      .describe('The site’s own category, e.g. 施工质量')
      .meta(askedWhen('category', ['site_defined'])),
    subcategory: z.enum(allSubcategories).optional().meta(choicesBy('category', subcategories)),
    description: text(4000).describe('What happened, in the customer’s words'),
    request: text(2000).describe('What the customer asks for'),
    amountClaimed: z.number().nonnegative().max(100_000_000).optional().describe('Amount claimed (¥), if any'),
    injury: z.boolean().default(false).describe('The customer says they were hurt at the site or by a product'),
    declinesFollowUp: z.boolean().default(false).describe('The customer said they want no follow-up calls (规则 6)'),
    siteStage: z.enum(siteStages).default('not_construction').describe('规则 7').meta(fieldGroup('building')),
    ...handoverFields,
  })
  .refine((v) => v.category !== 'site_defined' || v.siteCategory !== undefined, {
    path: ['siteCategory'],
    message: 'name the site’s own category',
  })
  .refine(
    (v) =>
      v.subcategory === undefined || (subcategories[v.category] as readonly string[]).includes(v.subcategory ?? ''),
    { path: ['subcategory'], message: 'this subcategory belongs to another category' },
  )
  .refine(...completedHasHandover)
  .refine(...handoverOnlyWhenCompleted);
export type ComplaintIntake = z.infer<typeof ComplaintRegisteredSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Steps.

/** 程序 5.2.3: the record is read back to the customer, who confirms it (corrections are noted, never edited in). */
export const RecordConfirmedSchema = z.object({
  readBack: z.literal(true, { error: 'read the record back to the customer first' }),
  corrections: z.string().trim().max(2000).optional().describe('What the customer corrected'),
});

/** 规则 1–2: a department manager or above contacts the customer within 10 minutes. */
export const CustomerContactedSchema = z.object({
  method: z.enum(['phone', 'in_person', 'online']),
  summary: text(4000).describe('What was said and agreed'),
  severity: z.enum(severities).describe('作业流程 5.3.1: normal, or a major complaint'),
  onSiteVisitNeeded: z.boolean().describe('规则 2: a visit to the customer is needed to settle it'),
});

/** 规则 2: "must go immediately". */
export const OnSiteVisitedSchema = z.object({
  visitors: z.array(person).min(1),
  findings: text(4000),
});

/** 规则 1: the owner cannot resolve it; the next rung takes it over. */
export const EscalatedByHandSchema = z.object({ reason: text(2000).describe('Why this level cannot resolve it') });

/** 规则 4–5: every complaint gets a rectification notice, handed to customer service. */
export const RectificationIssuedSchema = z.object({
  noticeNo: text(64).describe('Number of the rectification notice (整改通知书/单)'),
  responsibleDept: z.enum(departments).default('quality_inspection'),
  requiredActions: text(4000),
  handedToCustomerService: z.literal(true, { error: 'the notice goes to customer service (规则 5)' }),
});

export const causes = [
  'workmanship_below_standard', // 原则 2: must be redone
  'material_wrong_or_defective', // 原则 3: must be replaced
  'material_supply_late', // 规则 12
  'designer_service', // 规则 10
  'staff_service',
  'product_defect',
  'customer_misuse', // 程序 4.2: 使用不当
  'other',
] as const;
export const remedyActions = [
  'redo_workmanship',
  'replace_material',
  'repair',
  'exchange',
  'refund',
  'compensation',
  'explanation',
  'other',
] as const;

/** 作业流程 5.3.1–5.3.3: a temporary countermeasure (major complaints) or the corrective action, by the department at fault. */
export const RemedyProposedSchema = z
  .object({
    measure: z.enum(['temporary', 'corrective']),
    responsibleDept: z.enum(departments).default('quality_inspection'),
    cause: z.enum(causes),
    rootCause: text(4000).describe('Investigation: why it happened'),
    actions: z.array(z.enum(remedyActions)).min(1),
    description: text(4000),
    repairVisit: z
      .enum(repairKinds)
      .optional()
      .describe('The remedy needs a repair visit of this kind')
      .meta(fieldGroup('building')),
    compensation: z.number().nonnegative().max(100_000_000).optional().describe('Amount offered (¥)'),
  })
  .refine(
    (v) =>
      v.measure !== 'corrective' || v.cause !== 'workmanship_below_standard' || v.actions.includes('redo_workmanship'),
    { path: ['actions'], message: 'workmanship below standard must be redone (原则 2)' },
  )
  .refine(
    (v) =>
      v.measure !== 'corrective' || v.cause !== 'material_wrong_or_defective' || v.actions.includes('replace_material'),
    { path: ['actions'], message: 'wrong or defective material must be replaced (原则 3)' },
  );
export type RemedyProposal = z.infer<typeof RemedyProposedSchema>;

/** 作业流程 5.3.3: quality inspection reviews the corrective action; a rejected one goes back. */
export const RemedyReviewedSchema = z
  .object({ approved: z.boolean(), comments: z.string().trim().max(4000).optional() })
  .refine((v) => v.approved || (v.comments ?? '').length > 0, {
    path: ['comments'],
    message: 'say why the proposal goes back',
  });

/** 规则 8: the repair visit. */
export const RepairVisitedSchema = z.object({
  visitors: z.array(person).min(1),
  findings: text(4000),
  fixed: z.boolean(),
});

/** 规则 3: the daily follow-up call, with its outcome; an agreed visit is checked on the next calls. */
export const FollowUpCalledSchema = z
  .object({
    reached: z.boolean(),
    outcome: text(2000),
    appointment: appointmentField,
    agreedVisit: z
      .enum(['came', 'nobody_came'])
      .optional()
      .describe('Did someone come for the agreed visit?')
      .meta(askedWhen('reached', [true])),
  })
  .refine((v) => v.reached || (v.appointment === undefined && v.agreedVisit === undefined), {
    path: ['reached'],
    message: 'an appointment or a visit check needs the customer on the line',
  });

export const repeatReasons = {
  repair_not_in_time: 9, // 规则 9: a completed-site repair not resolved in time
  designer_service: 10, // 规则 10: designer service not good enough
  unresolved: 11, // 规则 11: not resolved in time
  project_not_rectified: 11, // 规则 11 second sentence: QC issued the notice, the project manager did not rectify
  material_supply_late: 12, // 规则 12
  material_quality_unresolved: 13, // 规则 13
  engineering_unresolved: 14, // 规则 14: before completion, handled by engineering
  qc_follow_up_lacking: 8, // 规则 8: poor follow-up by QC caused the repeat → counts against QC (军令状)
} as const;
export type RepeatReason = keyof typeof repeatReasons;
const repeatReasonIds = Object.keys(repeatReasons) as [RepeatReason, ...RepeatReason[]];

/** The department a reason charges, where the rule names it. */
export const departmentOfReason: Partial<Record<RepeatReason, Department>> = {
  designer_service: 'design',
  project_not_rectified: 'project',
  material_supply_late: 'material',
  engineering_unresolved: 'engineering',
  qc_follow_up_lacking: 'quality_inspection',
};

/** 二次投诉: the same unresolved matter again; attached to the open case with the department at fault. */
export const RepeatComplaintReceivedSchema = z
  .object({
    channel: z.enum(channels),
    description: text(4000),
    reason: z.enum(repeatReasonIds).describe('Why it came back (rules 8–14)'),
    department: z
      .enum(departments)
      .describe('Department at fault')
      .meta(
        choicesBy(
          'reason',
          Object.fromEntries(Object.entries(departmentOfReason).map(([reason, dept]) => [reason, [dept]])),
        ),
      ),
  })
  .refine((v) => departmentOfReason[v.reason] === undefined || departmentOfReason[v.reason] === v.department, {
    path: ['department'],
    message: 'this reason names its department (rules 8, 10, 11, 12, 14)',
  });

/** 客户投诉处理流程及原则 五: the result is told and satisfaction asked. */
export const satisfactionLevels = [
  'very_satisfied',
  'satisfied',
  'neutral',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export const ResultToldSchema = z.object({
  outcome: text(4000),
  satisfaction: z.enum(satisfactionLevels),
  accepted: z.boolean().describe('The customer accepts the outcome'),
  comment: note,
});

export const CaseClosedSchema = z.discriminatedUnion('basis', [
  z.object({ basis: z.literal('customer_accepted'), note }),
  z.object({
    basis: z.literal('manager_decision'),
    reason: z.string().trim().min(2, { error: 'a manager closes with a reason' }).max(4000),
  }),
]);

/** 顾客投诉处理流程 三.1, 三.3: the duty manager decides on hospital accompaniment and advancing medical costs. */
export const InjuryAssessedSchema = z
  .object({
    accompanyToHospital: z.boolean(),
    advanceMedicalCosts: z.boolean(),
    basis: text(4000).describe('What the customer said and what was seen; whether the company may be liable'),
    managementReported: z.boolean().default(false),
    financeRequested: z.boolean().default(false),
  })
  .refine((v) => !(v.accompanyToHospital || v.advanceMedicalCosts) || v.managementReported, {
    path: ['managementReported'],
    message: 'accompanying or advancing costs is reported to management at once (三.3)',
  })
  .refine((v) => !v.advanceMedicalCosts || v.financeRequested, {
    path: ['financeRequested'],
    message: 'advancing costs needs the urgent request to finance (三.3)',
  });

/** 三.2: witnesses asked to stay, their phone numbers, ideally a written statement. */
export const WitnessesRecordedSchema = z
  .object({
    witnesses: z.array(z.object({ name: person, phone, writtenStatement: z.boolean() })).max(50),
    noWitnesses: z.boolean().default(false),
  })
  .refine((v) => v.witnesses.length > 0 || v.noWitnesses, {
    path: ['witnesses'],
    message: 'list the witnesses, or state there were none',
  });

/** 三.4: the insurer is told and asked for a written opinion on the claim. */
export const InsurerNotifiedSchema = z.object({
  insurer: text(128),
  reportNo: text(64),
  writtenOpinionRequested: z.literal(true, { error: 'ask the insurer for a written claims opinion (三.4)' }),
});

/** 三.6: a journalist is involved: management is told at once and receives them; nobody else speaks. */
export const MediaEnquiryReceivedSchema = z.object({
  outlet: text(128),
  contact: z.string().trim().max(128).optional(),
});

const managers = [...ownerRungs];
const dutyManagers = ['dept_manager', 'ops_manager', 'branch_gm', 'gm'];

export const events = {
  record_confirmed: { schema: RecordConfirmedSchema, roles: ['cs_agent', ...managers, 'qc_inspector', 'ops_manager'] },
  customer_contacted: { schema: CustomerContactedSchema, roles: managers },
  on_site_visited: { schema: OnSiteVisitedSchema, roles: managers },
  escalated_by_hand: { schema: EscalatedByHandSchema, roles: managers, optional: true },
  rectification_issued: { schema: RectificationIssuedSchema, roles: ['qc_inspector', ...managers] },
  remedy_proposed: { schema: RemedyProposedSchema, roles: ['qc_inspector', 'dept_manager'] },
  remedy_reviewed: { schema: RemedyReviewedSchema, roles: ['qc_inspector'] },
  repair_visited: { schema: RepairVisitedSchema, roles: ['qc_inspector', 'dept_manager'] },
  follow_up_called: { schema: FollowUpCalledSchema, roles: ['cs_agent'] },
  // Staff who take a repeat complaint pass it to customer service or a manager, who records it (汽车售后 二.1).
  repeat_complaint_received: {
    schema: RepeatComplaintReceivedSchema,
    roles: ['cs_agent', ...managers],
    optional: true,
  },
  result_told: { schema: ResultToldSchema, roles: ['cs_agent', ...managers] },
  case_closed: { schema: CaseClosedSchema, roles: ['cs_agent', ...managers], optional: true },
  injury_assessed: { schema: InjuryAssessedSchema, roles: dutyManagers },
  witnesses_recorded: { schema: WitnessesRecordedSchema, roles: ['cs_agent', ...dutyManagers, 'lp_officer'] },
  insurer_notified: { schema: InsurerNotifiedSchema, roles: ['cs_agent', ...dutyManagers] },
  media_enquiry_received: { schema: MediaEnquiryReceivedSchema, roles: ['cs_agent', ...dutyManagers], optional: true },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = { schema: ComplaintRegisteredSchema, roles: [...staffRoles] };
