import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const theftConfirmed = step('theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
const intercepted = step('customer_intercepted', { where: 'before_exit' }, 'patrol_guard');
const refused = step('customer_refused', { customerGender: 'male', invitedToOffice: true }, 'gate_guard');
const interviewStarted = step('interview_started', { assistingGuard: '王强' }, 'ops_manager');
const released = step(
  'decision_made',
  { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
  'ops_manager',
);

/** Per deadline: the steps before it and the step it waits for. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  squad_leader_arrival: { before: [theftConfirmed], step: step('squad_leader_arrived', {}, 'squad_leader') },
  interview_decision: { before: [theftConfirmed, intercepted, refused, interviewStarted], step: released },
  report: {
    before: [theftConfirmed, intercepted, refused, interviewStarted, released],
    step: step('report_filed', { summary: '事件报告' }, 'security_captain'),
  },
});
