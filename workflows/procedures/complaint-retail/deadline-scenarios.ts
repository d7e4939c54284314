import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of the retail / mall complaint and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.

/** Each step of the retail / mall complaint with data that passes its schema, sent by a role that may send it. */
export const retailSteps = {
  offered: step(
    'solution_offered',
    { requestBasis: 'lawful', cause: 'store', solution: '退款并赠送同款一盒' },
    'duty_manager',
  ),
  accepted: step('customer_answered', { answer: 'accepted' }, 'duty_manager'),
  refused: step('customer_answered', { answer: 'refused', remarks: '要求十倍赔偿' }, 'duty_manager'),
  unreachable: step('customer_unreachable', { attempts: '两次来电未接，短信未回' }, 'duty_manager'),
  carriedOut: step('solution_carried_out', { done: '已退款 ¥12.5 并赠送', customerSatisfied: 'yes' }, 'duty_manager'),
  closed: step('case_closed', { basis: 'settled', review: '冷柜温度巡检加密' }, 'store_manager'),
  closedUnanswered: step('case_closed', { basis: 'no_answer', reason: '客户三天未回复' }, 'store_manager'),
  major: step('major_declared', { reason: '客户称要找媒体曝光' }, 'duty_manager'),
  reported: step(
    'reported_to_ops',
    { summary: '变质酸奶投诉，客户情绪激动', supplierDocumentsNeeded: 'yes' },
    'store_manager',
  ),
  regulatorAsked: step(
    'regulator_signature_requested',
    { office: '区市场监督管理局', document: '投诉调解记录签字' },
    'store_manager',
  ),
  regulatorDecided: step(
    'regulator_signature_decided',
    { decision: 'approved', instructions: '只签调解记录，不签责任认定' },
    'ops_manager',
  ),
  injuryDecided: step(
    'injury_decided',
    {
      companyLiable: 'yes',
      accompany: 'yes',
      advanceCosts: 'yes',
      basis: '地面湿滑无警示牌，监控可见',
      managementReported: 'yes',
      financeRequested: 'yes',
    },
    'duty_manager',
  ),
  witnesses: step(
    'witnesses_recorded',
    { found: 'yes', witnesses: [{ name: '路人 李先生', phone: '13800138000', writtenStatement: 'yes' }] },
    'cs_agent',
  ),
  insurer: step('insurer_notified', { insurer: '平安财险', writtenOpinionRequested: true }, 'cs_agent'),
  accidentReport: step(
    'accident_report_filed',
    { sceneProtected: 'yes', evidence: '监控录像 14:02–14:10，现场照片', report: '顾客在 B1 通道滑倒' },
    'lp_supervisor',
  ),
};

const s = retailSteps;

/** A customer hurt in the mall (艺博 三): the intake of the injury deadlines. */
export const injuryIntake = {
  customer: { name: '赵女士', phone: '0755-12345678' },
  channel: 'in_person',
  place: 'B1 通道',
  category: 'safety',
  subcategory: 'accident',
  description: '在拖地后未放警示牌的通道滑倒，手腕疼痛',
  request: '承担医药费',
  injury: 'yes',
  heardAndApologised: true,
};

/** Per deadline (given the version): the steps before it and the step it waits for; the intake is the example's. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  solution: { before: [], step: s.offered },
  customer_answer: { before: [s.offered], step: s.accepted },
  no_answer: { before: [s.offered, s.unreachable], step: s.closedUnanswered },
  carry_out: { before: [s.offered, s.accepted], step: s.carriedOut },
  // 艺博 二.3: the 3 days stop once the customer accepts a solution.
  settle: { before: [s.offered], step: s.accepted },
  ops_report: { before: [s.major], step: s.reported },
  regulator_approval: { before: [s.regulatorAsked], step: s.regulatorDecided },
  injury_decision: { intake: injuryIntake, before: [], step: s.injuryDecided },
});
