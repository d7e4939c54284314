import { z } from 'zod';
import { choicesBy, type EventSpec } from '../../engine';
import { customerContact, note, personName, phone, text, yesNo, yesNoUnknown } from '../shared/fields';

/**
 * Data of each step of a retail store's or mall's customer complaint, with the roles that may send it. Seed clauses:
 * 门店规定 = 关于各门店顾客投诉处理流程规定 ((一)–(五), the supermarket chain's stores); 艺博 = 顾客投诉处理流程 of 艺博家居商场
 * (二 准则, 三 人身伤害, the mall's). Every yes/no question a person may not be able to answer offers "not known".
 */

/**
 * 门店规定 (二)1 首问负责制: whoever the customer asks first takes the complaint — every role of a store or mall may
 * record it (and stays responsible for it).
 */
export const staffRoles = [
  'cs_agent',
  'dept_manager',
  'duty_manager',
  'store_manager',
  'ops_manager',
  'lp_officer',
  'lp_supervisor',
  'monitor_guard',
  'patrol_guard',
  'gate_guard',
  'squad_leader',
  'security_captain',
] as const;

/** Who may act for the first person asked besides themselves: 门店规定 (二)1 the duty manager and the store manager. */
export const managerRoles = ['duty_manager', 'store_manager'] as const;

/** 门店规定 (五) a customer at the store, (二)3 by telephone to the store office; anything else (letter, online). */
export const channels = ['in_person', 'phone', 'other'] as const;

/** 门店规定 (一): the three kinds of complaint. */
export const categories = ['product', 'service', 'safety'] as const;

/** 门店规定 (一) 1–3: what each kind covers. */
export const subcategories = {
  product: ['price', 'out_of_stock', 'quality', 'labelling'],
  service: ['staff_attitude', 'checkout', 'service_missing', 'service_error'],
  safety: ['environment', 'accident'],
} as const satisfies Record<(typeof categories)[number], readonly string[]>;
const allSubcategories = Object.values(subcategories).flat() as unknown as [string, ...string[]];

/** 门店规定 (五)1: the customer is heard out and receives an apology; the store's record of the complaint. */
export const ComplaintReceivedSchema = z
  .object({
    customer: customerContact,
    channel: z.enum(channels).describe('How the complaint came in (门店规定 (二)3, (五))'),
    place: text(200).describe('Store, floor or counter the complaint is about'),
    category: z.enum(categories).describe('门店规定 (一): product, service or safety'),
    subcategory: z.enum(allSubcategories).meta(choicesBy('category', subcategories)),
    description: text(4000).describe('What happened, in the customer’s words (门店规定 (五)1(1))'),
    request: text(2000).describe('What the customer asks for'),
    amountClaimed: z
      .number()
      .nonnegative()
      .max(100_000_000)
      .optional()
      .describe('Compensation asked for (¥); empty when none is asked or not yet known (艺博 二.3)'),
    injury: yesNo.describe('The customer says they were hurt in the store or by a product sold here (艺博 三)'),
    heardAndApologised: z.literal(true, {
      error: 'hear the customer out and apologise first (门店规定 (五)1(1)–(2))',
    }),
  })
  .refine((v) => (subcategories[v.category] as readonly string[]).includes(v.subcategory), {
    path: ['subcategory'],
    message: 'this subcategory belongs to another kind of complaint (门店规定 (一))',
  });

/** 艺博 二.1–二.2: whether the request is within the law and the company's rules. */
export const requestBases = ['lawful', 'beyond_but_reasonable', 'unreasonable', 'not_known'] as const;

/** 门店规定 (三)4: where the problem lies — with the customer, it is explained, never blamed. */
export const causes = ['store', 'supplier', 'customer', 'not_known'] as const;

/** 门店规定 (五)1(3), 艺博 二.1–二.2: the solution proposed to the customer. */
export const SolutionOfferedSchema = z.object({
  requestBasis: z.enum(requestBases).describe('艺博 二.1–二.2: is the request within the law and company rules?'),
  cause: z.enum(causes).describe('Where the problem lies (门店规定 (三)4)'),
  solution: text(4000).describe('The solution offered (门店规定 (五)1(3))'),
  compensation: z.number().nonnegative().max(100_000_000).optional().describe('Amount offered (¥), if any'),
  note,
});

/** 门店规定 (四) 提供解决方案: the customer's answer to the solution. */
export const CustomerAnsweredSchema = z.object({
  answer: z.enum(['accepted', 'refused']).describe('The customer accepts the solution, or refuses it'),
  remarks: z.string().trim().max(2000).optional().describe('What the customer said'),
});

/** The customer does not answer the solution: how they were tried. */
export const CustomerUnreachableSchema = z.object({
  attempts: text(1000).describe('When and how the customer was tried (calls, messages)'),
});

/** 门店规定 (四) 执行解决方案: the accepted solution carried out. */
export const SolutionCarriedOutSchema = z.object({
  done: text(2000).describe('What was done (refund, exchange, repair, compensation paid…)'),
  customerSatisfied: yesNoUnknown.describe('门店规定 (三)3: did the answer satisfy the customer?'),
});

/** 门店规定 (四) 结果检讨; or closed because the customer never answered. */
export const CaseClosedSchema = z.discriminatedUnion('basis', [
  z.object({
    basis: z.literal('settled'),
    review: text(4000).describe('结果检讨: what went wrong and what changes (门店规定 (四))'),
  }),
  z.object({
    basis: z.literal('no_answer'),
    reason: text(2000).describe('Why the case closes without the customer’s answer'),
  }),
]);

/** 门店规定 (二)1: a major or unusual complaint (情况重大异常) goes to the store manager. */
export const MajorDeclaredSchema = z.object({ reason: text(2000).describe('Why it is major or unusual') });

/** 门店规定 (二)2: the store manager reports it to 营运部; 采购部 helps with the supplier's product documents. */
export const ReportedToOpsSchema = z.object({
  summary: text(4000).describe('What was reported to 营运部 (报备)'),
  supplierDocumentsNeeded: yesNoUnknown.describe('采购部 to provide the supplier’s product documents'),
});

/** 门店规定 (二)2: the market regulator (工商部门) wants the store to file or sign something. */
export const RegulatorSignatureRequestedSchema = z.object({
  office: text(200).describe('Which 工商 / market-regulation office'),
  document: text(2000).describe('What the store is asked to sign or file (立案签字)'),
});

/** 门店规定 (二)2, 艺博 三.6 (须事先报批): 营运部 approves or refuses the signature. */
export const RegulatorSignatureDecidedSchema = z.object({
  decision: z.enum(['approved', 'refused']),
  instructions: text(2000).describe('What the store may sign, or what to do instead'),
});

/** 艺博 三.1, 三.3: the duty manager decides on accompanying the customer to hospital and advancing costs. */
export const InjuryDecidedSchema = z
  .object({
    companyLiable: yesNoUnknown.describe('三.1: can the company’s responsibility be affirmed from what was heard?'),
    accompany: yesNo.describe('Someone accompanies the customer to hospital'),
    advanceCosts: yesNo.describe('The store advances the medical costs'),
    basis: text(2000).describe('What the customer said and what the decision rests on'),
    managementReported: yesNo.describe('三.3: reported to upper management'),
    financeRequested: yesNo.describe('三.3: urgent payment request to finance'),
  })
  .refine((v) => v.companyLiable === 'yes' || (v.accompany === 'no' && v.advanceCosts === 'no'), {
    path: ['companyLiable'],
    message: 'without an affirmed responsibility nobody accompanies or advances costs (艺博 三.1)',
  })
  .refine((v) => (v.accompany === 'no' && v.advanceCosts === 'no') || v.managementReported === 'yes', {
    path: ['managementReported'],
    message: 'report to upper management when accompanying or advancing costs (艺博 三.3)',
  })
  .refine((v) => v.advanceCosts === 'no' || v.financeRequested === 'yes', {
    path: ['financeRequested'],
    message: 'advanced costs need the urgent request to finance (艺博 三.3)',
  });

/** 艺博 三.2: witnesses asked to stay and help, their phone, a written statement if possible. */
export const WitnessesRecordedSchema = z.discriminatedUnion('found', [
  z.object({
    found: z.literal('yes'),
    witnesses: z
      .array(
        z.object({
          name: personName.describe('Witness name'),
          phone: phone.describe('Witness phone'),
          writtenStatement: yesNo.describe('Wrote a statement'),
        }),
      )
      .min(1)
      .max(20),
  }),
  z.object({ found: z.literal('no'), note }),
]);

/** 艺博 三.4: the insurer is told and asked for a written opinion on the claim. */
export const InsurerNotifiedSchema = z.object({
  insurer: text(200).describe('Insurance company'),
  reportNo: z.string().trim().max(64).optional().describe('The insurer’s report number, if given'),
  writtenOpinionRequested: z.literal(true, {
    error: 'ask the insurer for its written opinion (艺博 三.4)',
  }),
});

/** 艺博 三.5: 风险防控部 at the scene, the scene kept, evidence collected, the accident report written. */
export const AccidentReportFiledSchema = z.object({
  sceneProtected: yesNoUnknown.describe('The scene was kept as found'),
  evidence: text(2000).describe('Evidence collected (CCTV, photos, objects)'),
  report: text(4000).describe('The accident report'),
});

/** 艺博 三.6: a journalist is involved; management is told at once, only the named department speaks. */
export const MediaEnquiryReceivedSchema = z.object({
  outlet: text(200).describe('Newspaper, station or account'),
  note,
});

const handlers = ['cs_agent', 'dept_manager', ...managerRoles];

export const events = {
  solution_offered: { schema: SolutionOfferedSchema, roles: [...staffRoles] },
  customer_answered: { schema: CustomerAnsweredSchema, roles: [...staffRoles] },
  customer_unreachable: { schema: CustomerUnreachableSchema, roles: [...staffRoles] },
  solution_carried_out: { schema: SolutionCarriedOutSchema, roles: [...staffRoles] },
  case_closed: { schema: CaseClosedSchema, roles: [...managerRoles] },
  major_declared: { schema: MajorDeclaredSchema, roles: [...managerRoles] },
  reported_to_ops: { schema: ReportedToOpsSchema, roles: ['store_manager'] },
  regulator_signature_requested: { schema: RegulatorSignatureRequestedSchema, roles: [...managerRoles] },
  regulator_signature_decided: { schema: RegulatorSignatureDecidedSchema, roles: ['ops_manager'] },
  injury_decided: { schema: InjuryDecidedSchema, roles: ['duty_manager'] },
  witnesses_recorded: { schema: WitnessesRecordedSchema, roles: [...handlers, 'lp_officer', 'lp_supervisor'] },
  insurer_notified: { schema: InsurerNotifiedSchema, roles: handlers },
  accident_report_filed: { schema: AccidentReportFiledSchema, roles: ['lp_supervisor'] },
  media_enquiry_received: { schema: MediaEnquiryReceivedSchema, roles: [...staffRoles] },
} satisfies Record<string, EventSpec>;

/** 门店规定 (二)1 首问负责制: anyone the customer asks first records the complaint. */
export const start: EventSpec = { schema: ComplaintReceivedSchema, roles: [...staffRoles] };
