import { z } from 'zod';
import { askedWhen, type EventSpec } from '../../engine';
import { AttachmentSchema, note, text } from '../shared/fields';

/**
 * Data of each step of the internal-theft investigation (procedures.md §4; seed: 内盗处理规定 一 1–8, 二 1–2 and
 * 行政后勤对盗窃事件的应急预案 五, 六), with the roles that may send it. The case is confidential: only loss prevention
 * and company leadership act on it (二.1(4)); any employee may report one (一.1).
 */

/** Who may see or act on a case: loss prevention and company leadership only (二.1(4)). */
export const confidentialRoles = ['lp_officer', 'lp_supervisor', 'executive'] as const;
/** Loss-prevention staff: reports they open themselves are their work, not an informant's tip. */
export const lossPreventionRoles = ['lp_officer', 'lp_supervisor'] as const;
/** Any employee may report internal theft (一.1 "公司所有员工对内盗具有投诉、举报的权利和义务"). */
export const reporterRoles = [
  'cs_agent',
  'dept_manager',
  'branch_gm',
  'gm',
  'qc_inspector',
  'monitor_guard',
  'patrol_guard',
  'gate_guard',
  'squad_leader',
  'security_captain',
  'office_director',
  'ops_manager',
  'lp_officer',
  'lp_supervisor',
  'executive',
] as const;

/** Compensation is 1–10 times the value of the goods stolen (seed 一.8). */
export const COMPENSATION_MULTIPLE_MIN = 1;
export const COMPENSATION_MULTIPLE_MAX = 10;
/** A confirmed report earns the informant at least ¥50 (seed 一.6). */
export const REWARD_MIN_YUAN = 50;

const yuan = z.number().multipleOf(0.01, { error: 'an amount in yuan with at most two decimals' });

/** A file kept with the case: the shared shape (workflows/procedures/shared/fields.ts), named here as before. */
export { AttachmentSchema };
export type { Attachment } from '../shared/fields';

export const evidenceKinds = [
  'cctv_footage',
  'photo',
  'document',
  'inventory_record',
  'witness_account',
  'other',
] as const;

export const referralGrounds = [
  'serious', // 一.5 盗窃性质恶劣或严重
  'uncooperative', // 一.5 极不配合、服从调查人员调查和公司处理
] as const;

/** The report that opens a case; the reporter is the person who opens it (or the informant named). */
export const TheftReportedSchema = z.object({
  suspect: z
    .object({
      name: text(64).describe('Employee suspected'),
      employeeNo: z.string().trim().max(32).optional(),
      department: z.string().trim().max(64).optional(),
    })
    .describe('The employee whose honesty is in doubt'),
  account: text(4000).describe('What the reporter saw or knows: the facts, as remembered (二.1(2))'),
  goods: z.string().trim().max(2000).optional().describe('What was taken, if known'),
  caughtInAct: z.boolean().default(false).describe('The employee was caught stealing (二.2): the goods come first'),
  informant: z
    .object({ name: text(64), employeeNo: z.string().trim().max(32).optional() })
    .optional()
    .describe('When loss prevention takes a report for someone else: the employee who gave it (for the reward)'),
  // 二.1(3)–(4): whoever suspects a colleague does not talk to them first and tells no one outside loss prevention.
  rulesAcknowledged: z.literal(true, {
    error: 'confirm you will not talk to the employee and will not discuss this with anyone outside loss prevention',
  }),
});

export const GoodsRecoveredSchema = z.object({
  items: z
    .array(
      z.object({
        description: text(200),
        quantity: z.number().int().min(1).max(100_000),
        value: yuan.nonnegative().max(10_000_000).describe('Value of these goods in yuan'),
      }),
    )
    .min(1)
    .max(100),
  recoveredInFull: z.boolean().describe('Everything taken was recovered'),
  attachments: z.array(AttachmentSchema).max(20).default([]).describe('Photos of the recovered goods'),
  note,
});

export const EvidenceAddedSchema = z.object({
  kind: z.enum(evidenceKinds),
  description: text(4000).describe('What the item shows and where it was found'),
  attachments: z.array(AttachmentSchema).min(1).max(20).describe('The evidence files, kept under their sha256'),
  note,
});

export const StatementTakenSchema = z.object({
  // 二.2(2): no one questions the employee; a statement is taken only when they admit of their own accord.
  admittedVoluntarily: z.literal(true, {
    error: 'a statement is taken only when the employee admits of their own accord; do not question them',
  }),
  summary: text(4000).describe('What the employee wrote in the statement of facts (事实陈述书)'),
  attachments: z.array(AttachmentSchema).min(1).max(5).describe('The signed statement of facts, scanned'),
  employeeKeptApart: z.literal(true, {
    error: 'keep the employee apart from other staff until a loss-prevention supervisor arrives',
  }),
  note,
});

export const SupervisorArrivedSchema = z.object({ note });

export const ReportedToSupervisorSchema = z.object({
  // 一.3: the report names the employee, the course of the theft and the evidence.
  suspectProfile: text(4000).describe('Who the employee is: position, tenure, record'),
  account: text(8000).describe('How the theft happened, as established so far'),
  nothingWithheld: z.literal(true, { error: 'the report to the supervisor must hide no fact (二.1(5))' }),
  keptWithinLossPrevention: z.literal(true, {
    error: 'the case may not be discussed with anyone outside loss prevention (二.1(4))',
  }),
  note,
});

export const ReviewDoneSchema = z.discriminatedUnion('verdict', [
  z.object({
    verdict: z.literal('facts_established'),
    factsClear: z.literal(true, { error: 'the facts must be clear (一.4 盗窃事实清楚)' }),
    evidenceConclusive: z.literal(true, { error: 'the evidence must be conclusive (一.4 证据确凿)' }),
    goodsDescription: text(2000).describe('The goods stolen'),
    goodsValue: yuan.positive().max(10_000_000).describe('Value of the goods stolen in yuan: the base of compensation'),
    findings: text(8000),
  }),
  z.object({
    verdict: z.literal('more_evidence_needed'),
    missing: text(4000).describe('What the investigator still has to establish'),
  }),
  z.object({
    verdict: z.literal('unfounded'),
    reason: text(4000).describe('Why the suspicion does not hold'),
  }),
]);

export const DecisionMadeSchema = z
  .object({
    dismissed: z.literal(true, { error: 'an employee found stealing is dismissed without exception (一.8)' }),
    compensationMultiple: z
      .number()
      .min(COMPENSATION_MULTIPLE_MIN, { error: 'compensation is at least 1 times the value of the goods (一.8)' })
      .max(COMPENSATION_MULTIPLE_MAX, { error: 'compensation is at most 10 times the value of the goods (一.8)' })
      .multipleOf(0.1, { error: 'a multiple with at most one decimal' })
      .describe('Times the goods value the employee pays'),
    referToAuthorities: z.boolean().describe('Hand the employee to the authorities (needs leadership approval, 一.5)'),
    referralGrounds: z
      .array(z.enum(referralGrounds))
      .max(2)
      .default([])
      .meta(askedWhen('referToAuthorities', [true])),
    reasoning: text(4000),
    note,
  })
  .refine((d) => !d.referToAuthorities || d.referralGrounds.length > 0, {
    path: ['referralGrounds'],
    message: 'only a serious case or an uncooperative employee goes to the authorities (一.5): name the grounds',
  });

export const ReferralDecidedSchema = z
  .object({
    approved: z.boolean().describe('Leadership approves handing the employee to the authorities'),
    authority: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('The authority the case goes to, e.g. the police station')
      .meta(askedWhen('approved', [true])),
    note,
  })
  .refine((d) => !d.approved || (d.authority ?? '') !== '', {
    path: ['authority'],
    message: 'name the authority the case is handed to',
  });

export const ResidenceNotifiedSchema = z.object({
  // 一.7: a notice in the company's name to the police and local office where the employee lives.
  publicSecurityOffice: text(200).describe('Public-security office of the employee’s residence'),
  localOffice: text(200).describe('Town, village, street office or neighbourhood committee of the residence'),
  attachments: z.array(AttachmentSchema).max(5).default([]).describe('The notice as sent'),
  note,
});

export const RewardRecordedSchema = z.object({
  amount: yuan
    .min(REWARD_MIN_YUAN, { error: `a confirmed report earns at least ¥${REWARD_MIN_YUAN} (一.6)` })
    .max(1_000_000)
    .describe('Reward in yuan'),
  note,
});

export const CaseClosedSchema = z.object({
  // 行政后勤预案 五.4: a written summary of the loss, the investigation and the handling of those responsible.
  loss: text(4000).describe('Economic loss'),
  investigation: text(8000).describe('Course of the investigation'),
  responsibility: text(4000).describe('Who is responsible and how they are dealt with'),
  lessons: z.string().trim().max(4000).optional().describe('Causes and gaps in security found (五.4)'),
});

const supervisors = ['lp_supervisor'] as const;
const investigators = ['lp_officer', 'lp_supervisor'] as const;
const deciders = ['lp_supervisor', 'executive'] as const;

export const events = {
  goods_recovered: { schema: GoodsRecoveredSchema, roles: [...investigators] },
  evidence_added: { schema: EvidenceAddedSchema, roles: [...investigators] },
  statement_taken: { schema: StatementTakenSchema, roles: [...investigators] },
  supervisor_arrived: { schema: SupervisorArrivedSchema, roles: [...supervisors] },
  reported_to_supervisor: { schema: ReportedToSupervisorSchema, roles: [...investigators] },
  review_done: { schema: ReviewDoneSchema, roles: [...supervisors] },
  decision_made: { schema: DecisionMadeSchema, roles: [...deciders] },
  referral_decided: { schema: ReferralDecidedSchema, roles: ['executive'] },
  residence_notified: { schema: ResidenceNotifiedSchema, roles: [...deciders] },
  reward_recorded: { schema: RewardRecordedSchema, roles: [...deciders] },
  case_closed: { schema: CaseClosedSchema, roles: [...deciders] },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = { schema: TheftReportedSchema, roles: [...reporterRoles] };

// ---------------------------------------------------------------------------------------------------------------------
// Version 2 (issue 18): the outcome is a proposal of the loss-prevention supervisor that company leadership approves,
// changes or refuses (二.2(5) 上报公司领导处理); the employee's own account is a step of its own (二.2(2)); a caught
// employee is handled by an assistant supervisor or above (二.2(1), (3)). Version 1's schemas above stay as they were.

/** 二.2(1), (3): 防损部主管助理级以上 — the ranks that handle a caught employee. */
export const assistantSupervisorAndAbove = ['lp_assistant_supervisor', 'lp_supervisor'] as const;
/** Version 2: who may see or act on a case — loss prevention, its assistant supervisors, and leadership (二.1(4)). */
export const confidentialRolesV2 = ['lp_officer', 'lp_assistant_supervisor', 'lp_supervisor', 'executive'] as const;
/** Version 2: loss-prevention staff, whose own finding is their work, not an informant's tip (一.6). */
export const lossPreventionRolesV2 = ['lp_officer', 'lp_assistant_supervisor', 'lp_supervisor'] as const;
/** Version 2: any employee may report (一.1), the assistant supervisor included. */
export const reporterRolesV2 = [...reporterRoles.slice(0, -2), 'lp_assistant_supervisor', ...reporterRoles.slice(-2)];

/** The employee's own account (事实陈述书, 二.2(2)) before anything is proposed: given, or declined. */
export const EmployeeAccountRecordedSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('given'),
    position: z.enum(['admits', 'admits_in_part', 'denies']).describe('What the employee says of the facts'),
    summary: text(4000).describe('The employee’s account in their own words (事实陈述书)'),
    attachments: z.array(AttachmentSchema).max(5).default([]).describe('The signed statement of facts, scanned'),
    note,
  }),
  z.object({
    outcome: z.literal('declined'),
    witnessedBy: text(64).describe('Who, besides the person recording, saw the employee decline'),
    note,
  }),
]);

/** What may be done to the employee: the seed's measures, each one a proposal the site's policy may narrow. */
export const OutcomeSchema = z.object({
  dismissal: z.boolean().describe('Propose dismissal (一.4, 一.8 一律辞退; the site’s policy may rule it out)'),
  compensationMultiple: z
    .number()
    .positive({ error: 'a compensation multiple is more than 0; leave it out for no compensation' })
    .max(COMPENSATION_MULTIPLE_MAX, { error: 'compensation is at most 10 times the value of the goods (一.8)' })
    .multipleOf(0.1, { error: 'a multiple with at most one decimal' })
    .optional()
    .describe('Times the goods value the employee pays (一.8); left out: no compensation'),
  residenceNotice: z
    .boolean()
    .describe(
      'Notify the police station and local office of the employee’s residence (一.7; the site may rule it out)',
    ),
  referral: z
    .object({
      grounds: z.array(z.enum(referralGrounds)).min(1).max(2).describe('Why the case goes to the authorities (一.5)'),
      authority: text(200).describe('The authority the case goes to, e.g. the police station'),
    })
    .optional()
    .describe('Hand the employee to the authorities: serious or uncooperative cases only, with leadership consent'),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

/** The LP supervisor's proposal (二.2(5) 整理资料上报): the outcome and why. */
export const OutcomeProposedSchema = OutcomeSchema.extend({ reasoning: text(4000), note });

/** Company leadership's answer to the proposal (二.2(5) 上报公司领导处理, 一.5 报公司领导同意): approved, changed or refused. */
export const LeadershipDecidedSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approved'), note }),
  z.object({
    decision: z.literal('amended'),
    outcome: OutcomeSchema.describe('The outcome leadership decides instead of the proposal'),
    reasoning: text(4000),
  }),
  z.object({
    decision: z.literal('refused'),
    reason: text(4000).describe('Why the proposal is refused: the supervisor proposes again'),
  }),
]);

const assistantAndAbove = [...assistantSupervisorAndAbove];
const investigatorsV2 = ['lp_officer', ...assistantAndAbove];
const proposers = ['lp_supervisor'] as const;
const concluders = ['lp_supervisor', 'executive'] as const;

/** Version 2's steps and who may send each. */
export const eventsV2 = {
  goods_recovered: { schema: GoodsRecoveredSchema, roles: assistantAndAbove }, // 二.2(1) 主管助理级以上负责处理
  evidence_added: { schema: EvidenceAddedSchema, roles: investigatorsV2 },
  statement_taken: { schema: StatementTakenSchema, roles: investigatorsV2 },
  supervisor_arrived: { schema: SupervisorArrivedSchema, roles: assistantAndAbove }, // 二.2(3) 主管助理级以上到场
  reported_to_supervisor: { schema: ReportedToSupervisorSchema, roles: investigatorsV2 },
  review_done: { schema: ReviewDoneSchema, roles: [...supervisors] },
  employee_account_recorded: { schema: EmployeeAccountRecordedSchema, roles: assistantAndAbove },
  outcome_proposed: { schema: OutcomeProposedSchema, roles: [...proposers] },
  leadership_decided: { schema: LeadershipDecidedSchema, roles: ['executive'] }, // 二.2(5), 一.5
  residence_notified: { schema: ResidenceNotifiedSchema, roles: [...concluders] },
  reward_recorded: { schema: RewardRecordedSchema, roles: [...concluders] },
  case_closed: { schema: CaseClosedSchema, roles: [...concluders] },
} satisfies Record<string, EventSpec>;

/** Version 2's intake: the same report, from any employee. */
export const startV2: EventSpec = { schema: TheftReportedSchema, roles: reporterRolesV2 };
