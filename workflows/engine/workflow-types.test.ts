import * as workflows from '..';
import { CASE_WORKFLOW_TYPE } from './workflow-types';

describe('the case workflow type', () => {
  it('is the name of the workflow function the worker registers for cases', () => {
    expect(Object.keys(workflows)).toContain(CASE_WORKFLOW_TYPE);
    expect(workflows.runProcedure.name).toBe(CASE_WORKFLOW_TYPE);
  });
});
