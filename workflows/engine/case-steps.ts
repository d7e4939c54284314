import type { AnyMachineSnapshot } from 'xstate';
import type { PersonFacts, StepInput } from './contract';
import type { ProcedureDefinition, StepEvent } from './definition';
import { StepRejected } from './errors';
import { activeStateNodes, declaredGuardsOf, regionPathOf } from './machine-structure';

// Which steps a case accepts and why it refuses one: pure functions of the procedure and the machine snapshot, one of
// the case core's jobs (case-core.ts applies what passes here).

/** The event types the active states take that the procedure declares as steps. */
export function acceptedTypes(def: ProcedureDefinition, snapshot: AnyMachineSnapshot): string[] {
  return [...new Set(activeStateNodes(snapshot).flatMap((n) => n.ownEvents))].filter((t) => t in def.events);
}

/**
 * What the case accepts at `now` (epoch ms): per accepted event type, the roles whose step its guards let through.
 * Probes once per role: a guard on the sender (e.g. only the case's current owner) narrows who is awaited.
 */
export function allowedEvents(
  def: ProcedureDefinition,
  snapshot: AnyMachineSnapshot,
  now: number,
): Array<{ type: string; roles: string[] }> {
  return acceptedTypes(def, snapshot).flatMap((type) => {
    const roles = (def.events[type]?.roles ?? []).filter((role) =>
      snapshot.can({ type, data: {}, actor: { id: '', name: '', role }, at: now, probe: true }),
    );
    return roles.length ? [{ type, roles: [...roles] }] : [];
  });
}

/** What `checkStep` needs of the case beside the snapshot: its number (for messages) and its state's name. */
export interface StepCase {
  def: ProcedureDefinition;
  snapshot: AnyMachineSnapshot;
  number: string;
  closed: boolean;
  stateName: string;
}

/**
 * Checks a step against the case without changing anything and returns the machine event it makes (stamped `now`,
 * epoch ms). Throws StepRejected: `EventNotAllowed` (closed case, event not accepted here, or a guard refuses it —
 * naming the guards), `RoleNotAllowed`, `InvalidData` (the event's schema refuses the data).
 */
export function checkStep(c: StepCase, step: StepInput, now: number): StepEvent<string> {
  const { def, snapshot, stateName: state } = c;
  const spec = def.events[step.type];
  const allowed = allowedEvents(def, snapshot, now).map((e) => e.type);
  if (c.closed) {
    throw new StepRejected('EventNotAllowed', `case ${c.number} is closed; no more steps are accepted`, {
      state,
      allowed: [],
    });
  }
  if (!spec || !acceptedTypes(def, snapshot).includes(step.type)) {
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
  const event: StepEvent<string> = {
    type: step.type,
    data,
    actor: step.actor,
    at: now,
    ...(spec.people?.length ? { people: peopleOf(spec.people, data, step) } : {}),
  };
  if (!snapshot.can(event)) {
    // Names of the guards on the transitions of the event from the active states, to explain the refusal.
    const blockedBy = declaredGuardsOf(activeStateNodes(snapshot), step.type);
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
 * The staff records of the people `data` names in `fields` (user ids), taken from the step's `people`. Throws
 * StepRejected `InvalidData` naming each field whose person the site's staff records do not hold. A step that carries
 * no `people` at all (recorded before its event declared the field, e.g. store theft v2's, whose history keeps what an
 * API check stamped into the data) gets none: the machine's guards, which read the facts, judge it without them.
 */
function peopleOf(
  fields: readonly string[],
  data: Record<string, unknown>,
  step: StepInput,
): Record<string, PersonFacts> {
  const people: Record<string, PersonFacts> = {};
  if (!step.people) return people;
  const issues: Array<{ path: string; message: string; code: string }> = [];
  for (const field of fields) {
    const id = data[field];
    if (typeof id !== 'string') continue;
    const facts = step.people?.[id];
    if (facts) people[id] = facts;
    else issues.push({ path: field, message: `${id} is not on the staff records of this site`, code: 'not_staff' });
  }
  if (issues.length) {
    throw new StepRejected(
      'InvalidData',
      `data for ${step.type} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return people;
}

/**
 * `value` parsed by `schema` (a zod schema); `what` names the data in the message (`start` or the event type).
 * Throws StepRejected `InvalidData` listing each issue's path and message.
 */
export function parseOrReject(
  schema: { safeParse: (v: unknown) => { success: boolean; data?: unknown; error?: unknown } },
  value: unknown,
  what: string,
): Record<string, unknown> {
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

/**
 * Whether a step taking transitions from `stepSources` (state node paths) is the own step of the deadline of state
 * `stateNodeId`: its transition lies within the deadline state's region (the part of the machine from the nearest
 * parallel region above the state, or the whole machine when there is none), so a transition around every region,
 * such as closing the case, is not.
 */
export function isOwnStep(def: ProcedureDefinition, stateNodeId: string, stepSources: string[][]): boolean {
  if (!stepSources.length) return false;
  const region = regionPathOf(def.machine, stateNodeId);
  return stepSources.some((path) => region.every((key, i) => path[i] === key));
}

/** Dotted path(s) of the active leaf states in declaration order, e.g. `responding.awaitingPatrol`. */
export function stateNameOf(snapshot: AnyMachineSnapshot): string {
  const leaves = activeStateNodes(snapshot)
    .filter((n) => n.type === 'atomic' || n.type === 'final')
    .sort((a, b) => a.order - b.order);
  return leaves.map((n) => n.path.join('.')).join(',');
}
