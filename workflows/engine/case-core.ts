import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { initialTransition, transition } from 'xstate';
import {
  iso,
  type ActionPayload,
  type CaseStart,
  type Effect,
  type PersistedCase,
  type TimerEntry,
} from './case-records';
import { CaseTimers } from './case-timers';
import { allowedEvents, checkStep, isOwnStep, parseOrReject, stateNameOf } from './case-steps';
import { awaitingRolesOf, caseView, policyOf, statePathOf } from './case-view';
import type { Actor, CaseView, Escalation, Intake, OnDutyAnswer, RequestKey, StepInput, StepRecord } from './contract';
import { ENGINE_ACTION_TYPES, type CaseMachineInput, type ProcedureDefinition, type StepEvent } from './definition';
import { activeStateNodes } from './machine-structure';
import { RequestLog } from './request-log';

/**
 * The pure heart of a case: it applies events to the procedure's machine with XState's pure functions and says,
 * as effects, which timers to start or cancel and which activities to run. The Temporal workflow carries the
 * effects out; tests drive this class directly with their own clock.
 *
 * Its jobs, one file each: the shapes it keeps (case-records.ts), its clock — deadlines, escalation ladders, reminders
 * (case-timers.ts) —, which steps it accepts and why it refuses one (case-steps.ts), the idempotency keys it applied
 * (request-log.ts), the view (case-view.ts) and, here, the case's own state: applying steps and timers, the effects
 * they return, persisting.
 */
export {
  MAX_REQUEST_KEYS,
  REQUEST_KEY_TTL_MS,
  type ActionPayload,
  type CaseStart,
  type DeadlineOutcome,
  type DeadlineRecord,
  type Effect,
  type PersistedCase,
  type ReminderRecord,
} from './case-records';

export class CaseCore {
  /** The case's clock: timers, breaches, deadline records, reminders and escalations (case-timers.ts). */
  private readonly clock = new CaseTimers({
    policy: () => policyOf(this.snapshot),
    statePathOf: (stateNodeId) => statePathOf(this.def, stateNodeId),
    machineId: () => this.def.machine.id,
    activity: (name, params, escalation) => this.activity(name, params, escalation),
    awaitingRoles: (now) => (this.closed ? [] : awaitingRolesOf(this.def, allowedEvents(this.def, this.snapshot, now))),
    touch: (now) => {
      this.updatedAt = now;
    },
  });
  private history: StepRecord[] = [];
  private intake: Intake | undefined;
  private actionSeq = 0;
  private updatedAt: number;
  /** Applied idempotency keys (request-log.ts). */
  private requests = new RequestLog();

  private constructor(
    readonly def: ProcedureDefinition,
    private snapshot: AnyMachineSnapshot,
    readonly caseId: string,
    readonly number: string,
    readonly site: string,
    readonly drill: boolean,
    readonly startedAt: number,
  ) {
    this.updatedAt = startedAt;
  }

  /** Opens a case: validates the intake data, enters the machine's initial state and returns the first effects. */
  static start(def: ProcedureDefinition, start: CaseStart, now: number): { core: CaseCore; effects: Effect[] } {
    const data = parseOrReject(def.start.schema, start.data, 'start');
    // Who is on duty is the workflow's business (runProcedure), not the machine's.
    const { rostered: _rostered, ...opening } = start;
    const input: CaseMachineInput = { ...opening, drill: start.drill ?? false, data, startedAt: now };
    const [snapshot, actions] = initialTransition(def.machine, input);
    const core = new CaseCore(def, snapshot, start.caseId, start.number, start.site, input.drill, now);
    core.intake = { data, openedBy: { ...start.startedBy } };
    const effects = core.runActions(actions, now, null);
    return { core, effects };
  }

  /** Rebuilds a case carried over by continue-as-new; its open timers keep their absolute due times. */
  static resume(def: ProcedureDefinition, saved: PersistedCase): CaseCore {
    const snapshot = def.machine.resolveState({ value: saved.value as never, context: saved.context });
    const core = new CaseCore(def, snapshot, saved.caseId, saved.number, saved.site, saved.drill, saved.startedAt);
    core.clock.restore(saved);
    core.history = saved.history;
    core.intake = saved.intake;
    core.actionSeq = saved.actionSeq;
    core.updatedAt = saved.updatedAt;
    core.requests = RequestLog.load(saved.requests);
    return core;
  }

  // The open timers (the clock's; tests read their keys to fire them).
  private get timers(): Map<string, TimerEntry> {
    return this.clock.timers;
  }

  /** The timers to restart after a resume. */
  openTimerEffects(): Effect[] {
    return [...this.timers.values()].map((t) => ({ kind: 'startTimer', key: t.key, dueAt: t.dueAt }));
  }

  get closed(): boolean {
    return this.snapshot.status !== 'active';
  }

  /**
   * Whether `request` was applied before: true for the same key with the same fingerprint (a retry: answer it, do
   * not apply it again), false for a key not seen (or no key). Throws StepRejected `IdempotencyKeyReused` when the key
   * was applied for a different request. Changes nothing.
   */
  isRepeat(request: RequestKey | undefined): boolean {
    return this.requests.isRepeat(request, this.number);
  }

  /** Checks a step without changing anything; throws StepRejected with the precise reason. */
  validate(step: StepInput, now: number): StepEvent<string> {
    const { def, snapshot, number, closed } = this;
    return checkStep({ def, snapshot, number, closed, stateName: this.stateName() }, step, now);
  }

  /**
   * Applies a validated step and records it in the case history. A repeat of a request already applied (same
   * idempotency key and fingerprint) changes nothing and returns no effects; a reused key throws (see `isRepeat`).
   */
  applyStep(step: StepInput, now: number): Effect[] {
    if (this.isRepeat(step.request)) return [];
    const event = this.validate(step, now);
    // The state nodes whose transitions this step takes: a deadline is ended by its own step, not by (say) closing.
    const sources = this.def.machine
      .getTransitionData(this.snapshot, event as never)
      .map((t: { source: { path: string[] } }) => t.source.path);
    this.requests.remember(step.request, now);
    const [next, actions] = transition(this.def.machine, this.snapshot, event);
    this.snapshot = next;
    this.history.push({
      seq: this.history.length + 1,
      type: event.type,
      data: event.data,
      actor: { id: step.actor.id, name: step.actor.name },
      role: step.actor.role,
      at: iso(now),
      state: this.stateName(),
    });
    return this.runActions(actions, now, null, sources);
  }

  /** A Temporal timer fired: send the machine its delayed event, or fire the next escalation rung. */
  fireTimer(key: string, now: number): Effect[] {
    const entry = this.timers.get(key);
    if (!entry) return [];
    this.timers.delete(key);
    if (entry.kind === 'rung') return this.clock.fireRung(entry, now);
    if (entry.kind === 'reminder') return this.clock.fireReminder(entry, now);
    // A deadline whose step already came in its state (a round that got its call) is no breach.
    const record = this.clock.recordOf(entry);
    if (record?.outcome !== 'met') this.clock.breaches.set(entry.key, entry);
    if (record?.outcome === 'open') record.outcome = 'missed';
    const [next, actions] = transition(this.def.machine, this.snapshot, { ...entry.event, at: now } as never);
    this.snapshot = next;
    return this.runActions(actions, now, entry);
  }

  /** Checks an acknowledgement without changing anything; throws StepRejected with the reason. */
  validateAck(n: number, actor: Actor): Escalation {
    return this.clock.validateAck(n, actor, this.number);
  }

  /** Records that a person of the rung's role acknowledged escalation `n`; a repeated request (see `isRepeat`) is not. */
  acknowledge(n: number, actor: Actor, now: number, request?: RequestKey): Effect[] {
    if (this.isRepeat(request)) return [];
    const esc = this.validateAck(n, actor);
    this.requests.remember(request, now);
    esc.ackedBy = actor.id;
    esc.ackedByName = actor.name;
    esc.ackedAt = iso(now);
    this.updatedAt = now;
    if (!policyOf(this.snapshot).ackStopsLadder) return [];
    return this.clock.cancelWhere((t) => t.kind === 'rung' && t.timer === esc.timer);
  }

  /** Records channels that refused escalation `n` for good, and why (see {@link CaseTimers.markUndelivered}). */
  markUndelivered(n: number, refusals: ReadonlyArray<{ channel: string; reason: string }>): void {
    this.clock.markUndelivered(n, refusals);
  }

  /** Records who escalation `n` goes to under the site's roster (see {@link CaseTimers.assignRoster}). */
  assignRoster(n: number, found: OnDutyAnswer, now: number): { send: boolean; effects: Effect[] } {
    return this.clock.assignRoster(n, found, now);
  }

  /** Records channels an escalation was delivered through (reported back by the notification activity). */
  markDelivered(n: number, channels: string[]): void {
    this.clock.markDelivered(n, channels);
  }

  /** Everything the case carries over continue-as-new (see `resume`). */
  persist(): PersistedCase {
    const requests = this.requests.persist();
    return {
      caseId: this.caseId,
      number: this.number,
      site: this.site,
      drill: this.drill,
      value: this.snapshot.value,
      context: this.snapshot.context as Record<string, unknown>,
      timers: [...this.timers.values()],
      breaches: [...this.clock.breaches.values()],
      deadlines: this.clock.deadlines,
      reminders: this.clock.reminders,
      escalations: this.clock.escalations,
      history: this.history,
      ...(this.intake ? { intake: this.intake } : {}),
      actionSeq: this.actionSeq,
      startedAt: this.startedAt,
      updatedAt: this.updatedAt,
      // Only when there are any: a case that never got a key continues as new exactly as before.
      ...(requests ? { requests } : {}),
    };
  }

  /** The case as the API shows it. */
  view(now: number): CaseView {
    const { def, snapshot, caseId, number, site, drill, clock, intake, history, startedAt, updatedAt } = this;
    return caseView({ def, snapshot, caseId, number, site, drill, clock, intake, history, startedAt, updatedAt }, now);
  }

  /** Dotted path(s) of the active leaf states, e.g. `responding.awaitingPatrol`. */
  stateName(): string {
    return stateNameOf(this.snapshot);
  }

  /**
   * `stepSources`: paths of the state nodes whose transitions the step being applied takes (none for a timer or the
   * start); a deadline whose state is left by one of them got its step.
   */
  private runActions(
    actions: Array<{ type: string; params?: unknown }>,
    now: number,
    firing: TimerEntry | null,
    stepSources: string[][] = [],
  ): Effect[] {
    this.updatedAt = now;
    const effects: Effect[] = [];
    // Deadlines the machine says this step meets, though the step's transition lies outside their state (a state's
    // exit actions run before the transition's own, so they are read first).
    const metTimers = new Set(
      actions.filter((a) => a.type === 'deadlineMet').map((a) => String((a.params as { timer?: unknown }).timer)),
    );
    const end = (entry: TimerEntry) =>
      this.clock.endDeadline(
        entry,
        now,
        metTimers.has(entry.timer) || isOwnStep(this.def, entry.stateNodeId, stepSources),
      );
    for (const action of actions) {
      const params = (action.params ?? {}) as Record<string, unknown>;
      if (action.type === 'xstate.cancel') {
        effects.push(...this.clock.cancelDeadline(String(params.sendId), end));
      } else if (action.type === 'deadlineMet') {
        this.clock.meetInState(String(params.timer), now);
      } else if (action.type === 'xstate.raise' && typeof params.delay === 'number') {
        effects.push(
          ...this.clock.scheduleDeadline(params as { id: string; delay: number; event: { type: string } }, now),
        );
      } else if (action.type === 'escalate') {
        effects.push(...this.clock.startLadder(String(params.timer), firing, now));
      } else if (!action.type.startsWith('xstate.') && !ENGINE_ACTION_TYPES.has(action.type)) {
        effects.push(this.activity(action.type, params));
      }
    }
    const active = new Set(activeStateNodes(this.snapshot).map((n) => n.id));
    effects.push(...this.clock.settle(active, this.closed, end));
    return effects;
  }

  private activity(name: string, params: Record<string, unknown>, escalation?: Escalation): Effect {
    this.actionSeq += 1;
    const key = `${this.caseId}:${name}:${this.actionSeq}`;
    const payload: ActionPayload = {
      key,
      caseId: this.caseId,
      number: this.number,
      procedure: this.def.id,
      site: this.site,
      params,
      ...(escalation ? { escalation } : {}),
    };
    return { kind: 'activity', name, key, payload };
  }
}

export type { AnyStateMachine };
