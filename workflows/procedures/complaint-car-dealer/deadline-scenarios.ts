import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of the car dealer's complaint and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.

/** Each step of the car dealer's complaint with data that passes its schema, sent by a role that may send it. */
export const carDealerSteps = {
  formFilled: step(
    'form_filled',
    { plateNumber: '粤B12345', summary: '保养后发动机异响', department: '售后车间' },
    'customer_manager',
  ),
  unreachable: step('customer_unreachable', { attempts: '两次来电未接' }, 'customer_manager'),
  settled: step(
    'responsibility_settled',
    { responsible: '维修技师 张师傅', handling: '返修并承担费用，扣当月绩效', customerTold: true },
    'customer_manager',
  ),
  reviewed: step('review_concluded', { outcome: 'upheld', faultDecision: '认可，记过失一次' }, 'admin_dept'),
  decided: step('gm_decided', { decision: '同意管理部意见' }, 'gm'),
  closed: step(
    'case_closed',
    { accountability: '已扣绩效', faultTalkedThrough: true, formToServiceCentre: true },
    'admin_dept',
  ),
};

const s = carDealerSteps;

/** Per deadline (given the version): the steps before it and the step it waits for; the intake is the example's. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  report: { before: [], step: s.formFilled },
  responsibility: { before: [s.formFilled], step: s.settled },
  responsibility_unreachable: { before: [s.formFilled, s.unreachable], step: s.settled },
  review: { before: [s.formFilled, s.settled], step: s.reviewed },
  closing: { before: [s.formFilled, s.settled, s.reviewed, s.decided], step: s.closed },
});
