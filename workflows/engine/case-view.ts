import type { AnyMachineSnapshot } from 'xstate';
import { deadlineUncoveredFrom } from '../calendar';
import { iso, type TimerEntry } from './case-records';
import { allowedEvents as allowed, stateNameOf } from './case-steps';
import type { CaseTimers } from './case-timers';
import type { CaseView, Intake, OpenTimer, StepRecord } from './contract';
import type { ProcedureDefinition } from './definition';
import type { CasePolicy } from './policy';
import { stateNodeById } from './machine-structure';

/**
 * What the case view is built from: the case's ids, its machine snapshot, its clock (case-timers.ts) and the records
 * its core keeps. Times are epoch ms.
 */
export interface CaseViewSource {
  def: ProcedureDefinition;
  snapshot: AnyMachineSnapshot;
  caseId: string;
  number: string;
  site: string;
  drill: boolean;
  clock: Pick<CaseTimers, 'timers' | 'breaches' | 'deadlines' | 'reminders' | 'escalations'>;
  intake: Intake | undefined;
  history: StepRecord[];
  startedAt: number;
  updatedAt: number;
}

/**
 * The case as the API shows it, a pure function of the case core's state (one of the core's jobs, kept apart so the
 * core reads as steps and effects). Changes nothing.
 */
export function caseView(c: CaseViewSource, now: number): CaseView {
  const closed = c.snapshot.status !== 'active';
  const allowedEvents = closed ? [] : allowed(c.def, c.snapshot, now);
  const timers = [...c.clock.timers.values()];
  const breaches = [...c.clock.breaches.values()];
  const policy = policyOf(c.snapshot);
  const pathOf = (stateNodeId: string) => statePathOf(c.def, stateNodeId);
  const coverage = (t: Pick<TimerEntry, 'kind' | 'timer' | 'dueAt' | 'level'>, from = c.startedAt) =>
    coverageOf(policy, t, from);
  const deadlines = [...timers, ...breaches].filter((t) => t.kind === 'deadline').map((t) => t.dueAt);
  const { policy: _policy, ...context } = c.snapshot.context as Record<string, unknown>;
  return {
    caseId: c.caseId,
    number: c.number,
    procedure: c.def.id,
    version: c.def.version,
    site: c.site,
    drill: c.drill,
    status: closed ? 'closed' : 'open',
    state: stateNameOf(c.snapshot),
    stateValue: c.snapshot.value,
    context,
    allowedEvents,
    awaitingRoles: awaitingRolesOf(c.def, allowedEvents),
    timers: timers
      .sort((a, b) => a.dueAt - b.dueAt)
      .map((t): OpenTimer => ({
        id: t.kind === 'rung' ? `${t.timer}#${t.level}` : t.kind === 'reminder' ? `${t.timer}~reminder` : t.timer,
        kind: t.kind,
        state: pathOf(t.stateNodeId),
        dueAt: iso(t.dueAt),
        ...coverage(t),
      })),
    breaches: breaches.map((t) => ({ timer: t.timer, state: pathOf(t.stateNodeId), dueAt: iso(t.dueAt) })),
    nextDueAt: deadlines.length ? iso(Math.min(...deadlines)) : null,
    deadlines: c.clock.deadlines.map((d) => ({
      timer: d.timer,
      state: d.state,
      startedAt: iso(d.startedAt),
      dueAt: iso(d.dueAt),
      outcome: d.outcome,
      ...(d.endedAt !== undefined ? { endedAt: iso(d.endedAt) } : {}),
      ...(d.outcome === 'open' ? coverage({ kind: 'deadline', timer: d.timer, dueAt: d.dueAt }, d.startedAt) : {}),
    })),
    escalations: c.clock.escalations,
    reminders: c.clock.reminders.map((r) => ({ timer: r.timer, at: iso(r.at), to: r.to })),
    ...(c.intake ? { intake: c.intake } : {}),
    history: c.history,
    startedAt: iso(c.startedAt),
    updatedAt: iso(c.updatedAt),
  };
}

/** The roles the case waits for: those who may send an accepted event that is not optional, sorted, each once. */
export function awaitingRolesOf(def: ProcedureDefinition, allowed: Array<{ type: string; roles: string[] }>): string[] {
  return [...new Set(allowed.filter((e) => !def.events[e.type]?.optional).flatMap((e) => e.roles))].sort();
}

/** Dotted path of a state node by id, e.g. `responding.awaitingPatrol` (`(case)` for the root). */
export function statePathOf(def: ProcedureDefinition, stateNodeId: string): string {
  return stateNodeById(def.machine, stateNodeId).path.join('.') || '(case)';
}

/** The policy a case was opened with, as its machine context keeps it. */
export function policyOf(snapshot: AnyMachineSnapshot): CasePolicy {
  return (snapshot.context as { policy: CasePolicy }).policy;
}

/**
 * The coverage warning of a timer: the first date its working-time spec counted over without official holiday data
 * (issue 15), counted from `from` (epoch ms; the case's start covers every computation of the case).
 */
function coverageOf(
  policy: CasePolicy,
  t: Pick<TimerEntry, 'kind' | 'timer' | 'dueAt' | 'level'>,
  from: number,
): { holidaysUnknownFrom?: string } {
  const spec = t.kind === 'rung' ? policy.ladders[t.timer]?.[(t.level ?? 1) - 1]?.after : policy.deadlines[t.timer];
  if (spec === undefined) return {};
  const missing = deadlineUncoveredFrom(spec, from, t.dueAt, policy.calendar);
  return missing ? { holidaysUnknownFrom: missing } : {};
}
