import { dueAt } from '../workflows/calendar';
import { casePolicyFor, type SitePolicy } from '../workflows/engine';
import { getProcedure } from '../workflows/procedures';

/** The rung after an escalation: the role told next and when (epoch ms). */
export interface NextRung {
  role: string;
  at: number;
}

/**
 * Who is told after rung `level` (1-based) of deadline `timer` of a `procedure` case at `site`, and when: the site's
 * ladder in force now (a case keeps the policy it started with, so a ladder edited since may differ), its rung's
 * `after` counted from the deadline's due time (`deadlineDueAt`, ISO) on the site's calendar. Undefined after the
 * last rung, or when the procedure or the timer is unknown here.
 */
export function nextRungOf(
  site: SitePolicy | undefined,
  procedure: string,
  timer: string,
  level: number,
  deadlineDueAt: string,
): NextRung | undefined {
  let policy;
  try {
    policy = casePolicyFor(getProcedure(procedure), site, Date.parse(deadlineDueAt));
  } catch {
    return undefined; // a procedure this worker does not know: the message goes out without the next rung
  }
  const next = policy.ladders[timer]?.[level];
  if (!next) return undefined;
  return { role: next.role, at: dueAt(next.after, Date.parse(deadlineDueAt), policy.calendar) };
}
