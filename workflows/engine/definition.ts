import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import { msUntilDue } from '../calendar';
import type { Actor, PersonFacts } from './contract';
import type { DocumentSpec } from './documents';
import { isProbe } from './procedure-kit';
import type { CasePolicy, ProcedurePolicyInput } from './policy';

/** What a machine receives as input when a case starts. */
export interface CaseMachineInput<TData = Record<string, unknown>> {
  caseId: string;
  number: string;
  site: string;
  drill: boolean;
  policy: CasePolicy;
  data: TData;
  startedAt: number;
  startedBy: Actor;
}

/** An event a person sends: the engine stamps who, in what role, and when (workflow time, epoch ms). */
export interface StepEvent<TType extends string, TData = Record<string, unknown>> {
  type: TType;
  data: TData;
  actor: Actor;
  at: number;
  /**
   * Staff records of the people the data names in the event's `people` fields, by user id (see EventSpec.people);
   * present only on events that declare such fields, and then for each person named.
   */
  people?: Record<string, PersonFacts>;
}

/** An event of a procedure: its data schema and the roles that may send it. */
export interface EventSpec {
  schema: z.ZodType<Record<string, unknown>>;
  roles: readonly string[];
  /** A step that may happen but that nobody is waiting for (e.g. a repeat complaint): it does not put the case in inboxes. */
  optional?: boolean;
  /**
   * Top-level fields of the data that name a person of the site by user id (e.g. `commander`). The API hands the step
   * that person's staff record (StepEvent.people); a step naming someone who is not on the site's staff is refused as
   * InvalidData on that field, before any guard runs. A step with no records at all (recorded before the event declared
   * the field) reaches the machine without them, so a guard must treat a missing record as not qualifying.
   */
  people?: readonly string[];
}

export type Messages = { [key: string]: string | Messages };

/** Everything the engine, API and UI need to know about one procedure; one folder builds one of these. */
export interface ProcedureDefinition {
  id: string;
  version: number;
  /** Prefix of the readable case number, e.g. ZJ for ZJ-20261124-0007. */
  numberPrefix: string;
  machine: AnyStateMachine;
  /** Data entered when a case is opened, and who may open one. */
  start: EventSpec;
  events: Record<string, EventSpec>;
  policy: ProcedurePolicyInput;
  i18n: { 'zh-CN': Messages; en: Messages };
  /** When set, only these roles may see or act on a case of this procedure. */
  visibleTo?: readonly string[];
  /**
   * The role that owns a case now, read from its context, for procedures where one role answers for the whole case
   * (the complaint's department manager, raised to branch_gm and gm); `undefined` where no role owns it (yet).
   */
  owner?: (context: Record<string, unknown>) => string | undefined;
  /** Money the procedure charges to accounts (e.g. the complaint penalty ledger), read from a case's context. */
  ledger?: (context: Record<string, unknown>) => LedgerEntry[];
  /** A valid intake and a role that may open it: tests that walk every procedure through the API start with it. */
  example: { by: string; data: Record<string, unknown> };
  /** Printable documents of a case by id (e.g. incident-report), served as PDF by the API. */
  documents?: Record<string, DocumentSpec>;
  /**
   * Sources outside the app that open cases of this procedure by themselves (e.g. an alarm panel's signed hook). The
   * API's route for a source finds the procedure by it and names none; at most one procedure may declare a source.
   */
  triggers?: readonly OutsideTrigger[];
  /**
   * Facts that may still be added once a case is closed, by the step's event name (e.g. `police_case_number_added`:
   * the police give their case number days after the case closed, issue 18 point 2). While the case is open the same
   * event is an ordinary step of the machine; once closed, the API appends the fact to the case's records as an
   * addendum (who, when, what) and changes nothing recorded. Absent: nothing can be added after close.
   */
  lateFacts?: Record<string, LateFactSpec>;
}

/**
 * A fact a closed case may still be given: its data, who may give it, and the procedure's rule of when it may.
 * `refusal` is pure (it runs in the API on the case's final context): it reads what the case recorded and what was
 * added after close, and names the reason to refuse, or returns undefined when the fact may be added.
 */
export interface LateFactSpec {
  /** The fact's data (usually the step's own schema). */
  schema: z.ZodType<Record<string, unknown>>;
  /** The roles that may add it to a closed case. */
  roles: readonly string[];
  /**
   * Why this closed case takes no such fact now, or undefined when it may.
   * @param context the case's final context (CaseView.context)
   * @param earlier the same fact's earlier additions after close, oldest first
   * @returns a key of the procedure's `lateFacts.<event>.refusals` strings (e.g. `police_not_involved`)
   */
  refusal: (context: Record<string, unknown>, earlier: readonly LateFactData[]) => string | undefined;
}

/** The data of an addition made after close, as the refusal rule of a {@link LateFactSpec} reads it. */
export type LateFactData = Record<string, unknown>;

/**
 * What the alarm-panel hook hands its procedure: a signed, fresh alarm of a known panel, with the panel's zone
 * already named as the site names it (config/panels.yaml).
 */
export interface PanelAlarm {
  /** The panel's own id of the alarm: the same id never opens a second case. */
  eventId: string;
  /** The site's name of the zone that alarmed. */
  zone: string;
  /** Free text the panel sent with the alarm, if any. */
  description?: string;
}

/**
 * An outside source that opens a case: `source` names the API's hook (POST /hooks/<source>), `role` is the role the
 * source acts in (it opens the case as the start's `by`), `toIntake` turns what the source sent into the intake data
 * the procedure's start schema checks.
 */
export type OutsideTrigger = {
  source: 'alarm-panel';
  role: string;
  toIntake: (alarm: PanelAlarm) => Record<string, unknown>;
};

/** One charge of a procedure's ledger: to which account (a department), how much (¥), why, when (epoch ms). */
export interface LedgerEntry {
  account: string;
  amount: number;
  reason: string;
  at: number;
}

/** Workflow time of the event that made the machine enter a state: steps carry `at`, the start carries input. */
export function eventTime(event: unknown): number {
  const e = event as { at?: number; input?: { startedAt?: number } };
  if (typeof e.at === 'number') return e.at;
  if (typeof e.input?.startedAt === 'number') return e.input.startedAt;
  throw new Error(`event ${(event as { type?: string }).type} carries no time`);
}

interface PolicyContext {
  policy: CasePolicy;
}

/**
 * A named XState delay for the deadline `timer` of the case policy, counted from the event that entered the state
 * (or from `anchor(context)` when given), in calendar time for durations and site working time for WD/WH.
 */
export function deadline<TContext extends PolicyContext>(timer: string, anchor?: (context: TContext) => number) {
  return ({ context, event }: { context: TContext; event: unknown }): number => {
    const spec = context.policy.deadlines[timer];
    if (spec === undefined) throw new Error(`policy has no deadline ${timer}`);
    const now = eventTime(event);
    const from = anchor ? anchor(context) : now;
    return Math.max(0, from + msUntilDue(spec, from, context.policy.calendar) - now);
  };
}

/** Actions every procedure may use; machines put them in `setup({ actions })` and call them by name. */
export const engineActions = {
  /** Starts the escalation ladder of `timer` from the policy; it runs while the state that owned the deadline stays active. */
  escalate: (_args: unknown, _params: { timer: string }) => {},
  /**
   * The step deadline `timer` waits for came, though the machine stays in the deadline's state (e.g. a daily
   * follow-up round that got its call): the deadline's record says met, at the step's time. Leaving the state needs no
   * such action; the engine records that itself.
   */
  deadlineMet: (_args: unknown, _params: { timer: string }) => {},
  /** An in-app notice to a role of the case's site, delivered by the `inform` activity. */
  inform: (_args: unknown, _params: { role: string; about: string }) => {},
};

/** The actions the engine carries out itself; every other named action becomes the activity of that name. */
export const ENGINE_ACTION_TYPES: ReadonlySet<string> = new Set(['escalate', 'deadlineMet']);

/**
 * Wraps a guard that reads the event's data. When the engine lists what a case accepts now it has no data yet,
 * so it sends a probe event; a data guard lets the probe pass and the real step is judged on its data.
 */
export function dataGuard<TArgs extends { event: unknown }>(guard: (args: TArgs) => boolean) {
  return (args: TArgs): boolean => (isProbe(args.event) ? true : guard(args));
}
