import type { Actor, Escalation, Intake, StepRecord } from './contract';
import type { CaseMachineInput } from './definition';

// The shapes a case keeps and hands out: the effects it asks the workflow for, its timers and deadline records, and
// what it carries over continue-as-new. case-core.ts re-exports them for the front door (index.ts) and tests.

export type Effect =
  | { kind: 'startTimer'; key: string; dueAt: number }
  | { kind: 'cancelTimer'; key: string }
  | { kind: 'activity'; name: string; key: string; payload: ActionPayload };

/** What an activity receives for a machine action or an escalation rung. */
export interface ActionPayload {
  key: string;
  caseId: string;
  number: string;
  procedure: string;
  site: string;
  params: Record<string, unknown>;
  escalation?: Escalation;
}

/**
 * Every deadline the case ran and what became of it: the material of overdue statistics (epoch ms).
 * - `open`: still running.
 * - `met`: its step came by the due time; `endedAt` is the step's time.
 * - `late`: its step came after the due time; `endedAt` is the step's time.
 * - `missed`: the due time passed and its step has not come (a recurring round that ended without its step stays so).
 * - `cancelled`: its state was left before the due time by something other than its step (e.g. a manager closed the
 *   case); no step, no breach.
 * Only met and late carry `endedAt`. Records persisted before `late` existed may say `missed` with `endedAt` = when
 * the timer fired; `resume` drops that time, since it is not a step's.
 */
export interface DeadlineRecord {
  timer: string;
  state: string;
  startedAt: number;
  dueAt: number;
  outcome: DeadlineOutcome;
  endedAt?: number;
}

export type DeadlineOutcome = 'open' | 'met' | 'late' | 'missed' | 'cancelled';

/** A reminder sent before a deadline fell due. */
export interface ReminderRecord {
  timer: string;
  at: number;
  to: string[];
}

export interface TimerEntry {
  key: string;
  kind: 'deadline' | 'rung' | 'reminder';
  /** Deadline id, e.g. patrol_arrival. */
  timer: string;
  /** State node id whose exit ends this timer. */
  stateNodeId: string;
  dueAt: number;
  /** Deadline timers: the XState event to send when it fires. Rungs: the level to fire. */
  event?: { type: string };
  level?: number;
  deadlineDueAt?: number;
}

/** A case as it continues-as-new: the persisted machine state plus everything the engine keeps beside it. */
export interface PersistedCase {
  caseId: string;
  number: string;
  site: string;
  drill: boolean;
  value: unknown;
  context: Record<string, unknown>;
  timers: TimerEntry[];
  breaches?: TimerEntry[];
  deadlines?: DeadlineRecord[];
  reminders?: ReminderRecord[];
  escalations: Escalation[];
  history: StepRecord[];
  /** What was reported and by whom; absent in cases persisted before it was kept. */
  intake?: Intake;
  actionSeq: number;
  startedAt: number;
  updatedAt: number;
  /** Idempotency keys applied recently, `[key, fingerprint, at]`, oldest first (absent when none). */
  requests?: Array<[string, string, number]>;
}

/** How long a case remembers an applied idempotency key, in ms: a client's retries come well within a day. */
export const REQUEST_KEY_TTL_MS = 24 * 60 * 60_000;
/** At most this many keys per case (~130 bytes each in the continue-as-new input); the oldest go first. */
export const MAX_REQUEST_KEYS = 500;

/** What opens a case: its ids, site, policy, intake data and who opened it (the engine adds the time). */
export interface CaseStart {
  caseId: string;
  number: string;
  site: string;
  drill?: boolean;
  policy: CaseMachineInput['policy'];
  data: Record<string, unknown>;
  startedBy: Actor;
  /**
   * Roles the site's on-duty roster covered when the case started (issue 21 point 3; set by the API from
   * config/rosters/): a rung to one of them goes to the person on duty at its firing time, asked of the `onDuty`
   * activity; a rung to another role goes to everyone holding it, recorded as `no_roster`. Absent (cases started
   * before rosters, tests' hand-built starts): nothing is recorded and every rung goes to its role, as before.
   */
  rostered?: string[];
}

/** Epoch ms as an ISO 8601 string (UTC), as the case view and the history show times. */
export const iso = (ms: number) => new Date(ms).toISOString();
