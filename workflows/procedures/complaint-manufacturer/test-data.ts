import type { AnyStateMachine } from 'xstate';
import { TestModel } from 'xstate/graph';
import type { ProcedureDefinition } from '../../engine';

// Test data both versions' machine tests share (machine.test.ts, machine-v2.test.ts). Imported only by tests.

/** Who sends a step (the engine's actor: id, display name, role). */
type Actor = { id: string; name: string; role: string };

/** When every test case starts: a Tuesday, 10:00 in Shanghai (epoch ms). */
export const T0 = Date.parse('2026-11-24T02:00:00Z');

/** A step as the model-based tests send it: data already parsed by the event's schema, the actor, when (epoch ms). */
export type Step = { type: string; data: Record<string, unknown>; actor: Actor; at: number };

/** The responsible department's plan (作业流程 5.3.2–5.3.3); v2's permanent countermeasure carries the same fields. */
export const plan = {
  responsibleDept: '装配车间',
  rootCause: '压装力不足',
  correctiveAction: '返修',
  preventiveAction: '加检',
};

/**
 * A step maker for `def`'s events, every step at `at` (epoch ms) as `role`'s actor (from `asRole`); throws the
 * event schema's error when `data` does not pass it (a test typo).
 */
export const stepsOf =
  (def: ProcedureDefinition, asRole: (role: string) => Actor, at: number) =>
  (type: string, data: Record<string, unknown>, role: string): Step => ({
    type,
    data: def.events[type]!.schema.parse(data),
    actor: asRole(role),
    at,
  });

/**
 * Every simple path of `machine` for a case opened with `start` at `startedAt` (epoch ms), sending `events`. Keyed by
 * state only: the recorded plans and reviews grow on every loop, so a context-keyed search would never end.
 * (createTestModel refuses machines with `after`; timers are tested on Temporal.)
 */
export const simplePaths = (machine: AnyStateMachine, start: object, startedAt: number, events: Step[]) =>
  new TestModel(machine, {
    input: { ...start, drill: false, startedAt } as never,
    events: events as never,
  }).getSimplePaths({ serializeState: (snapshot: { value: unknown }) => JSON.stringify(snapshot.value) } as never);

/**
 * Every step a person could send in version 1, with data its schema passes (both verdicts and both decisions, so a
 * model walks the loops back to the responsible department: 作业流程 5.3.3, 4.3), the form approved by `approver`;
 * `extra` steps (version 2's) come after them. Indexes 0–10 are the same in both versions.
 */
export const everyStep = (ev: ReturnType<typeof stepsOf>, approver: string, extra: Step[] = []): Step[] => [
  ev('handling_form_issued', { formNo: 'TS-001' }, 'salesperson'),
  ev('handling_form_approved', {}, approver),
  ev('handling_form_signed', { qeEngineer: '吴工' }, 'qa_dept'),
  ev('customer_visited', { findings: '异响', cause: 'product_quality' }, 'salesperson'),
  ev('corrective_plan_proposed', plan, 'dept_head'),
  ev('corrective_plan_reviewed', { verdict: 'passed', comment: '可行' }, 'qa_dept'),
  ev('corrective_plan_reviewed', { verdict: 'failed', comment: '原因未找准' }, 'qa_dept'),
  ev('corrective_action_decided', { decision: 'approved' }, 'management_rep'),
  ev('corrective_action_decided', { decision: 'rejected' }, 'gm'),
  ev('reply_approved', { reply: '免费更换' }, 'marketing_vp'),
  ev('customer_replied', { customerAccepts: true }, 'salesperson'),
  ...extra,
];
