import type { CaseView, Escalation } from '../workflows/engine';

/** One change of a case as the audit trail records it. `body.at` is when it happened (ISO). */
export interface CaseChange {
  kind:
    'opened' | 'step' | 'timer' | 'reminder' | 'escalation' | 'roster' | 'delivery' | 'undelivered' | 'ack' | 'closed';
  at: string;
  body: Record<string, unknown> & { at: string };
}

/**
 * The changes that lead from `before` to `after` (two views of the same case), oldest first.
 *
 * Derived from the views, not sent by the workflow one by one, so any two revisions give the same chain whatever
 * came in between: a write that arrives after a newer one is simply not needed, and one that arrives after a gap
 * records everything the gap held. `before` null: the case is new to the records (the opening comes first).
 */
export function changesBetween(before: CaseView | null, after: CaseView): CaseChange[] {
  const out: CaseChange[] = [];
  const add = (kind: CaseChange['kind'], at: string, body: Record<string, unknown>) =>
    out.push({ kind, at, body: { ...body, at } });

  if (!before) {
    add('opened', after.startedAt, {
      number: after.number,
      procedure: after.procedure,
      version: after.version,
      site: after.site,
      drill: after.drill,
      ...(after.intake ? { intake: after.intake } : {}),
    });
  }
  const seen = before?.history.length ?? 0;
  for (const step of after.history.filter((s) => s.seq > seen)) add('step', step.at, { step });

  const firedBefore = new Set((before?.breaches ?? []).map((b) => `${b.timer}@${b.dueAt}`));
  const fired = [...after.breaches, ...after.deadlines.filter((d) => d.outcome === 'missed' || d.outcome === 'late')];
  const firedNow = new Map<string, { timer: string; state: string; dueAt: string }>();
  for (const b of fired) {
    const id = `${b.timer}@${b.dueAt}`;
    if (!firedBefore.has(id) && !wasFired(before, b.timer, b.dueAt)) firedNow.set(id, b);
  }
  for (const b of firedNow.values()) add('timer', b.dueAt, { timer: b.timer, state: b.state, dueAt: b.dueAt });

  const remindersBefore = before?.reminders.length ?? 0;
  for (const r of after.reminders.slice(remindersBefore)) add('reminder', r.at, { timer: r.timer, to: r.to });

  const escBefore = new Map<number, Escalation>((before?.escalations ?? []).map((e) => [e.n, e]));
  // A delivery has no time of its own in the view: it is dated by the rung it delivered.
  for (const e of after.escalations) {
    const old = escBefore.get(e.n);
    if (!old) add('escalation', e.at, { escalation: withoutAck(e) });
    // Who the site's on-duty roster picked (issue 21 point 3), when it was decided after the rung was first written.
    if (old && e.roster && !old.roster) add('roster', e.at, { n: e.n, roster: e.roster });
    if (e.notifiedVia.length && (!old || sameList(old.notifiedVia, e.notifiedVia) === false)) {
      add('delivery', e.at, { n: e.n, via: e.notifiedVia });
    }
    // A channel's permanent refusal, dated like a delivery by its rung; each channel once.
    const refused = (e.undelivered ?? []).filter((u) => !(old?.undelivered ?? []).some((o) => o.channel === u.channel));
    if (refused.length) add('undelivered', e.at, { n: e.n, refused });
    if (e.ackedAt && !old?.ackedAt) {
      add('ack', e.ackedAt, { n: e.n, by: e.ackedBy, ...(e.ackedByName ? { byName: e.ackedByName } : {}) });
    }
  }
  if (after.status === 'closed' && before?.status !== 'closed') {
    add('closed', after.updatedAt, { state: after.state, context: after.context });
  }
  // Stable: same time keeps the order above (opening, steps, timers, reminders, escalations, deliveries, refusals, acks,
  // close).
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => cmp(a.c.at, b.c.at) || a.i - b.i)
    .map(({ c }) => c);
}

// A deadline that had already passed before (as a breach, or already settled late/missed) is not a new firing.
function wasFired(before: CaseView | null, timer: string, dueAt: string): boolean {
  if (!before) return false;
  return before.deadlines.some(
    (d) => d.timer === timer && d.dueAt === dueAt && (d.outcome === 'missed' || d.outcome === 'late'),
  );
}

function withoutAck(
  e: Escalation,
): Omit<Escalation, 'ackedAt' | 'ackedBy' | 'ackedByName' | 'notifiedVia' | 'undelivered'> {
  const { ackedAt: _a, ackedBy: _b, ackedByName: _c, notifiedVia: _d, undelivered: _e, ...rest } = e;
  return rest;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
