import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { initialTransition, transition } from 'xstate';
import { deadlineUncoveredFrom } from '../calendar';
import {
  MAX_REQUEST_KEYS,
  REQUEST_KEY_TTL_MS,
  iso,
  type ActionPayload,
  type CaseStart,
  type Effect,
  type PersistedCase,
  type TimerEntry,
} from './case-records';
import { CaseTimers } from './case-timers';
import type { Actor, CaseView, Escalation, Intake, OpenTimer, RequestKey, StepInput, StepRecord } from './contract';
import { ENGINE_ACTION_TYPES, type CaseMachineInput, type ProcedureDefinition, type StepEvent } from './definition';
import { StepRejected } from './errors';
import { activeStateNodes, declaredGuardsOf, regionPathOf, stateNodeById } from './machine-structure';

/**
 * The pure heart of a case: it applies events to the procedure's machine with XState's pure functions and says,
 * as effects, which timers to start or cancel and which activities to run. The Temporal workflow carries the
 * effects out; tests drive this class directly with their own clock.
 *
 * Its jobs, one file each: the shapes it keeps (case-records.ts), its clock — deadlines, escalation ladders, reminders
 * (case-timers.ts) — and, here, steps: validating and applying them, listing what the case accepts, the view.
 *
 * Longer than 300 lines for now: what stays here all reads and writes the machine snapshot and the step history this
 * class owns (applying a step, the actions it returns, persisting, the view); splitting it further means passing
 * that state around. The view (~80 lines) is the next candidate to move out as a pure function.
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
    policy: () => this.policy(),
    statePathOf: (stateNodeId) => this.statePathOf(stateNodeId),
    machineId: () => this.def.machine.id,
    activity: (name, params, escalation) => this.activity(name, params, escalation),
    awaitingRoles: (now) => this.view(now).awaitingRoles,
    touch: (now) => {
      this.updatedAt = now;
    },
  });
  private history: StepRecord[] = [];
  private intake: Intake | undefined;
  private actionSeq = 0;
  private updatedAt: number;
  /** Applied idempotency keys → fingerprint and when applied, in the order applied. */
  private requests = new Map<string, { fingerprint: string; at: number }>();

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
    const input: CaseMachineInput = { ...start, drill: start.drill ?? false, data, startedAt: now };
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
    for (const t of saved.timers) core.clock.timers.set(t.key, t);
    for (const t of saved.breaches ?? []) core.clock.breaches.set(t.key, t);
    // Before late existed, a miss kept the timer's firing time as endedAt; it is no step's time.
    core.clock.deadlines = (saved.deadlines ?? []).map(({ endedAt, ...d }) =>
      d.outcome === 'missed' || endedAt === undefined ? d : { ...d, endedAt },
    );
    core.clock.reminders = saved.reminders ?? [];
    core.clock.escalations = saved.escalations;
    core.history = saved.history;
    core.intake = saved.intake;
    core.actionSeq = saved.actionSeq;
    core.updatedAt = saved.updatedAt;
    for (const [key, fingerprint, at] of saved.requests ?? []) core.requests.set(key, { fingerprint, at });
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
    if (!request) return false;
    const seen = this.requests.get(request.key);
    if (!seen) return false;
    if (seen.fingerprint === request.fingerprint) return true;
    throw new StepRejected(
      'IdempotencyKeyReused',
      `case ${this.number}: this idempotency key was already used for a different request at ${iso(seen.at)}; ` +
        'nothing was done (use a new key for a new request)',
      { appliedAt: iso(seen.at) },
    );
  }

  /** Checks a step without changing anything; throws StepRejected with the precise reason. */
  validate(step: StepInput, now: number): StepEvent<string> {
    const spec = this.def.events[step.type];
    const state = this.stateName();
    const allowed = this.allowedEvents(now).map((e) => e.type);
    if (this.closed) {
      throw new StepRejected('EventNotAllowed', `case ${this.number} is closed; no more steps are accepted`, {
        state,
        allowed: [],
      });
    }
    if (!spec || !this.acceptedTypes().includes(step.type)) {
      throw new StepRejected('EventNotAllowed', `event ${step.type} is not allowed in state ${state}`, {
        state,
        allowed,
      });
    }
    if (!spec.roles.includes(step.actor.role)) {
      throw new StepRejected('RoleNotAllowed', `role ${step.actor.role} may not send ${step.type}`, {
        event: step.type,
        roles: [...spec.roles],
      });
    }
    const data = parseOrReject(spec.schema, step.data ?? {}, step.type);
    const event: StepEvent<string> = { type: step.type, data, actor: step.actor, at: now };
    if (!this.snapshot.can(event)) {
      const blockedBy = this.guardsOf(step.type);
      throw new StepRejected(
        'EventNotAllowed',
        `event ${step.type} is not allowed in state ${state} now` +
          (blockedBy.length ? ` (rule: ${blockedBy.join(', ')})` : ''),
        { state, allowed, blockedBy },
      );
    }
    return event;
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
    this.remember(step.request, now);
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
    const esc = this.clock.escalations.find((e) => e.n === n);
    if (!esc) throw new StepRejected('NotFound', `case ${this.number} has no escalation ${n}`, { escalation: n });
    if (esc.to !== actor.role) {
      throw new StepRejected(
        'RoleNotAllowed',
        `escalation ${n} went to ${esc.to}; role ${actor.role} cannot acknowledge it`,
        { roles: [esc.to] },
      );
    }
    if (esc.ackedAt) {
      throw new StepRejected(
        'AlreadyAcknowledged',
        `escalation ${n} was acknowledged by ${esc.ackedBy} at ${esc.ackedAt}`,
        { escalation: n },
      );
    }
    return esc;
  }

  /** Records that a person of the rung's role acknowledged escalation `n`; a repeated request (see `isRepeat`) is not. */
  acknowledge(n: number, actor: Actor, now: number, request?: RequestKey): Effect[] {
    if (this.isRepeat(request)) return [];
    const esc = this.validateAck(n, actor);
    this.remember(request, now);
    esc.ackedBy = actor.id;
    esc.ackedByName = actor.name;
    esc.ackedAt = iso(now);
    this.updatedAt = now;
    if (!this.policy().ackStopsLadder) return [];
    return this.clock.cancelWhere((t) => t.kind === 'rung' && t.timer === esc.timer);
  }

  /** Records channels an escalation was delivered through (reported back by the notification activity). */
  markDelivered(n: number, channels: string[]): void {
    const esc = this.clock.escalations.find((e) => e.n === n);
    if (esc) esc.notifiedVia = [...new Set([...esc.notifiedVia, ...channels])];
  }

  persist(): PersistedCase {
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
      ...(this.requests.size
        ? { requests: [...this.requests].map(([key, r]): [string, string, number] => [key, r.fingerprint, r.at]) }
        : {}),
    };
  }

  /** The case as the API shows it. */
  view(now: number): CaseView {
    const allowedEvents = this.closed ? [] : this.allowedEvents(now);
    const deadlines = [...this.timers.values(), ...this.clock.breaches.values()]
      .filter((t) => t.kind === 'deadline')
      .map((t) => t.dueAt);
    const { policy: _policy, ...context } = this.snapshot.context as Record<string, unknown>;
    return {
      caseId: this.caseId,
      number: this.number,
      procedure: this.def.id,
      version: this.def.version,
      site: this.site,
      drill: this.drill,
      status: this.closed ? 'closed' : 'open',
      state: this.stateName(),
      stateValue: this.snapshot.value,
      context,
      allowedEvents,
      awaitingRoles: [
        ...new Set(allowedEvents.filter((e) => !this.def.events[e.type]?.optional).flatMap((e) => e.roles)),
      ].sort(),
      timers: [...this.timers.values()]
        .sort((a, b) => a.dueAt - b.dueAt)
        .map((t): OpenTimer => ({
          id: t.kind === 'rung' ? `${t.timer}#${t.level}` : t.kind === 'reminder' ? `${t.timer}~reminder` : t.timer,
          kind: t.kind,
          state: this.statePathOf(t.stateNodeId),
          dueAt: iso(t.dueAt),
          ...this.coverageOf(t),
        })),
      breaches: [...this.clock.breaches.values()].map((t) => ({
        timer: t.timer,
        state: this.statePathOf(t.stateNodeId),
        dueAt: iso(t.dueAt),
      })),
      nextDueAt: deadlines.length ? iso(Math.min(...deadlines)) : null,
      deadlines: this.clock.deadlines.map((d) => ({
        timer: d.timer,
        state: d.state,
        startedAt: iso(d.startedAt),
        dueAt: iso(d.dueAt),
        outcome: d.outcome,
        ...(d.endedAt !== undefined ? { endedAt: iso(d.endedAt) } : {}),
        ...(d.outcome === 'open'
          ? this.coverageOf({ kind: 'deadline', timer: d.timer, dueAt: d.dueAt }, d.startedAt)
          : {}),
      })),
      escalations: this.clock.escalations,
      reminders: this.clock.reminders.map((r) => ({ timer: r.timer, at: iso(r.at), to: r.to })),
      ...(this.intake ? { intake: this.intake } : {}),
      history: this.history,
      startedAt: iso(this.startedAt),
      updatedAt: iso(this.updatedAt),
    };
  }

  /** Dotted path(s) of the active leaf states, e.g. `responding.awaitingPatrol`. */
  stateName(): string {
    const leaves = this.activeNodes()
      .filter((n) => n.type === 'atomic' || n.type === 'final')
      .sort((a, b) => a.order - b.order);
    return leaves.map((n) => n.path.join('.')).join(',');
  }

  private statePathOf(stateNodeId: string): string {
    return stateNodeById(this.def.machine, stateNodeId).path.join('.') || '(case)';
  }

  /**
   * The coverage warning of a timer: the first date its working-time spec counted over without official holiday data
   * (issue 15), counted from `from` (default: the case's start, which covers every computation of the case).
   */
  private coverageOf(
    t: Pick<TimerEntry, 'kind' | 'timer' | 'dueAt' | 'level'>,
    from = this.startedAt,
  ): { holidaysUnknownFrom?: string } {
    const policy = this.policy();
    const spec = t.kind === 'rung' ? policy.ladders[t.timer]?.[(t.level ?? 1) - 1]?.after : policy.deadlines[t.timer];
    if (spec === undefined) return {};
    const missing = deadlineUncoveredFrom(spec, from, t.dueAt, policy.calendar);
    return missing ? { holidaysUnknownFrom: missing } : {};
  }

  private policy() {
    return (this.snapshot.context as { policy: CaseMachineInput['policy'] }).policy;
  }

  // The active state nodes (machine-structure.ts reads them off the snapshot); `order` is declaration order.
  private activeNodes() {
    return activeStateNodes(this.snapshot);
  }

  private acceptedTypes(): string[] {
    return [...new Set(this.activeNodes().flatMap((n) => n.ownEvents))].filter((t) => t in this.def.events);
  }

  private allowedEvents(now: number) {
    // Probe once per role: a guard on the sender (e.g. only the case's current owner) narrows who is awaited.
    return this.acceptedTypes().flatMap((type) => {
      const roles = (this.def.events[type]?.roles ?? []).filter((role) =>
        this.snapshot.can({ type, data: {}, actor: { id: '', name: '', role }, at: now, probe: true }),
      );
      return roles.length ? [{ type, roles: [...roles] }] : [];
    });
  }

  // Names of the guards on the transitions of `type` from the active states, to explain a refusal.
  private guardsOf(type: string): string[] {
    return declaredGuardsOf(this.activeNodes(), type);
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
      this.clock.endDeadline(entry, now, metTimers.has(entry.timer) || this.isOwnStep(entry.stateNodeId, stepSources));
    for (const action of actions) {
      const params = (action.params ?? {}) as Record<string, unknown>;
      if (action.type === 'xstate.cancel') {
        const ended = this.timers.get(String(params.sendId));
        if (ended?.kind === 'deadline') end(ended);
        const breach = this.clock.breaches.get(String(params.sendId));
        if (breach) {
          end(breach);
          this.clock.breaches.delete(breach.key);
        }
        effects.push(...this.clock.cancelWhere((t) => t.key === params.sendId || t.key === `remind:${params.sendId}`));
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
    // A ladder, and a breach, live only while the state that owned the deadline is active.
    const active = new Set(this.activeNodes().map((n) => n.id));
    effects.push(...this.clock.cancelWhere((t) => t.kind !== 'deadline' && !active.has(t.stateNodeId)));
    for (const [key, t] of this.clock.breaches) {
      if (!active.has(t.stateNodeId) || this.closed) {
        end(t);
        this.clock.breaches.delete(key);
      }
    }
    if (this.closed) {
      for (const t of this.timers.values()) if (t.kind === 'deadline') end(t);
      effects.push(...this.clock.cancelWhere(() => true));
    }
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

  /**
   * Whether a step taking transitions from `stepSources` is the deadline's own step: its transition lies within the
   * deadline state's region (the part of the machine from the nearest parallel region above the state, or the whole
   * machine when there is none), so a transition around every region, such as closing the case, is not.
   */
  private isOwnStep(stateNodeId: string, stepSources: string[][]): boolean {
    if (!stepSources.length) return false;
    const region = regionPathOf(this.def.machine, stateNodeId);
    return stepSources.some((path) => region.every((key, i) => path[i] === key));
  }

  // Keeps an applied request's key, forgetting keys older than a day and the oldest beyond the cap.
  private remember(request: RequestKey | undefined, now: number): void {
    if (!request) return;
    this.requests.set(request.key, { fingerprint: request.fingerprint, at: now });
    for (const [key, r] of this.requests) {
      if (r.at >= now - REQUEST_KEY_TTL_MS && this.requests.size <= MAX_REQUEST_KEYS) break;
      this.requests.delete(key);
    }
  }
}

function parseOrReject(
  schema: { safeParse: (v: unknown) => { success: boolean; data?: unknown; error?: unknown } },
  value: unknown,
  what: string,
) {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = (
      parsed.error as { issues: Array<{ path: PropertyKey[]; message: string; code: string }> }
    ).issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
    throw new StepRejected(
      'InvalidData',
      `data for ${what} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
  return parsed.data as Record<string, unknown>;
}

export type { AnyStateMachine };
