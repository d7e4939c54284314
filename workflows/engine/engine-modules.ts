// Everything a case runs on that costs to load: the procedures (machines, zod schemas, policies, messages), the engine
// with xstate and zod, the calendar with its holiday data. Loaded through `engine()` (shared-engine.ts), never imported
// by workflow code directly, so one copy serves every case a worker runs.
export { getProcedure } from '../procedures';
export { CaseCore } from './case-core';
export { StepRejected } from './errors';
