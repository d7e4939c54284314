/**
 * The Temporal workflow type of a case: the name the API starts cases under and asks the visibility store about.
 * It is the name of the exported workflow function `runProcedure` (workflows/index.ts), which a test checks; a plain
 * string here so the API need not load the workflow's module.
 */
export const CASE_WORKFLOW_TYPE = 'runProcedure';
