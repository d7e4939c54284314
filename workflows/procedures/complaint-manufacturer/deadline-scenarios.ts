import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const issued = step('handling_form_issued', { formNo: 'TS-001' }, 'salesperson');
const approved = step('handling_form_approved', {}, 'dept_head');
const signed = step('handling_form_signed', { qeEngineer: '吴工' }, 'qa_dept');
const visited = step('customer_visited', { findings: '3 台轴承异响', cause: 'product_quality' }, 'salesperson');
const plan = {
  responsibleDept: '装配车间',
  rootCause: '轴承压装力不足',
  correctiveAction: '返修 3 台',
  preventiveAction: '压装工位加检',
};
const proposed = step('corrective_plan_proposed', plan, 'dept_head');
const reviewed = step('corrective_plan_reviewed', { verdict: 'passed', comment: '可行' }, 'qa_dept');
const decided = step('corrective_action_decided', { decision: 'approved' }, 'management_rep');
const replyApproved = step('reply_approved', { reply: '免费更换 3 台并承担运费' }, 'marketing_vp');
const replied = step('customer_replied', { customerAccepts: true }, 'salesperson');

/** Per deadline: the steps before it and the step it waits for; the intake is the example's. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  handling_form: { before: [], step: issued },
  form_approval: { before: [issued], step: approved },
  qa_sign: { before: [issued, approved], step: signed },
  visit: { before: [issued, approved, signed], step: visited },
  qe_reply: { before: [issued, approved, signed, visited], step: proposed },
  action_approval: { before: [issued, approved, signed, visited, proposed, reviewed], step: decided },
  reply_approval: { before: [issued, approved, signed, visited, proposed, reviewed, decided], step: replyApproved },
  customer_reply: {
    before: [issued, approved, signed, visited, proposed, reviewed, decided, replyApproved],
    step: replied,
  },
});
