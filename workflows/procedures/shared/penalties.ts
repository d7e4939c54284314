import { z } from 'zod';
import { dueAt } from '../../calendar';
import type { CasePolicy, LedgerEntry } from '../../engine';
import { text } from './fields';

/**
 * Penalties a procedure charges to a department (the home-decoration contractor's 客诉规则 8–14, issue 19), as a
 * proposal that a manager must confirm and the department may appeal. A procedure keeps a `PenaltyLine[]` in its
 * context, changes it only with the pure functions below (from its own assign actions) and lets its `ledger` read
 * `ledgerOf(lines)`: only confirmed charges, not overturned on appeal, reach the penalty ledger report.
 *
 * The life of one line: `proposed` (by whoever recorded the repeat complaint) → `confirmed` or `rejected` by a
 * manager who did not propose it → within the appeal window the department may appeal (`under_appeal`) → a manager
 * above decides: `appeal_granted` (the charge falls) or `appeal_refused` (the charge stands).
 */

export const penaltyStatuses = [
  'proposed',
  'confirmed',
  'rejected',
  'under_appeal',
  'appeal_granted',
  'appeal_refused',
] as const;
export type PenaltyStatus = (typeof penaltyStatuses)[number];

/** Who did a step of a penalty, and when (epoch ms). */
export interface PenaltyStamp {
  by: string;
  role: string;
  at: number;
}

/** One proposed charge: `amount` in ¥ to `department` under seed rule `rule`, for complaint number `complaint`. */
export interface PenaltyLine {
  /** 1-based number of the line in the case; steps name it. */
  n: number;
  department: string;
  rule: number;
  amount: number;
  /** The n-th complaint of the matter it is charged for (1 = the first complaint). */
  complaint: number;
  reason: string;
  status: PenaltyStatus;
  proposed: PenaltyStamp;
  confirmation: (PenaltyStamp & { confirmed: boolean; note?: string | undefined }) | null;
  appeal: (PenaltyStamp & { grounds: string }) | null;
  decision: (PenaltyStamp & { granted: boolean; reason: string }) | null;
}

/** What a proposal charges; the rest of the line is stamped by `proposePenalty`. */
export type PenaltyCharge = Pick<PenaltyLine, 'department' | 'rule' | 'amount' | 'complaint' | 'reason'>;

const lineNo = z.number().int().positive().describe('Number of the penalty line (as listed on the case)');

/** The responsible manager confirms a proposed penalty, or rejects it with a reason. */
export const PenaltyConfirmedSchema = z
  .object({ penalty: lineNo, confirmed: z.boolean(), note: z.string().trim().max(2000).optional() })
  .refine((v) => v.confirmed || (v.note ?? '').length > 0, {
    path: ['note'],
    message: 'say why the penalty is rejected',
  });

/** The department charged appeals a confirmed penalty, within the appeal window. */
export const PenaltyAppealedSchema = z.object({
  penalty: lineNo,
  grounds: text(4000).describe('Why the charge is wrong'),
});

/** A manager above the confirmer decides the appeal: granted (the charge falls) or refused (it stands). */
export const PenaltyAppealDecidedSchema = z.object({
  penalty: lineNo,
  granted: z.boolean(),
  reason: text(4000).describe('Why the appeal is granted or refused'),
});

type Actor = { id: string; role: string };
const stamp = (actor: Actor, at: number): PenaltyStamp => ({ by: actor.id, role: actor.role, at });
const replace = (lines: readonly PenaltyLine[], n: number, change: (l: PenaltyLine) => PenaltyLine) =>
  lines.map((l) => (l.n === n ? change(l) : l));

/** `lines` with `charge` proposed by `actor` at `at` (epoch ms) as the next line. */
export function proposePenalty(lines: readonly PenaltyLine[], charge: PenaltyCharge, actor: Actor, at: number) {
  const line: PenaltyLine = {
    ...charge,
    n: lines.length + 1,
    status: 'proposed',
    proposed: stamp(actor, at),
    confirmation: null,
    appeal: null,
    decision: null,
  };
  return [...lines, line];
}

/** Whether `actor` may confirm or reject line `n`: it is proposed, and `actor` did not propose it. */
export const confirmable = (lines: readonly PenaltyLine[], n: number, actor: Actor | undefined) =>
  lines.some((l) => l.n === n && l.status === 'proposed' && l.proposed.by !== actor?.id);

/** `lines` with line `n` confirmed or rejected. */
export function confirmPenalty(
  lines: readonly PenaltyLine[],
  data: z.infer<typeof PenaltyConfirmedSchema>,
  actor: Actor,
  at: number,
) {
  return replace(lines, data.penalty, (l) => ({
    ...l,
    status: data.confirmed ? 'confirmed' : 'rejected',
    confirmation: { ...stamp(actor, at), confirmed: data.confirmed, note: data.note },
  }));
}

/**
 * The time (epoch ms) until which a confirmed line may be appealed: `window` (a policy duration, e.g. `3WD`) in the
 * case's calendar from the confirmation; undefined for a line not confirmed.
 */
export function appealDue(line: PenaltyLine, window: string, policy: Pick<CasePolicy, 'calendar'>) {
  if (line.status !== 'confirmed' || !line.confirmation) return undefined;
  return dueAt(window, line.confirmation.at, policy.calendar);
}

/** Whether line `n` may be appealed at `at`: confirmed, not yet appealed, and within its appeal window. */
export function appealable(
  lines: readonly PenaltyLine[],
  n: number,
  at: number,
  window: string,
  policy: Pick<CasePolicy, 'calendar'>,
) {
  const line = lines.find((l) => l.n === n);
  const due = line && appealDue(line, window, policy);
  return due !== undefined && at <= due;
}

/** `lines` with line `n` under appeal. */
export function appealPenalty(
  lines: readonly PenaltyLine[],
  data: z.infer<typeof PenaltyAppealedSchema>,
  actor: Actor,
  at: number,
) {
  return replace(lines, data.penalty, (l) => ({
    ...l,
    status: 'under_appeal',
    appeal: { ...stamp(actor, at), grounds: data.grounds },
  }));
}

/** Whether `actor` may decide the appeal of line `n`: it is under appeal, and `actor` neither confirmed nor appealed it. */
export const decidable = (lines: readonly PenaltyLine[], n: number, actor: Actor | undefined) =>
  lines.some(
    (l) => l.n === n && l.status === 'under_appeal' && l.confirmation?.by !== actor?.id && l.appeal?.by !== actor?.id,
  );

/** `lines` with the appeal of line `n` decided. */
export function decideAppeal(
  lines: readonly PenaltyLine[],
  data: z.infer<typeof PenaltyAppealDecidedSchema>,
  actor: Actor,
  at: number,
) {
  return replace(lines, data.penalty, (l) => ({
    ...l,
    status: data.granted ? 'appeal_granted' : 'appeal_refused',
    decision: { ...stamp(actor, at), granted: data.granted, reason: data.reason },
  }));
}

/** The lines waiting for a manager's confirmation. */
export const awaitingConfirmation = (lines: readonly PenaltyLine[]) => lines.filter((l) => l.status === 'proposed');
/** The lines whose appeal waits for a decision. */
export const awaitingDecision = (lines: readonly PenaltyLine[]) => lines.filter((l) => l.status === 'under_appeal');
/** Whether nothing waits for a person: no proposal unconfirmed, no appeal undecided. */
export const penaltiesSettled = (lines: readonly PenaltyLine[]) =>
  awaitingConfirmation(lines).length === 0 && awaitingDecision(lines).length === 0;

/**
 * The ledger of a case: each confirmed line not overturned on appeal (a line under appeal waits for its decision),
 * as `{ account: department, amount, reason: 'rule N: reason', at: confirmation time }`.
 */
export function ledgerOf(lines: readonly PenaltyLine[] | undefined): LedgerEntry[] {
  return (lines ?? [])
    .filter((l) => l.status === 'confirmed' || l.status === 'appeal_refused')
    .map((l) => ({
      account: l.department,
      amount: l.amount,
      reason: `rule ${l.rule}: ${l.reason}`,
      at: l.confirmation!.at,
    }));
}
