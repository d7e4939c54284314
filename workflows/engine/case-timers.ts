import { dueAt } from '../calendar';
import type { Actor, Escalation, OnDutyAnswer } from './contract';
import { StepRejected } from './errors';
import type { CasePolicy } from './policy';
import {
  iso,
  type DeadlineRecord,
  type PersistedCase,
  type Effect,
  type ReminderRecord,
  type TimerEntry,
} from './case-records';

/**
 * What the case core needs from its case to keep the clock: the case's policy, names of state nodes, the machine's
 * id, a new activity effect (numbered by the case), the roles the case is waiting for, and "the case changed at".
 */
export interface TimerHost {
  policy(): CasePolicy;
  /** Dotted path of a state node by id, e.g. `responding.awaitingPatrol` (`(case)` for the root). */
  statePathOf(stateNodeId: string): string;
  machineId(): string;
  activity(name: string, params: Record<string, unknown>, escalation?: Escalation): Effect;
  awaitingRoles(now: number): string[];
  touch(now: number): void;
}

/**
 * The clock of one case, one of the case core's jobs: its open timers (deadlines, escalation rungs, reminders), the
 * deadlines that passed while their state is active (breaches), the record of every deadline and what became of it,
 * the reminders sent and the escalations fired. It schedules and fires them and says, as effects, which Temporal
 * timers to start or cancel and which activities to run. Times are epoch ms of workflow time.
 */
export class CaseTimers {
  readonly timers = new Map<string, TimerEntry>();
  /** Deadlines that passed while their state is still active: the case is overdue until the state is left. */
  readonly breaches = new Map<string, TimerEntry>();
  deadlines: DeadlineRecord[] = [];
  reminders: ReminderRecord[] = [];
  escalations: Escalation[] = [];

  constructor(private readonly host: TimerHost) {}

  /** Takes back the clock of a case carried over by continue-as-new; open timers keep their absolute due times. */
  restore(saved: PersistedCase): void {
    for (const t of saved.timers) this.timers.set(t.key, t);
    for (const t of saved.breaches ?? []) this.breaches.set(t.key, t);
    // Before late existed, a miss kept the timer's firing time as endedAt; it is no step's time.
    this.deadlines = (saved.deadlines ?? []).map(({ endedAt, ...d }) =>
      d.outcome === 'missed' || endedAt === undefined ? d : { ...d, endedAt },
    );
    this.reminders = saved.reminders ?? [];
    this.escalations = saved.escalations;
  }

  /**
   * Escalation `n` when `actor` may acknowledge it now; changes nothing. `number` is the case's, for the message.
   * Throws StepRejected: `NotFound` (no such escalation), `RoleNotAllowed` (it went to another role),
   * `AlreadyAcknowledged`.
   */
  validateAck(n: number, actor: Actor, number: string): Escalation {
    const esc = this.escalations.find((e) => e.n === n);
    if (!esc) throw new StepRejected('NotFound', `case ${number} has no escalation ${n}`, { escalation: n });
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

  /**
   * Records channels that refused escalation `n` for good, and why (reported back by the notification activity); a
   * channel already recorded keeps its first reason.
   */
  markUndelivered(n: number, refusals: ReadonlyArray<{ channel: string; reason: string }>): void {
    const esc = this.escalations.find((e) => e.n === n);
    if (!esc) return;
    const known = new Set((esc.undelivered ?? []).map((u) => u.channel));
    const added = refusals.filter((u) => !known.has(u.channel));
    if (added.length) esc.undelivered = [...(esc.undelivered ?? []), ...added];
  }

  /** Records channels escalation `n` was delivered through (reported back by the notification activity). */
  markDelivered(n: number, channels: string[]): void {
    const esc = this.escalations.find((e) => e.n === n);
    if (esc) esc.notifiedVia = [...new Set([...esc.notifiedVia, ...channels])];
  }

  /**
   * Records who rung `n` goes to under the site's on-duty roster (`found`, the `onDuty` activity's answer, or
   * `no_roster`) and says whether to `send` its notification now. Nobody on duty and no deputy: the rung is passed
   * over (`next_rung`) and the ladder's next rung fires now, its timer cancelled (`effects`); on the last rung it goes
   * to everyone holding the role (`everyone`). A rung already resolved keeps its first record and is not sent again.
   */
  assignRoster(n: number, found: OnDutyAnswer, now: number): { send: boolean; effects: Effect[] } {
    const esc = this.escalations.find((e) => e.n === n);
    if (!esc || esc.roster) return { send: false, effects: [] };
    if (found.by !== 'nobody') {
      esc.roster = found;
      return { send: true, effects: [] };
    }
    const ladder = this.host.policy().ladders[esc.timer] ?? [];
    if (esc.level >= ladder.length) {
      esc.roster = { by: 'everyone' };
      return { send: true, effects: [] };
    }
    esc.roster = { by: 'next_rung' };
    this.host.touch(now);
    const next = this.timers.get(`rung:${esc.timer}:${esc.level + 1}`);
    // No timer: the deadline's state was left (nobody needs telling) or the next rung already fired.
    if (!next) return { send: false, effects: [] };
    this.timers.delete(next.key);
    return { send: false, effects: [{ kind: 'cancelTimer', key: next.key }, ...this.fireRung(next, now)] };
  }

  scheduleDeadline(raise: { id: string; delay: number; event: { type: string } }, now: number): Effect[] {
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
      state: this.host.statePathOf(entry.stateNodeId),
      startedAt: now,
      dueAt: entry.dueAt,
      outcome: 'open',
    });
    const effects: Effect[] = [{ kind: 'startTimer', key: entry.key, dueAt: entry.dueAt }];
    // A pre-breach reminder at a fraction of the time allowed, while the same state is active.
    const reminder = this.host.policy().reminders?.[entry.timer];
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
  fireReminder(entry: TimerEntry, now: number): Effect[] {
    const to = this.host.awaitingRoles(now);
    if (!to.length) return [];
    this.reminders.push({ timer: entry.timer, at: now, to });
    this.host.touch(now);
    return to.map((role) => this.host.activity('inform', { role, about: `reminder:${entry.timer}` }));
  }
  startLadder(timer: string, firing: TimerEntry | null, now: number): Effect[] {
    const ladder = this.host.policy().ladders[timer];
    if (!ladder) throw new Error(`policy has no escalation ladder for ${timer}`);
    const rung: TimerEntry = {
      key: `rung:${timer}:1`,
      kind: 'rung',
      timer,
      stateNodeId: firing?.stateNodeId ?? this.host.machineId(),
      dueAt: now,
      level: 1,
      deadlineDueAt: firing?.dueAt ?? now,
    };
    return this.scheduleRung(rung, now);
  }
  private scheduleRung(rung: TimerEntry, now: number): Effect[] {
    const spec = this.host.policy().ladders[rung.timer]?.[(rung.level ?? 1) - 1];
    if (!spec) return [];
    rung.dueAt = dueAt(spec.after, rung.deadlineDueAt ?? now, this.host.policy().calendar);
    if (rung.dueAt <= now) return this.fireRung(rung, now);
    this.timers.set(rung.key, rung);
    return [{ kind: 'startTimer', key: rung.key, dueAt: rung.dueAt }];
  }
  fireRung(rung: TimerEntry, now: number): Effect[] {
    const level = rung.level ?? 1;
    const spec = this.host.policy().ladders[rung.timer]?.[level - 1];
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
    this.host.touch(now);
    const effects: Effect[] = [this.host.activity('notify', { escalation: escalation.n }, escalation)];
    const next: TimerEntry = { ...rung, key: `rung:${rung.timer}:${level + 1}`, level: level + 1 };
    return [...effects, ...this.scheduleRung(next, now)];
  }
  // The deadline rule and when it started counting, so the case can explain in words why it escalated.
  private ruleOf(timer: string): { rule?: string; startedAt?: string } {
    const record = [...this.deadlines].reverse().find((d) => d.timer === timer);
    const rule = this.host.policy().deadlines[timer];
    return { ...(rule ? { rule } : {}), ...(record ? { startedAt: iso(record.startedAt) } : {}) };
  }
  // The record a deadline timer keeps: its timer id and due time name it (records persisted by older code too).
  recordOf(entry: TimerEntry): DeadlineRecord | undefined {
    return [...this.deadlines].reverse().find((d) => d.timer === entry.timer && d.dueAt === entry.dueAt);
  }
  /**
   * A deadline's state was left (or the case closed). Left by its own step: met, or late after a miss, at the step's
   * time. Left otherwise (closed by a transition around it, or by a timer): a miss stays missed, an open one is
   * cancelled.
   */
  endDeadline(entry: TimerEntry, now: number, ownStep: boolean): void {
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
  meetInState(timer: string, now: number): void {
    const entry = [...this.timers.values(), ...this.breaches.values()].find(
      (t) => t.kind === 'deadline' && t.timer === timer,
    );
    const record = entry && this.recordOf(entry);
    if (!record || (record.outcome !== 'open' && record.outcome !== 'missed')) return;
    record.outcome = record.outcome === 'open' && now <= record.dueAt ? 'met' : 'late';
    record.endedAt = now;
  }
  /**
   * The machine cancelled its delayed event `sendId` (its state was left): `end` the deadline (and its breach, which
   * goes) and cancel its timer and reminder.
   */
  cancelDeadline(sendId: string, end: (entry: TimerEntry) => void): Effect[] {
    const ended = this.timers.get(sendId);
    if (ended?.kind === 'deadline') end(ended);
    const breach = this.breaches.get(sendId);
    if (breach) {
      end(breach);
      this.breaches.delete(breach.key);
    }
    return this.cancelWhere((t) => t.key === sendId || t.key === `remind:${sendId}`);
  }
  /**
   * After a step or timer: a ladder, and a breach, live only while the state that owned the deadline is active (ids
   * in `active`); a closed case ends every deadline and cancels every timer. `end` ends a deadline's record.
   */
  settle(active: Set<string>, closed: boolean, end: (entry: TimerEntry) => void): Effect[] {
    const effects = this.cancelWhere((t) => t.kind !== 'deadline' && !active.has(t.stateNodeId));
    for (const [key, t] of this.breaches) {
      if (!active.has(t.stateNodeId) || closed) {
        end(t);
        this.breaches.delete(key);
      }
    }
    if (closed) {
      for (const t of this.timers.values()) if (t.kind === 'deadline') end(t);
      effects.push(...this.cancelWhere(() => true));
    }
    return effects;
  }
  cancelWhere(match: (t: TimerEntry) => boolean): Effect[] {
    const gone = [...this.timers.values()].filter(match);
    for (const t of gone) this.timers.delete(t.key);
    return gone.map((t) => ({ kind: 'cancelTimer', key: t.key }));
  }
}
