import { z } from 'zod';

/**
 * The engine's messages and the case view, as zod schemas: one source for validation,
 * TypeScript types and the API's OpenAPI document.
 */

export const RoleIdSchema = z.string().min(1).max(64).describe('Role id, e.g. patrol_guard');

export const ActorSchema = z.object({
  id: z.string().min(1).max(128).describe('User id'),
  name: z.string().min(1).max(128).describe('Display name'),
  role: RoleIdSchema.describe('The role the user acts in for this step'),
});
export type Actor = z.infer<typeof ActorSchema>;

/**
 * Which request a step or an acknowledgement is, when its sender gave an idempotency key: `key` is the key scoped to
 * the sender (the API sends a hash of user id and `Idempotency-Key`), `fingerprint` a hash of what was asked (event,
 * data and role; or the escalation). The case remembers each applied key with its fingerprint, across
 * continue-as-new: the same key with the same fingerprint is a repeat (answered, not applied again); with another
 * fingerprint it is refused as `IdempotencyKeyReused`.
 */
export const RequestKeySchema = z.object({
  key: z.string().min(1).max(128),
  fingerprint: z.string().min(1).max(128),
});
export type RequestKey = z.infer<typeof RequestKeySchema>;

/**
 * What the site's staff records say of one person a step names (e.g. the on-scene commander): their name, the roles
 * they hold at the case's site, their gender when recorded, and whether the site's on-duty roster (config/rosters/) has
 * them on duty when the API received the step. The API reads it from the records (config/users.yaml, the roster) for
 * every field an event declares in `people` (EventSpec); the machine judges the person on it, never on a claim
 * typed into the form.
 */
export const PersonFactsSchema = z.object({
  name: z.string().min(1).max(128),
  roles: z.array(RoleIdSchema).describe('Roles the person holds at the case’s site'),
  gender: z.enum(['female', 'male']).optional(),
  onDuty: z
    .boolean()
    .optional()
    .describe(
      'Whether the site’s on-duty roster has the person on duty (or standing in as deputy) at the step’s time; ' +
        'absent when the roster lists none of their roles',
    ),
});
export type PersonFacts = z.infer<typeof PersonFactsSchema>;

export const StepInputSchema = z.object({
  type: z.string().min(1).max(64).describe('Event name, e.g. patrol_arrived'),
  data: z.record(z.string(), z.unknown()).default({}).describe('Event data, validated by the event schema'),
  actor: ActorSchema,
  request: RequestKeySchema.optional(),
  people: z
    .record(z.string(), PersonFactsSchema)
    .optional()
    .describe('Staff records of the people the data names, by user id (only the site’s staff are listed)'),
});
export type StepInput = z.input<typeof StepInputSchema>;

export const AckInputSchema = z.object({
  escalation: z.number().int().positive(),
  actor: ActorSchema,
  request: RequestKeySchema.optional(),
});
export type AckInput = z.infer<typeof AckInputSchema>;

export const StepRecordSchema = z.object({
  seq: z.number().int().describe('Position in the case history, from 1'),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  actor: z.object({ id: z.string(), name: z.string() }),
  role: z.string(),
  at: z.string().describe('ISO time the step was applied'),
  state: z.string().describe('State after the step'),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

/**
 * Outcomes of a deadline whose due time passed (its step came late, or never): what reports count as overdue, in
 * the API's arithmetic and in the records database's alike.
 */
export const PASSED_DUE_OUTCOMES: readonly string[] = ['late', 'missed'];
/** Outcomes of a deadline whose step came (in time or late): the samples of time-to-step. */
export const STEP_CAME_OUTCOMES: readonly string[] = ['met', 'late'];

/**
 * Who an escalation rung went to under the site's on-duty roster (issue 21 point 3), and why, decided at the rung's
 * firing time:
 * - `on_duty`: the person on duty for the rung's role (`user`, by `shift`);
 * - `deputy`: nobody was on duty; the role's deputy (`user`);
 * - `next_rung`: nobody was on duty and the role has no deputy; this rung told nobody and the next rung fired at once;
 * - `everyone`: as `next_rung`, but the ladder had no next rung: everyone holding the role was told;
 * - `no_roster`: the site's roster does not cover the role (or the site has none): everyone holding the role was told.
 */
export const RosterPickSchema = z.object({
  by: z.enum(['on_duty', 'deputy', 'next_rung', 'everyone', 'no_roster']),
  user: z.string().optional().describe('User id of the person told (on_duty, deputy)'),
  name: z.string().optional().describe('Display name of the person told'),
  shift: z
    .object({
      days: z
        .array(z.string())
        .optional()
        .describe('A weekly shift: the days it starts on (sun … sat); absent for a dated shift'),
      from: z.string().describe('Site time: HH:MM for a weekly shift, YYYY-MM-DD HH:MM for a dated one'),
      to: z.string().describe('As from; a weekly shift whose to is not after its from ends the next day'),
    })
    .optional()
    .describe('The shift that put them on duty (on_duty)'),
});
export type RosterPick = z.infer<typeof RosterPickSchema>;
/** The shift of a {@link RosterPick}: weekly (with `days`) or dated. */
export type RosterShift = NonNullable<RosterPick['shift']>;

/**
 * What the `onDuty` activity answers for a rung's role at its firing time: the person on duty or the deputy (with
 * their name), `nobody` (on duty, and no deputy), or `no_roster` (the site's roster does not cover the role now).
 */
export type OnDutyAnswer =
  | { by: 'on_duty'; user: string; name?: string; shift: RosterShift }
  | { by: 'deputy'; user: string; name?: string }
  | { by: 'nobody' }
  | { by: 'no_roster' };

/** What the workflow asks the `onDuty` activity: who holds `role` at `site` at `at` (ISO, the rung's firing time). */
export interface OnDutyQuery {
  site: string;
  role: string;
  at: string;
}

export const EscalationSchema = z.object({
  n: z.number().int().positive().describe('Escalation number within the case, from 1'),
  timer: z.string().describe('Deadline timer id, e.g. patrol_arrival'),
  level: z.number().int().positive().describe('Rung of the ladder, from 1'),
  to: z.string().describe('Role told'),
  channels: z.array(z.string()),
  dueAt: z.string().describe('When the deadline fell due'),
  at: z.string().describe('When this rung fired'),
  notifiedVia: z.array(z.string()).describe('Channels that confirmed delivery'),
  undelivered: z
    .array(z.object({ channel: z.string(), reason: z.string() }))
    .optional()
    .describe(
      'Channels that refused this rung for good (a platform’s documented permanent refusal, e.g. a removed robot or ' +
        'an invalid mobile number), with the refusal in its own words; never retried, so someone must act',
    ),
  roster: RosterPickSchema.optional().describe(
    'The on-duty roster in force when the rung fired: who was told and why; absent for cases started before rosters ' +
      'and while the rung is still being resolved',
  ),
  rule: z.string().optional().describe('The deadline in force, e.g. PT5M or 1WD'),
  startedAt: z.string().optional().describe('When the deadline started counting'),
  why: z.string().optional().describe('Why it escalated, in words (added by the API in the caller’s language)'),
  ackedBy: z.string().optional().describe('User id of whoever acknowledged it'),
  ackedByName: z
    .string()
    .optional()
    .describe('Display name of whoever acknowledged it (the API fills it in for acknowledgements kept without one)'),
  ackedAt: z.string().optional(),
});
export type Escalation = z.infer<typeof EscalationSchema>;

export const OpenTimerSchema = z.object({
  id: z.string().describe('Timer id, e.g. patrol_arrival, or <timer>#<level> for a ladder rung'),
  kind: z.enum(['deadline', 'rung', 'reminder']),
  state: z.string().describe('State that owns the timer; leaving it cancels the timer'),
  dueAt: z.string(),
  holidaysUnknownFrom: z
    .string()
    .optional()
    .describe(
      'Coverage warning: the first date (YYYY-MM-DD) this working-time deadline counted over without the official ' +
        "holiday arrangement for it; the due time may be wrong until that year's notice is loaded (config/holidays/)",
    ),
});
export type OpenTimer = z.infer<typeof OpenTimerSchema>;

export const AllowedEventSchema = z.object({ type: z.string(), roles: z.array(z.string()) });

export const IntakeSchema = z.object({
  data: z.record(z.string(), z.unknown()).describe('What was reported: the opening data, validated by the procedure'),
  openedBy: ActorSchema.describe('Who opened the case, in which role'),
});
export type Intake = z.infer<typeof IntakeSchema>;

/**
 * A fact added to a closed case (issue 18 point 2: the police case number, given after the case closed): an entry
 * appended to the case's records, not a step of its workflow. Nothing recorded before it changes.
 */
export const AddendumSchema = z.object({
  seq: z.number().int().describe('Position in the case’s audit trail (records), from 1'),
  type: z.string().describe('The fact, named as the step that records it while the case is open'),
  data: z.record(z.string(), z.unknown()).describe('The fact’s data, validated by the procedure'),
  actor: z.object({ id: z.string(), name: z.string() }),
  role: z.string().describe('The role the person added it in'),
  at: z.string().describe('ISO time it was added'),
});
export type Addendum = z.infer<typeof AddendumSchema>;

export const CaseViewSchema = z.object({
  caseId: z.string(),
  number: z.string(),
  procedure: z.string(),
  version: z.number().int(),
  site: z.string(),
  drill: z.boolean(),
  status: z.enum(['open', 'closed']),
  state: z.string().describe('Current state as a dotted path, e.g. searching'),
  stateValue: z.unknown().describe('XState state value'),
  context: z.record(z.string(), z.unknown()).describe('What the procedure has recorded so far'),
  allowedEvents: z.array(AllowedEventSchema).describe('Events the case accepts now and the roles that may send them'),
  awaitingRoles: z.array(z.string()),
  timers: z.array(OpenTimerSchema),
  breaches: z
    .array(z.object({ timer: z.string(), state: z.string(), dueAt: z.string() }))
    .describe('Deadlines already passed whose step is still not done: the case is overdue'),
  nextDueAt: z.string().nullable().describe('Earliest deadline of the case, passed or not'),
  deadlines: z
    .array(
      z.object({
        timer: z.string(),
        state: z.string(),
        startedAt: z.string(),
        dueAt: z.string(),
        outcome: z
          .enum(['open', 'met', 'late', 'missed', 'cancelled'])
          .describe(
            'open: still running; met: its step came in time; late: its step came after the due time; missed: passed ' +
              'and its step never came (so far); cancelled: left before its due time without its step (e.g. the ' +
              'case was closed by a manager)',
          ),
        endedAt: z.string().optional().describe('When its step came (met or late only)'),
        holidaysUnknownFrom: z.string().optional().describe('Coverage warning, as on an open timer'),
      }),
    )
    .describe('Every deadline the case ran and what became of it'),
  escalations: z.array(EscalationSchema),
  reminders: z
    .array(z.object({ timer: z.string(), at: z.string(), to: z.array(z.string()) }))
    .describe('Reminders sent before a deadline fell due, and to which roles'),
  intake: IntakeSchema.optional().describe(
    'What was reported and by whom; absent only for cases carried over (continue-as-new) before it was kept',
  ),
  history: z.array(StepRecordSchema),
  addenda: z
    .array(AddendumSchema)
    .optional()
    .describe('Facts added after the case closed (from its records), oldest first; absent when none'),
  lateFacts: z
    .array(AllowedEventSchema)
    .optional()
    .describe('Facts this closed case may still be given now, and the roles that may add them (closed cases only)'),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

/**
 * One row of the overdue report (GET /reports/overdue): per site, procedure and deadline timer, how often the
 * deadline ran, passed and escalated. Here, beside the case view it is counted from, because both the API (which
 * serves it, api/reports/build.ts counting views) and the records (which count it in SQL, records/reads.ts) answer it.
 */
export const OverdueReportRowSchema = z.object({
  site: z.string(),
  procedure: z.string(),
  timer: z.string().describe('Deadline timer id, e.g. patrol_arrival'),
  cases: z.number().int().min(0).describe('Cases in which this deadline ran'),
  overdue: z.number().int().min(0).describe('Cases in which it passed: its step came late, or never'),
  escalations: z.number().int().min(0).describe('Escalation rungs fired'),
  acknowledged: z.number().int().min(0).describe('Escalation rungs acknowledged'),
  late: z.number().int().min(0).describe('Cases in which it passed and its step came after the due time'),
  missed: z.number().int().min(0).describe('Cases in which it passed and its step has not come'),
});
export type OverdueReportRow = z.infer<typeof OverdueReportRowSchema>;

/**
 * One notice to a role's in-app inbox: what the case workflow hands to the records write (and, for cases without
 * records, to the outbox). Idempotent on `key`; `at` is an ISO time.
 */
export interface InAppNotice {
  key: string;
  caseId: string;
  number: string;
  procedure: string;
  site: string;
  role: string;
  /**
   * The one person of `role` it is for: the person the site's on-duty roster picked for an escalation rung
   * ({@link pickedBy}); absent when it is for everyone holding the role.
   */
  user?: string;
  kind: 'escalation' | 'notice' | 'reminder';
  about: string;
  /** ISO time. */
  at: string;
  escalation?: unknown;
}
