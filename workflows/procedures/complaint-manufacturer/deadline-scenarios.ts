import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';
import { complaintManufacturerV1 } from '.';

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

// Version 2, a major complaint (作业流程 5.3.1): 营销副总 approves its form; QE gives the two countermeasures.
const major = { ...complaintManufacturerV1.example.data, severity: 'major' };
const vpApproved = step('handling_form_approved', {}, 'marketing_vp');
const interim = step('interim_countermeasure_given', { countermeasure: '3 台先行更换备机' }, 'qa_dept');
const permanent = step('permanent_countermeasure_replied', plan, 'qa_dept');

/** Per deadline: the steps before it and the step it waits for; the intake is the example's unless named. */
export const deadlineScenarios: DeadlineScenarios = (version) => ({
  ...(version >= 2
    ? {
        qe_interim: { intake: major, before: [issued, vpApproved, signed], step: interim },
        qe_permanent: { intake: major, before: [issued, vpApproved, signed, interim, visited], step: permanent },
      }
    : {}),
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
