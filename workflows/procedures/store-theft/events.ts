import { z } from 'zod';
import { staffField, type EventSpec } from '../../engine';
import { note, personName as name, photos } from '../shared/fields';

/**
 * Data of each step of the store-theft procedure (procedures.md §3; seed: 偷盗事件处理程序 5.1.1–5.1.4 and
 * 商场突发盗窃事件应急预案 1–11), with the roles that may send it. Every schema is strict: a step records exactly
 * its form, so no step can carry a field the procedure forbids (above all, a body search: 严禁搜身, 5.1.3 4)).
 */

export const genders = ['female', 'male'] as const;
export type Gender = (typeof genders)[number];

/** Where the guard stops the customer, which decides the script shown (5.1.3 1)). */
export const interceptionPlaces = ['before_exit', 'at_exit'] as const;

export const decisionOutcomes = ['settled', 'handed_to_police', 'released'] as const;

/** None took place, and no step can say otherwise: 严禁搜身 (5.1.3 4)). */
const noSearch = z
  .literal(false, { error: 'no one may search the customer (严禁搜身); the record states that none took place' })
  .describe('A body or bag search took place: always false, searching is forbidden');

const goodsLine = z.strictObject({
  item: z.string().trim().min(1).max(200).describe('Goods, e.g. 口红 ×2'),
  quantity: z.number().int().min(1).max(10_000),
  value: z.number().min(0).max(10_000_000).multipleOf(0.01).describe('Value of this line in yuan'),
});

// 5.1.1: a guard notices a suspect, tails them and tells every post the suspect's features.
export const SuspectNoticedSchema = z.strictObject({
  location: z.string().trim().min(1).max(200).describe('Floor and area, e.g. 3F cosmetics'),
  description: z.string().trim().min(1).max(2000).describe('The suspect’s features: face, build, clothing (预案 2)'),
  suspectGender: z.enum([...genders, 'unknown']).describe('As seen; the office interview rule reads it'),
  postsAlerted: z.literal(true, { error: 'tell every post the suspect’s features first (5.1.1)' }),
  note,
});

// 预案 1: the monitoring room follows the suspect on camera.
export const CamerasTrackedSchema = z.strictObject({
  following: z.boolean().describe('The suspect is in view of the cameras'),
  note,
});

// 5.1.2: theft behaviour seen; the guard reports to the squad leader and warns the gate (the machine tells both).
export const TheftConfirmedSchema = z.strictObject({
  observed: z.string().trim().min(1).max(2000).describe('What the guard saw, e.g. put two lipsticks in a bag'),
  note,
});

// 5.1.3: the squad leader reaches the scene.
export const SquadLeaderArrivedSchema = z.strictObject({ note });

// 5.1.3 1): the guard stops the customer politely, with the script for where they are.
export const CustomerInterceptedSchema = z.strictObject({
  where: z.enum(interceptionPlaces).describe('Before the exit (cashier reminder) or at the exit (detection alarm)'),
  note,
});

// 5.1.3 2): the customer apologises; staff walk them to the till to pay.
export const CustomerPaidSchema = z.strictObject({
  escortedToTill: z.literal(true, { error: 'the squad leader or a guard walks the customer to the till (5.1.3 2))' }),
  receiptNumber: z.string().trim().max(64).optional(),
  amount: z.number().min(0).max(10_000_000).multipleOf(0.01).optional().describe('Amount paid, yuan'),
  note,
});

// 5.1.3 3): the customer refuses; stay calm and invite them to the office. No argument on the shop floor.
export const CustomerRefusedSchema = z.strictObject({
  customerGender: z.enum(genders).describe('Recorded before the office: a female customer needs female staff present'),
  invitedToOffice: z.literal(true, { error: 'invite the customer to the office; no argument on the shop floor' }),
  note,
});

// 5.1.3 4): a female staff member is in the office (required before a female customer is interviewed).
export const FemaleStaffPresentSchema = z.strictObject({
  staffName: name,
  staffId: z.string().trim().max(128).optional(),
  gender: z.literal('female', { error: 'the staff member recorded must be female' }),
  note,
});

// 5.1.3 4): the office interview, led by the operations manager with a guard assisting.
export const InterviewStartedSchema = z.strictObject({
  assistingGuard: name.describe('Guard assisting the operations manager'),
  note,
});

// 5.1.4 (cut off in the seed) and 预案 4, 8, 9: how the interview ends.
export const DecisionMadeSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('settled'),
    resolution: z.enum(['paid', 'returned']).describe('The customer paid for or returned the goods'),
    goods: z.array(goodsLine).min(1).max(100),
    customerAdmitted: z.boolean().optional(),
    searchPerformed: noSearch,
    note,
  }),
  z.strictObject({
    outcome: z.literal('handed_to_police'),
    officerName: name,
    badgeNumber: z.string().trim().min(1).max(32),
    policeCaseNumber: z.string().trim().min(1).max(64),
    detainedByStaff: z.literal(false, {
      error: 'staff may not detain or interrogate the suspect; the police take over (预案 4)',
    }),
    evidence: z
      .array(
        z.strictObject({
          kind: z.enum(['photo', 'video', 'cctv']),
          ref: z.string().trim().min(1).max(200).describe('Attachment sha256 or where the file is kept'),
        }),
      )
      .min(1, { error: 'keep photos or video of the scene as evidence (预案 9)' })
      .max(100),
    goods: z.array(goodsLine).max(100).optional(),
    witnesses: z
      .array(z.strictObject({ name, contact: z.string().trim().min(1).max(128) }))
      .max(50)
      .optional(),
    searchPerformed: noSearch,
    note,
  }),
  z.strictObject({
    outcome: z.literal('released'),
    reason: z.string().trim().min(1).max(2000).describe('Why no theft was established'),
    searchPerformed: noSearch,
    note,
  }),
]);

// No one is held: a customer who walks away (before the office or out of it) is let go and the case is reported.
export const SuspectLeftSchema = z.strictObject({
  direction: z.string().trim().max(200).optional().describe('Which way they went, vehicle if any (预案 2)'),
  policeCalled: z.boolean().describe('The police were called (预案 3, 5)'),
  policeCaseNumber: z.string().trim().max(64).optional(),
  note,
});

// The suspicion did not hold: goods put back, paid without prompting, or a mistake.
export const SuspicionDroppedSchema = z.strictObject({
  reason: z.enum(['goods_put_back', 'paid_unprompted', 'mistaken', 'other']),
  note,
});

// 预案 10–11: the incident report goes to the general manager's office.
export const ReportFiledSchema = z.strictObject({
  summary: z.string().trim().min(1).max(8000),
  injuries: z.string().trim().max(2000).optional().describe('Anyone hurt and the care given (预案 6)'),
  facilityDamage: z.string().trim().max(2000).optional().describe('Damage to mall facilities (预案 7)'),
});

const floorStaff = ['patrol_guard', 'gate_guard', 'squad_leader'] as const;
const office = ['ops_manager', 'security_captain'] as const;

export const events = {
  cameras_tracked: { schema: CamerasTrackedSchema, roles: ['monitor_guard'], optional: true },
  theft_confirmed: { schema: TheftConfirmedSchema, roles: ['patrol_guard', 'monitor_guard'] },
  suspicion_dropped: { schema: SuspicionDroppedSchema, roles: ['patrol_guard', 'monitor_guard', 'squad_leader'] },
  squad_leader_arrived: { schema: SquadLeaderArrivedSchema, roles: ['squad_leader'] },
  customer_intercepted: { schema: CustomerInterceptedSchema, roles: [...floorStaff] },
  customer_paid: { schema: CustomerPaidSchema, roles: [...floorStaff] },
  customer_refused: { schema: CustomerRefusedSchema, roles: [...floorStaff] },
  female_staff_present: { schema: FemaleStaffPresentSchema, roles: ['squad_leader', 'patrol_guard', ...office] },
  interview_started: { schema: InterviewStartedSchema, roles: [...office] },
  decision_made: { schema: DecisionMadeSchema, roles: [...office] },
  suspect_left: { schema: SuspectLeftSchema, roles: [...floorStaff, 'monitor_guard', ...office], optional: true },
  report_filed: { schema: ReportFiledSchema, roles: ['security_captain', 'squad_leader'] },
} satisfies Record<string, EventSpec>;

export const start: EventSpec = {
  schema: SuspectNoticedSchema,
  roles: ['patrol_guard', 'monitor_guard', 'gate_guard', 'squad_leader', 'security_captain'],
};

// ---- Version 2 (issue 18): the female staff member is read from the site's staff records, not typed. ----

/**
 * 5.1.3 4), version 2: the step names the staff member by user id. Until version 3 an API middleware checked the
 * site's staff records and wrote her name and gender into `staffName` and `gender`, replacing anything sent; recorded
 * steps keep what it wrote. Since then the step carries her staff record (EventSpec.people) and the machine records
 * the name and gender from it; it lets a female customer's interview start only on `gender: 'female'`.
 */
export const FemaleStaffPresentSchemaV2 = z.strictObject({
  staffId: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .describe('User id of the female staff member present (from the site’s staff records)')
    .meta(staffField({ gender: 'female' })),
  staffName: name
    .optional()
    .describe('Filled by the server from the staff records; what is sent is replaced')
    .meta({ readOnly: true }),
  gender: z
    .literal('female', { error: 'the staff records must give this staff member as female (5.1.3 4))' })
    .optional()
    .describe('Filled by the server from the staff records; what is sent is replaced')
    .meta({ readOnly: true }),
  note,
});

/**
 * Version 2's ending: handed to the police with the scene's photos or video stills as files of the case (预案 9
 * 企划部拍照或录像), beside where any other recording is kept.
 */
export const DecisionMadeSchemaV2 = z.discriminatedUnion('outcome', [
  DecisionMadeSchema.options[0],
  DecisionMadeSchema.options[1].extend({ photos: photos('Photos or video stills of the scene (预案 9)', 20) }),
  DecisionMadeSchema.options[2],
]);

/**
 * Events of version 2: `female_staff_present` names a staff user (checked against the staff records by the API until
 * version 3); `decision_made` carries the scene's photos as files.
 */
export const eventsV2 = {
  ...events,
  female_staff_present: {
    ...events.female_staff_present,
    schema: FemaleStaffPresentSchemaV2,
    // Since version 3 the API hands the named person's staff record to the case; the v2 machine records her name and
    // gender from it (steps recorded before carry what the API stamped into their data, and none).
    people: ['staffId'],
  },
  decision_made: { ...events.decision_made, schema: DecisionMadeSchemaV2 },
} satisfies Record<string, EventSpec>;

// ---- Version 3 (issue 18): the staff records reach the machine through the engine's `people` facts. ----

/**
 * 5.1.3 4), version 3: the step names the female staff member by user id only; the API hands the case her staff record
 * (EventSpec.people: name, roles at the site, gender) and the machine refuses a person the records do not give as
 * female (rule femaleByStaffRecords). Nothing about her is typed.
 */
export const FemaleStaffPresentSchemaV3 = z.strictObject({
  staffId: FemaleStaffPresentSchemaV2.shape.staffId,
  note,
});

/** Events of version 3: version 2's, with `female_staff_present` naming a person of the staff records (`people`). */
export const eventsV3 = {
  ...eventsV2,
  female_staff_present: { ...eventsV2.female_staff_present, schema: FemaleStaffPresentSchemaV3 },
} satisfies Record<string, EventSpec>;
