/**
 * Which of a case's deadlines is "mine": the one a step I (my roles at the case's site) may take now answers. A guard
 * whose own 5-minute arrival deadline still runs must see it first, not the monitor's overdue 1-minute dispatch.
 * Pure: the case page and the inbox card both read it from a case view and its procedure's states.
 */

import type { CaseView, ProcedureDetail } from './api/types';

/**
 * What {@link deadlinesOf} reads of a case view: open `timers` (only `kind: 'deadline'` ones count; an `id` may carry
 * a `#level`/`~n` suffix), `breaches` (deadlines passed whose step is still not done), `allowedEvents` (steps the
 * case takes now, with the roles that may send each) and `state` (active state paths, comma-separated).
 */
export type DeadlineFacts = Pick<CaseView, 'timers' | 'breaches' | 'allowedEvents' | 'state'>;

/** A procedure's state as the API describes it: its dotted id and the step types it itself handles. */
export type StateFacts = Pick<ProcedureDetail['states'][number], 'id' | 'events'>;

/** One running or passed deadline of a case, with the steps that answer it. */
export interface DeadlineEntry {
  /** Policy timer id (suffix removed), e.g. `patrol_arrival`. */
  timer: string;
  /** The state that owns the timer. */
  state: string;
  /** ISO instant. */
  dueAt: string;
  /** Passed and its step still not done. */
  overdue: boolean;
  /** Step types, allowed now, that answer it. */
  steps: string[];
  /** Roles that may take one of `steps`. */
  roles: string[];
  /** One of `steps` is open to one of my roles. */
  mine: boolean;
}

/** A case's deadlines split for display: mine first (the most urgent), then all the others by due time. */
export interface MyDeadlines {
  mine: DeadlineEntry | null;
  others: DeadlineEntry[];
}

const timerIdOf = (id: string): string => id.split(/[#~]/)[0] ?? id;

/**
 * The steps answering a deadline owned by `state`: the allowed steps that state itself handles (`patrol_arrived` for
 * `responding`), else the allowed steps of its active descendants (a compound state whose children hold the steps).
 */
function answeringSteps(
  state: string,
  facts: DeadlineFacts,
  states: readonly StateFacts[],
): DeadlineFacts['allowedEvents'] {
  const allowed = facts.allowedEvents;
  const own = states.find((s) => s.id === state)?.events ?? [];
  const direct = allowed.filter((e) => own.includes(e.type));
  if (direct.length) return direct;
  const active = facts.state.split(',').filter((p) => p.startsWith(`${state}.`));
  const below = new Set(
    states
      .filter((s) => active.some((p) => p === s.id || p.startsWith(`${s.id}.`)) && s.id.startsWith(`${state}.`))
      .flatMap((s) => s.events),
  );
  return allowed.filter((e) => below.has(e.type));
}

/**
 * Every deadline of a case (breaches and running deadline timers; ladder rungs and reminders are not deadlines),
 * split into the earliest one that a step open to `myRoles` answers and the rest, each list by due time.
 */
export function deadlinesOf(
  facts: DeadlineFacts,
  states: readonly StateFacts[],
  myRoles: readonly string[],
): MyDeadlines {
  const raw = [
    ...facts.breaches.map((b) => ({ timer: timerIdOf(b.timer), state: b.state, dueAt: b.dueAt, overdue: true })),
    ...facts.timers
      .filter((t) => t.kind === 'deadline')
      .map((t) => ({ timer: timerIdOf(t.id), state: t.state, dueAt: t.dueAt, overdue: false })),
  ];
  const all: DeadlineEntry[] = raw
    .map((d) => {
      const steps = answeringSteps(d.state, facts, states);
      const roles = [...new Set(steps.flatMap((s) => s.roles))];
      return {
        ...d,
        steps: steps.map((s) => s.type),
        roles,
        mine: steps.some((s) => s.roles.some((r) => myRoles.includes(r))),
      };
    })
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const mine = all.find((d) => d.mine) ?? null;
  return { mine, others: all.filter((d) => d !== mine) };
}
