import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
// Every deadline of the machine needs its entry; change these with the machine.
const responded = step('response_recorded', { action: 'went there' }, 'squad_leader');

/** Per deadline (given the version): the steps before it and the step it waits for; the intake is the example's. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  response: { before: [], step: responded },
  closing: { before: [responded], step: step('case_closed', { summary: 'done' }, 'security_captain') },
});
