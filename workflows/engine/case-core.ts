import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { initialTransition, transition } from 'xstate';
import { deadlineUncoveredFrom, dueAt } from '../calendar';
import type { Actor, CaseView, Escalation, Intake, OpenTimer, RequestKey, StepInput, StepRecord } from './contract';
import { ENGINE_ACTION_TYPES, type CaseMachineInput, type ProcedureDefinition, type StepEvent } from './definition';
import { StepRejected } from './errors';
import { activeStateNodes, declaredGuardsOf, regionPathOf, stateNodeById } from './machine-structure';

/**
 * The pure heart of a case: it applies events to the procedure's machine with XState's pure functions and says,
 * as effects, which timers to start or cancel and which activities to run. The Temporal workflow carries the
 * effects out; tests drive this class directly with their own clock.
 */

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

interface TimerEntry {
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

export interface CaseStart {
  caseId: string;
  number: string;
  site: string;
  drill?: boolean;
  policy: CaseMachineInput['policy'];
  data: Record<string, unknown>;
  startedBy: Actor;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class CaseCore {
  private timers = new Map<string, TimerEntry>();
  /** Deadlines that passed while their state is still active: the case is overdue until the state is left. */
  private breaches = new Map<string, TimerEntry>();
  private deadlines: DeadlineRecord[] = [];
  private reminders: ReminderRecord[] = [];
  private escalations: Escalation[] = [];
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
    for (const t of saved.timers) core.timers.set(t.key, t);
    for (const t of saved.breaches ?? []) core.breaches.set(t.key, t);
    // Before late existed, a miss kept the timer's firing time as endedAt; it is no step's time.
    core.deadlines = (saved.deadlines ?? []).map(({ endedAt, ...d }) =>
      d.outcome === 'missed' || endedAt === undefined ? d : { ...d, endedAt },
    );
    core.reminders = saved.reminders ?? [];
    core.escalations = saved.escalations;
    core.history = saved.history;
    core.intake = saved.intake;
    core.actionSeq = saved.actionSeq;
    core.updatedAt = saved.updatedAt;
    for (const [key, fingerprint, at] of saved.requests ?? []) core.requests.set(key, { fingerprint, at });
    return core;
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
    if (entry.kind === 'rung') return this.fireRung(entry, now);
    if (entry.kind === 'reminder') return this.fireReminder(entry, now);
    // A deadline whose step already came in its state (a round that got its call) is no breach.
    const record = this.recordOf(entry);
    if (record?.outcome !== 'met') this.breaches.set(entry.key, entry);
    if (record?.outcome === 'open') record.outcome = 'missed';
    const [next, actions] = transition(this.def.machine, this.snapshot, { ...entry.event, at: now } as never);
    this.snapshot = next;
    return this.runActions(actions, now, entry);
  }

  /** Checks an acknowledgement without changing anything; throws StepRejected with the reason. */
  validateAck(n: number, actor: Actor): Escalation {
    const esc = this.escalations.find((e) => e.n === n);
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
    return this.cancelWhere((t) => t.kind === 'rung' && t.timer === esc.timer);
  }

  /** Records channels an escalation was delivered through (reported back by the notification activity). */
  markDelivered(n: number, channels: string[]): void {
    const esc = this.escalations.find((e) => e.n === n);
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
      breaches: [...this.breaches.values()],
      deadlines: this.deadlines,
      reminders: this.reminders,
      escalations: this.escalations,
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
    const deadlines = [...this.timers.values(), ...this.breaches.values()]
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
      breaches: [...this.breaches.values()].map((t) => ({
        timer: t.timer,
        state: this.statePathOf(t.stateNodeId),
        dueAt: iso(t.dueAt),
      })),
      nextDueAt: deadlines.length ? iso(Math.min(...deadlines)) : null,
      deadlines: this.deadlines.map((d) => ({
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
      escalations: this.escalations,
      reminders: this.reminders.map((r) => ({ timer: r.timer, at: iso(r.at), to: r.to })),
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
      this.endDeadline(entry, now, metTimers.has(entry.timer) || this.isOwnStep(entry.stateNodeId, stepSources));
    for (const action of actions) {
      const params = (action.params ?? {}) as Record<string, unknown>;
      if (action.type === 'xstate.cancel') {
        const ended = this.timers.get(String(params.sendId));
        if (ended?.kind === 'deadline') end(ended);
        const breach = this.breaches.get(String(params.sendId));
        if (breach) {
          end(breach);
          this.breaches.delete(breach.key);
        }
        effects.push(...this.cancelWhere((t) => t.key === params.sendId || t.key === `remind:${params.sendId}`));
      } else if (action.type === 'deadlineMet') {
        this.meetInState(String(params.timer), now);
      } else if (action.type === 'xstate.raise' && typeof params.delay === 'number') {
        effects.push(...this.scheduleDeadline(params as { id: string; delay: number; event: { type: string } }, now));
      } else if (action.type === 'escalate') {
        effects.push(...this.startLadder(String(params.timer), firing, now));
      } else if (!action.type.startsWith('xstate.') && !ENGINE_ACTION_TYPES.has(action.type)) {
        effects.push(this.activity(action.type, params));
      }
    }
    // A ladder, and a breach, live only while the state that owned the deadline is active.
    const active = new Set(this.activeNodes().map((n) => n.id));
    effects.push(...this.cancelWhere((t) => t.kind !== 'deadline' && !active.has(t.stateNodeId)));
    for (const [key, t] of this.breaches) {
      if (!active.has(t.stateNodeId) || this.closed) {
        end(t);
        this.breaches.delete(key);
      }
    }
    if (this.closed) {
      for (const t of this.timers.values()) if (t.kind === 'deadline') end(t);
      effects.push(...this.cancelWhere(() => true));
    }
    return effects;
  }

  private scheduleDeadline(raise: { id: string; delay: number; event: { type: string } }, now: number): Effect[] {
    // XState names delayed events xstate.after.<delay>.<state node id>.
    const rest = raise.event.type.slice('xstate.after.'.length);
    const dot = rest.indexOf('.');
    const entry: TimerEntry = {
      key: raise.id,
      kind: 'deadline',
      timer: rest.slice(0, dot),
      stateNodeId: rest.slice(dot + 1),
      dueAt: now + raise.delay,
      event: raise.event,
    };
    this.timers.set(entry.key, entry);
    this.breaches.delete(entry.key); // re-entering the state restarts its deadline
    this.deadlines.push({
      timer: entry.timer,
      state: this.statePathOf(entry.stateNodeId),
      startedAt: now,
      dueAt: entry.dueAt,
      outcome: 'open',
    });
    const effects: Effect[] = [{ kind: 'startTimer', key: entry.key, dueAt: entry.dueAt }];
    // A pre-breach reminder at a fraction of the time allowed, while the same state is active.
    const reminder = this.policy().reminders?.[entry.timer];
    if (reminder && raise.delay > 0) {
      const remind: TimerEntry = {
        key: `remind:${entry.key}`,
        kind: 'reminder',
        timer: entry.timer,
        stateNodeId: entry.stateNodeId,
        dueAt: now + Math.round(raise.delay * reminder.at),
      };
      this.timers.set(remind.key, remind);
      effects.push({ kind: 'startTimer', key: remind.key, dueAt: remind.dueAt });
    }
    return effects;
  }

  // Reminds the roles the case is waiting for now that the deadline is near.
  private fireReminder(entry: TimerEntry, now: number): Effect[] {
    const to = this.view(now).awaitingRoles;
    if (!to.length) return [];
    this.reminders.push({ timer: entry.timer, at: now, to });
    this.updatedAt = now;
    return to.map((role) => this.activity('inform', { role, about: `reminder:${entry.timer}` }));
  }

  private startLadder(timer: string, firing: TimerEntry | null, now: number): Effect[] {
    const ladder = this.policy().ladders[timer];
    if (!ladder) throw new Error(`policy has no escalation ladder for ${timer}`);
    const rung: TimerEntry = {
      key: `rung:${timer}:1`,
      kind: 'rung',
      timer,
      stateNodeId: firing?.stateNodeId ?? this.def.machine.id,
      dueAt: now,
      level: 1,
      deadlineDueAt: firing?.dueAt ?? now,
    };
    return this.scheduleRung(rung, now);
  }

  private scheduleRung(rung: TimerEntry, now: number): Effect[] {
    const spec = this.policy().ladders[rung.timer]?.[(rung.level ?? 1) - 1];
    if (!spec) return [];
    rung.dueAt = dueAt(spec.after, rung.deadlineDueAt ?? now, this.policy().calendar);
    if (rung.dueAt <= now) return this.fireRung(rung, now);
    this.timers.set(rung.key, rung);
    return [{ kind: 'startTimer', key: rung.key, dueAt: rung.dueAt }];
  }

  private fireRung(rung: TimerEntry, now: number): Effect[] {
    const level = rung.level ?? 1;
    const spec = this.policy().ladders[rung.timer]?.[level - 1];
    if (!spec) return [];
    const escalation: Escalation = {
      n: this.escalations.length + 1,
      timer: rung.timer,
      level,
      to: spec.role,
      channels: spec.channels,
      dueAt: iso(rung.deadlineDueAt ?? now),
      at: iso(now),
      notifiedVia: [],
      ...this.ruleOf(rung.timer),
    };
    this.escalations.push(escalation);
    this.updatedAt = now;
    const effects: Effect[] = [this.activity('notify', { escalation: escalation.n }, escalation)];
    const next: TimerEntry = { ...rung, key: `rung:${rung.timer}:${level + 1}`, level: level + 1 };
    return [...effects, ...this.scheduleRung(next, now)];
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

  // The deadline rule and when it started counting, so the case can explain in words why it escalated.
  private ruleOf(timer: string): { rule?: string; startedAt?: string } {
    const record = [...this.deadlines].reverse().find((d) => d.timer === timer);
    const rule = this.policy().deadlines[timer];
    return { ...(rule ? { rule } : {}), ...(record ? { startedAt: iso(record.startedAt) } : {}) };
  }

  // The record a deadline timer keeps: its timer id and due time name it (records persisted by older code too).
  private recordOf(entry: TimerEntry): DeadlineRecord | undefined {
    return [...this.deadlines].reverse().find((d) => d.timer === entry.timer && d.dueAt === entry.dueAt);
  }

  /**
   * A deadline's state was left (or the case closed). Left by its own step: met, or late after a miss, at the step's
   * time. Left otherwise (closed by a transition around it, or by a timer): a miss stays missed, an open one is
   * cancelled.
   */
  private endDeadline(entry: TimerEntry, now: number, ownStep: boolean): void {
    const record = this.recordOf(entry);
    if (!record || (record.outcome !== 'open' && record.outcome !== 'missed')) return;
    if (record.outcome === 'missed') {
      if (!ownStep) return;
      record.outcome = 'late';
    } else {
      record.outcome = ownStep ? (now <= record.dueAt ? 'met' : 'late') : 'cancelled';
    }
    if (ownStep) record.endedAt = now;
  }

  // The machine says the step of `timer` came while it stays in the deadline's state: met, or late once it passed.
  private meetInState(timer: string, now: number): void {
    const entry = [...this.timers.values(), ...this.breaches.values()].find(
      (t) => t.kind === 'deadline' && t.timer === timer,
    );
    const record = entry && this.recordOf(entry);
    if (!record || (record.outcome !== 'open' && record.outcome !== 'missed')) return;
    record.outcome = record.outcome === 'open' && now <= record.dueAt ? 'met' : 'late';
    record.endedAt = now;
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

  private cancelWhere(match: (t: TimerEntry) => boolean): Effect[] {
    const gone = [...this.timers.values()].filter(match);
    for (const t of gone) this.timers.delete(t.key);
    return gone.map((t) => ({ kind: 'cancelTimer', key: t.key }));
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
