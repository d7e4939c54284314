import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { customerContact, note, text } from '../shared/fields';

/**
 * Data of each step of the manufacturer / sales-company complaint, with the roles that may send it. Seed references:
 * 作业流程 = 客户投诉处理作业流程及管理办法; 程序 = 客户投诉处理程序 (both in /work/shared/seeds).
 */

/** 作业流程 5.1.1, 程序 5.2.2: how the complaint came in (phone, in person, in writing, fax). */
export const channels = ['phone', 'verbal', 'written', 'fax'] as const;
/** 程序 5.1: the three kinds of complaint. */
export const kinds = ['service_conduct', 'staff_professional', 'product_quality'] as const;
/** 作业流程 5.2.2, 5.3.1: a major complaint is approved by 营销副总 and has the shorter QE deadlines. */
export const severities = ['normal', 'major'] as const;
/** 程序 4.2: what the salesperson's visit found to be the cause. */
export const causes = ['product_quality', 'misuse', 'service', 'undetermined'] as const;

/** 作业流程 5.1.1, 程序 5.2.2–5.2.3: the complaint registered and read back to the customer. */
export const ComplaintReceivedSchema = z.object({
  customer: customerContact,
  company: text(200).optional().describe('The customer’s company (a dealer or an end customer)'),
  channel: z.enum(channels).describe('How the complaint came in (作业流程 5.1.1)'),
  kind: z.enum(kinds).describe('Kind of complaint (程序 5.1)'),
  severity: z.enum(severities).default('normal').describe('A major complaint goes to 营销副总 (作业流程 5.2.2)'),
  product: text(200).optional().describe('Product, model, batch'),
  description: text(4000).describe('What the customer complains of, in their words'),
  readBack: z
    .literal(true, { error: '记录须向客户复述一遍并经客户确认(程序 5.2.3)' })
    .describe('Read back to the customer'),
});

/** 作业流程 5.2.2: the 《客户投诉处理单》 issued. */
export const HandlingFormIssuedSchema = z.object({
  formNo: text(64).describe('Number of the 《客户投诉处理单》'),
  interimMeasures: text(2000).optional().describe('Interim emergency measures (作业流程 5.2.1)'),
  note,
});

/** 作业流程 5.2.2: approved by 部门主任 or above (营销副总 for a major complaint). */
export const HandlingFormApprovedSchema = z.object({ note });

/** 作业流程 5.2.2: 品管部's head signs for the form. */
export const HandlingFormSignedSchema = z.object({
  qeEngineer: text(64).describe('QE engineer in charge (作业流程 5.3.1)'),
  note,
});

/** 程序 4.2: the salesperson's visit to the customer. */
export const CustomerVisitedSchema = z.object({
  findings: text(4000).describe('What the visit found'),
  cause: z.enum(causes).describe('Cause: product quality or misuse (程序 4.2)'),
  note,
});

/** 作业流程 5.3.2–5.3.3: the responsible department's root cause and corrective / preventive action plan. */
export const CorrectivePlanProposedSchema = z.object({
  responsibleDept: text(100).describe('Responsible department (作业流程 5.3.2)'),
  rootCause: text(4000).describe('Root cause'),
  correctiveAction: text(4000).describe('Corrective action'),
  preventiveAction: text(4000).describe('Preventive action'),
});

/** 作业流程 5.3.3: QE's first review of the plan; a plan that fails goes back to the responsible department. */
export const CorrectivePlanReviewedSchema = z.object({
  verdict: z.enum(['passed', 'failed']).describe('QE review verdict'),
  comment: text(2000).describe('Review comment'),
});

/** 作业流程 4.3: 管理者代表 / 总经理 approve or reject the corrective and preventive action. */
export const CorrectiveActionDecidedSchema = z.object({
  decision: z.enum(['approved', 'rejected']).describe('Decision on the corrective and preventive action'),
  comment: note,
});

/** 程序 4.5: 营销副总 approves the reply to the customer. */
export const ReplyApprovedSchema = z.object({ reply: text(4000).describe('The approved reply'), note });

/** 程序 4.1: the salesperson gives the approved reply to the customer. */
export const CustomerRepliedSchema = z.object({
  customerAccepts: z.boolean().describe('The customer accepts the reply'),
  note,
});

/** 作业流程 5.3.1 (version 2): QE's interim countermeasure for a major complaint, within 8 working hours. */
export const InterimCountermeasureGivenSchema = z.object({
  countermeasure: text(4000).describe('Interim countermeasure (作业流程 5.3.1: 临时改善对策)'),
  note,
});

/**
 * 作业流程 5.3.1–5.3.3 (version 2): QE's permanent countermeasure for a major complaint, within 2 working days: the
 * responsible department QE found and the root cause, corrective and preventive action it has reviewed with them.
 */
export const PermanentCountermeasureRepliedSchema = CorrectivePlanProposedSchema.extend({ note });

/** Roles that may take a complaint: 业务员 and the company's service department (程序 5.2.1, 作业流程 5.1.2). */
const takers = ['salesperson', 'cs_agent'];

export const events = {
  handling_form_issued: { schema: HandlingFormIssuedSchema, roles: takers }, // 作业流程 5.2.2
  handling_form_approved: { schema: HandlingFormApprovedSchema, roles: ['dept_head', 'marketing_vp', 'gm'] }, // 作业流程 5.2.2
  handling_form_signed: { schema: HandlingFormSignedSchema, roles: ['qa_dept'] }, // 作业流程 5.2.2
  customer_visited: { schema: CustomerVisitedSchema, roles: ['salesperson'] }, // 程序 4.2
  corrective_plan_proposed: { schema: CorrectivePlanProposedSchema, roles: ['dept_head'] }, // 作业流程 5.3.3
  corrective_plan_reviewed: { schema: CorrectivePlanReviewedSchema, roles: ['qa_dept'] }, // 作业流程 5.3.3
  corrective_action_decided: { schema: CorrectiveActionDecidedSchema, roles: ['management_rep', 'gm'] }, // 作业流程 4.3
  reply_approved: { schema: ReplyApprovedSchema, roles: ['marketing_vp'] }, // 程序 4.5
  customer_replied: { schema: CustomerRepliedSchema, roles: ['salesperson'] }, // 程序 4.1
} satisfies Record<string, EventSpec>;

/** Version 2: version 1's events and QE's two countermeasure steps of a major complaint (作业流程 5.3.1). */
export const eventsV2 = {
  ...events,
  interim_countermeasure_given: { schema: InterimCountermeasureGivenSchema, roles: ['qa_dept'] }, // 作业流程 5.3.1
  permanent_countermeasure_replied: { schema: PermanentCountermeasureRepliedSchema, roles: ['qa_dept'] }, // 作业流程 5.3.1
} satisfies Record<string, EventSpec>;

export const start: EventSpec = { schema: ComplaintReceivedSchema, roles: takers };
