import { z } from 'zod';
import type { LateFactData, LateFactSpec } from '../../engine';

/**
 * The police case number as a fact a closed case may still be given (issue 18 point 2): officers rarely give it at
 * the door (城市花园 七.14, 商场预案 三.8, 范本 一.4), and it often comes after the case closed. What each procedure
 * says is who may add it and whether the police were involved in the case; the rest is the same everywhere.
 */

/** The fact's data: the number, as the running step takes it, and a remark. */
export const LatePoliceCaseNumberSchema = z.object({
  policeCaseNumber: z.string().trim().min(1).max(64).describe('The police case (report) number, as the police gave it'),
  note: z.string().trim().max(2000).optional().describe('Free-text remark, e.g. how the number was learnt'),
});

/** Refusal keys of the fact, strings under `lateFacts.police_case_number_added` in each procedure's i18n. */
export const POLICE_NOT_INVOLVED = 'police_not_involved';
export const NUMBER_ALREADY_RECORDED = 'number_already_recorded';

/**
 * Every police case number a case holds, wherever a step recorded one (`policeCaseNumber` at any depth of the
 * context: the police's arrival, a handover, a decision, a number added while open), in the order found.
 */
export function policeCaseNumbersIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(policeCaseNumbersIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'policeCaseNumber' && typeof v === 'string' && v.trim() !== '' ? [v] : policeCaseNumbersIn(v),
  );
}

/**
 * The late police case number of a procedure: refused where the case never involved the police (`policeInvolved`,
 * the procedure's own rule, usually the guard its running step uses) and where a number is already recorded, during
 * the case or added after it closed (one case, one police case: a second number is a different matter).
 * @param roles who may add it, as the procedure says
 * @param policeInvolved whether the case's final context shows the police were involved
 */
export function latePoliceCaseNumber<TContext>(
  roles: readonly string[],
  policeInvolved: (context: TContext) => boolean,
): LateFactSpec {
  return {
    schema: LatePoliceCaseNumberSchema,
    roles,
    refusal: (context: Record<string, unknown>, earlier: readonly LateFactData[]) => {
      if (!policeInvolved(context as TContext)) return POLICE_NOT_INVOLVED;
      if (policeCaseNumbersIn(context).length > 0 || earlier.length > 0) return NUMBER_ALREADY_RECORDED;
      return undefined;
    },
  };
}
