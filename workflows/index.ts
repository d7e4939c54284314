// The worker bundles this module: every workflow type the app runs.
export { runProcedure } from './engine/run-procedure';
export { caseNumberSequence } from './engine/case-number';
export { recurringReminder } from './engine/recurring';
