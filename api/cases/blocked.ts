import {
  guardNameOf,
  stateNodeAt,
  transitionsByEvent,
  type AnyStateNode,
  type CaseView,
  type Messages,
  type ProcedureDefinition,
} from '../../workflows/engine';

type Lang = 'zh-CN' | 'en';

/** A step the current state accepts but whose rule refuses it now, with the rule in words. */
export interface BlockedEvent {
  type: string;
  reasons: string[];
}

const fallback = { 'zh-CN': '当前条件下规则不允许此步骤', en: 'A rule of the procedure refuses this step now' };

/**
 * Steps the caller's roles could send in the current state but that a guard refuses for this case's data: read from
 * the machine (which events the active states and their ancestors accept, and the guards on those transitions) and
 * explained with the procedure's own i18n `rules`. Knows no procedure: the rule stays in the machine.
 */
export function blockedEventsFor(
  def: ProcedureDefinition,
  view: Pick<CaseView, 'state' | 'status' | 'allowedEvents'>,
  heldRoles: readonly string[],
  lang: Lang,
): BlockedEvent[] {
  if (view.status !== 'open') return [];
  const rules = (def.i18n[lang].rules ?? {}) as Messages;
  const allowedForMe = new Set(
    view.allowedEvents.filter((e) => e.roles.some((r) => heldRoles.includes(r))).map((e) => e.type),
  );
  const guardsByEvent = new Map<string, Set<string>>();
  for (const path of view.state.split(',').filter(Boolean)) {
    for (let node: AnyStateNode | undefined = stateNodeAt(def.machine, path); node; node = node.parent) {
      for (const [type, transitions] of transitionsByEvent(node)) {
        const spec = def.events[type];
        if (!spec || allowedForMe.has(type) || !spec.roles.some((r) => heldRoles.includes(r))) continue;
        const guards = transitions.map((t) => guardNameOf(t.guard));
        // An unguarded transition means the refusal is not a rule of this state: leave it out.
        if (guards.some((g) => g === undefined)) continue;
        const known = guardsByEvent.get(type) ?? new Set<string>();
        for (const g of guards) known.add(g!);
        guardsByEvent.set(type, known);
      }
    }
  }
  return [...guardsByEvent].map(([type, guards]) => ({
    type,
    reasons: [
      ...new Set([...guards].map((g) => (typeof rules[g] === 'string' ? (rules[g] as string) : fallback[lang]))),
    ],
  }));
}
