import { z } from 'zod';
import type { EventSpec } from '../../engine';
import { customerContact, instant, note, text } from '../shared/fields';

/**
 * Data of each step of the car dealer's after-sales complaint (seed 汽车售后客户投诉处理流程和技巧, part 二
 * 客户投诉处理流程 (一)), with the roles that may send it. Clause references: 二.1 and 二.2 are its numbered points 1–2,
 * 二.2.1)–3) the three points "对于明显能确定责任的…投诉".
 */

/** 二 (preamble): the channels a 4S store hears from its customers on (现场、电话回访、电话接收、信函、行政主管部门). */
export const channels = ['on_site', 'follow_up_call', 'incoming_call', 'letter', 'authority'] as const;

/** 二.2: the complaints whose responsibility can plainly be settled: 质量问题、服务态度、文明生产、工期延误. */
export const natures = ['quality', 'service_attitude', 'workshop_conduct', 'delay', 'other'] as const;

/** Who may first hear a complaint: 二.1 "任何人在接到客户意见后" — every role of the store. */
export const staffRoles = ['cs_agent', 'customer_manager', 'dept_manager', 'admin_dept', 'gm'] as const;

/** 二.1: the receiver apologises, records time, place, people, what happened and its result, and judges its nature. */
export const ComplaintReceivedSchema = z.object({
  customer: customerContact,
  channel: z.enum(channels).describe('How the complaint came in (二 preamble)'),
  occurredAt: instant.describe('When it happened (二.1: 时间)'),
  place: text(200).describe('Where it happened (二.1: 地点)'),
  people: text(500).describe('Who was involved (二.1: 人员)'),
  description: text(4000).describe('What happened and how it ended (二.1: 事情经过、其结果如何)'),
  nature: z.enum(natures).describe('First judgement of its nature (二.1: 初步判断客户的投诉性质)'),
  apologised: z.literal(true, { error: 'apologise to the customer first (二.1: 第一时间向客户道歉)' }),
});

/** 二.1–二.2: the customer manager or service centre fills in, numbers and summarises the 《客户信息反馈处理单》. */
export const FormFilledSchema = z.object({
  plateNumber: text(16).describe('Licence plate (二.2: 车牌号)'),
  summary: text(500).describe('Summary of the complaint (二.2: 内容概要)'),
  department: text(64).describe('The department the complaint is about (被反馈部门)'),
  note,
});

/** 二.2.1): the customer could not be reached within 24 hours: the customer manager has 48 hours instead. */
export const CustomerUnreachableSchema = z.object({
  attempts: text(1000).describe('When and how the customer was tried (calls, messages)'),
});

/** 二.2.1): responsibility settled with the department, the responsible person's handling decided, the form sent on. */
export const ResponsibilitySettledSchema = z.object({
  responsible: text(200).describe('Who is responsible (责任认定)'),
  handling: text(2000).describe('The handling of the responsible person (对责任人完成处理意见)'),
  customerTold: z.boolean().describe('The customer was told the outcome (与客户的沟通, 如有必要)'),
  note,
});

/** 二.2.2): 管理部 reviews against company rules: upheld (a fault decision) or disputed (a negotiated one). */
export const ReviewConcludedSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('upheld'),
    faultDecision: text(2000).describe('过失处理意见 on the upheld handling'),
  }),
  z.object({
    outcome: z.literal('disputed'),
    agreement: text(2000).describe('协商意见 signed with the customer manager and the departments'),
  }),
]);

/** 二.2.2): the general manager in charge decides; 管理部 passes it to the customer manager and departments. */
export const GmDecidedSchema = z.object({ decision: text(2000).describe('主管总经理的处理意见'), note });

/** 二.2.3): accountability carried out, the fault talked through, the final form sent to the service centre. */
export const CaseClosedSchema = z.object({
  accountability: text(2000).describe('责任追究 as carried out'),
  faultTalkedThrough: z.literal(true, { error: 'talk the fault through with those responsible (二.2.3: 过失沟通)' }),
  formToServiceCentre: z.literal(true, {
    error: 'the final form goes to the customer service centre (二.2.3: 转客户服务中心)',
  }),
});

export const events = {
  form_filled: { schema: FormFilledSchema, roles: ['customer_manager', 'cs_agent'] },
  customer_unreachable: { schema: CustomerUnreachableSchema, roles: ['customer_manager'] },
  responsibility_settled: { schema: ResponsibilitySettledSchema, roles: ['customer_manager'] },
  review_concluded: { schema: ReviewConcludedSchema, roles: ['admin_dept'] },
  gm_decided: { schema: GmDecidedSchema, roles: ['gm'] },
  case_closed: { schema: CaseClosedSchema, roles: ['admin_dept'] },
} satisfies Record<string, EventSpec>;

/** 二.1: anyone who hears the complaint records it. */
export const start: EventSpec = { schema: ComplaintReceivedSchema, roles: [...staffRoles] };
