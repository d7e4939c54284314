/**
 * The case engine's front door: what procedures, the API, activities and the worker may use. Other parts import this
 * module only (checked by .dependency-cruiser.cjs; docs/architecture.md).
 *
 * - Writing a procedure: {@link ProcedureDefinition}, `deadline`, `dataGuard`, `engineActions`, the policy schemas, and
 *   the toolkit of procedure-kit.ts (`StepEventsOf`, the `done` stamp, `recorded`; narrow events with `assertEvent`).
 * - Running a case: `previewCase` (a new case's view, from the pure case core) and the case's records; the Temporal
 *   messages (`stepUpdate`, `viewQuery`, …) and search attributes its clients use. The `CaseCore` class itself stays
 *   inside the engine (the workflow loads it through engine-modules.ts; tests import it directly).
 * - Reading a machine's structure (states, events, timers, guards): machine-structure.ts, the one place that does.
 * - The API contract: the case view and step input schemas (`contract.ts`).
 *
 * The workflow functions themselves (`runProcedure`, `caseNumberSequence`, `recurringReminder`) are the worker's
 * bundle, `workflows/index.ts`; only their input types are offered here. The per-case workflow modules do not import
 * this file (see shared-engine.ts): it loads xstate and zod.
 */
export {
  MAX_REQUEST_KEYS,
  REQUEST_KEY_TTL_MS,
  type ActionPayload,
  type AnyStateMachine,
  type CaseStart,
  type DeadlineOutcome,
  type DeadlineRecord,
  type Effect,
  type PersistedCase,
  type ReminderRecord,
} from './case-core';
export {
  CARRIED_CASE_IDS,
  MAX_BATCH,
  SEQUENCE_MAX_HISTORY_EVENTS,
  caseNumberSequenceId,
  formatCaseNumber,
} from './case-number';
export * from './contract';
export * from './picked';
export {
  ENGINE_ACTION_TYPES,
  dataGuard,
  deadline,
  engineActions,
  eventTime,
  type CaseMachineInput,
  type EventSpec,
  type LateFactData,
  type LateFactSpec,
  type LedgerEntry,
  type Messages,
  type OutsideTrigger,
  type PanelAlarm,
  type ProcedureDefinition,
  type StepEvent,
} from './definition';
export type { DocumentContext, DocumentSpec, PrintableDocument, PrintableField, PrintableSection } from './documents';
export { StepRejected, type RejectionKind } from './errors';
export {
  askedWhen,
  ASKED_WHEN,
  choicesBy,
  CHOICES_BY,
  fieldGroup,
  FIELD_GROUP,
  STAFF,
  staffField,
  staffFieldsOf,
  type StaffFieldMeta,
} from './field-meta';
export { ackUpdate, nextNumberUpdate, numberCasesUpdate, sequenceStateQuery, stepUpdate, viewQuery } from './messages';
export * from './policy';
export {
  activeStateNodes,
  childStatesOf,
  declaredGuardsOf,
  descendantsOf,
  eventTypesOf,
  guardNameOf,
  labelledTransitionsOf,
  regionPathOf,
  rootOf,
  stateNodeAt,
  stateNodeById,
  timersOf,
  transitionsByEvent,
  type AnyStateNode,
  type LabelledTransition,
  type TransitionInfo,
} from './machine-structure';
export { previewCase } from './preview';
export { done, eventOf, isProbe, recorded, type Done, type Recorded, type StepEventsOf } from './procedure-kit';
export { recurringScheduleId, type RecurringReminderInput, type RemindActivities } from './recurring';
export type { RunProcedureInput } from './run-procedure';
export { caseSearchAttributes, searchAttributeCliPairs } from './search-attributes';
export { CASE_WORKFLOW_TYPE } from './workflow-types';
