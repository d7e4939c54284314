import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const complaintIntake = {
  customer: { name: '张女士', phone: '138 0013 8000' },
  channel: 'phone',
  location: '星河湾 3 栋 1201(装修工地)',
  category: 'site_defined',
  siteCategory: '施工质量',
  description: '卫生间漏水,楼下天花板渗水',
  request: '尽快上门维修并赔偿楼下损失',
};
const repairIntake = (repairKind: string) => ({
  ...complaintIntake,
  amountClaimed: 800,
  siteStage: 'completed',
  handoverDate: '2026-10-15',
  repairKind,
});
const contacted = (severity: 'normal' | 'major', onSiteVisitNeeded = false) =>
  step(
    'customer_contacted',
    { method: 'phone', summary: '已安抚客户情绪并约定处理方案', severity, onSiteVisitNeeded },
    'dept_manager',
  );
const corrective = step(
  'remedy_proposed',
  {
    measure: 'corrective',
    cause: 'workmanship_below_standard',
    rootCause: '防水层施工不合格',
    actions: ['redo_workmanship'],
    description: '重做卫生间防水并闭水试验 48 小时',
  },
  'dept_manager',
);
const temporary = step(
  'remedy_proposed',
  { measure: 'temporary', cause: 'other', rootCause: '漏点待查', actions: ['repair'], description: '关闭进水阀' },
  'qc_inspector',
);
const approved = step('remedy_reviewed', { approved: true, comments: '同意' }, 'qc_inspector', 'qc_reviewer');
const recordConfirmed = step('record_confirmed', { readBack: true }, 'cs_agent');
const rectificationIssued = step(
  'rectification_issued',
  { noticeNo: 'ZG-001', requiredActions: '查找漏点并整改', handedToCustomerService: true },
  'qc_inspector',
);
const repairVisited = step('repair_visited', { visitors: ['周工'], findings: '更换地漏', fixed: true }, 'qc_inspector');

/** Per deadline (given the version): the intake and the steps before it, and the step it waits for. */
export const deadlineScenarios: DeadlineScenarios = (version) => (version >= 2 ? decorationScenarios : v1Scenarios);

const v1Scenarios: ReturnType<DeadlineScenarios> = {
  contact: { intake: complaintIntake, before: [], step: contacted('normal') },
  on_site_visit: {
    intake: complaintIntake,
    before: [contacted('normal', true)],
    step: step('on_site_visited', { visitors: ['王经理'], findings: '卫生间地漏周边渗水' }, 'dept_manager'),
  },
  rectification: { intake: complaintIntake, before: [recordConfirmed], step: rectificationIssued },
  remedy: { intake: complaintIntake, before: [contacted('normal'), corrective], step: approved },
  temporary_countermeasure: { intake: complaintIntake, before: [contacted('major')], step: temporary },
  permanent_countermeasure: {
    intake: complaintIntake,
    before: [contacted('major'), temporary, corrective],
    step: approved,
  },
  repair_visit_utilities: { intake: repairIntake('plumbing_electrical'), before: [], step: repairVisited },
  repair_visit_other: { intake: repairIntake('other'), before: [], step: repairVisited },
  follow_up: {
    intake: complaintIntake,
    before: [],
    step: step('follow_up_called', { reached: true, outcome: '客户确认已安排维修' }, 'cs_agent'),
    rounds: true,
  },
  large_complaint: {
    intake: complaintIntake,
    before: [
      recordConfirmed,
      rectificationIssued,
      contacted('normal'),
      corrective,
      approved,
      step('result_told', { outcome: '已修复', satisfaction: 'satisfied', accepted: true }, 'cs_agent'),
    ],
    step: step('case_closed', { basis: 'customer_accepted' }, 'cs_agent'),
  },
  injury_decision: {
    intake: {
      ...complaintIntake,
      category: 'safety',
      siteCategory: undefined,
      subcategory: 'accident',
      amountClaimed: 200,
      injury: true,
      siteStage: 'under_construction',
    },
    before: [],
    step: step(
      'injury_assessed',
      {
        accompanyToHospital: false,
        advanceMedicalCosts: false,
        basis: '地面湿滑未设警示牌,顾客摔倒',
        managementReported: true,
        financeRequested: false,
      },
      'dept_manager',
    ),
  },
};

// Version 2, the home-decoration contractor (客诉规则 1–14): each step with data its schema accepts.
const decorationIntake = {
  customer: { name: '张女士', phone: '138 0013 8000' },
  channel: 'phone',
  location: '星河湾 3 栋 1201',
  category: 'workmanship',
  description: '卫生间漏水,楼下天花板渗水',
  request: '尽快上门维修并赔偿楼下损失',
  siteStage: 'under_construction',
};
const decorationRepairIntake = (repairKind: string) => ({
  ...decorationIntake,
  category: 'repair',
  siteStage: 'completed',
  handoverDate: '2026-10-15',
  repairKind,
});
/** Each step of complaint v2 with data that passes its schema, sent by a role that may send it. */
export const decorationSteps = {
  contacted: contacted('normal'),
  contactedVisit: contacted('normal', true),
  onSiteVisited: step('on_site_visited', { visitors: ['王经理'], findings: '卫生间地漏周边渗水' }, 'dept_manager'),
  recordConfirmed,
  unreachable: step('customer_unreachable', { attempts: '网上投诉,留的电话两次无人接听' }, 'cs_agent'),
  rectificationIssued: step(
    'rectification_issued',
    {
      noticeNo: 'ZG-001',
      cause: 'workmanship_below_standard',
      redo: true,
      requiredActions: '重做卫生间防水并闭水试验 48 小时',
      handedToCustomerService: true,
    },
    'qc_inspector',
  ),
  rectified: step('rectification_done', { workDone: '防水层重做,闭水试验合格', doneBy: ['李师傅'] }, 'qc_inspector'),
  repairVisited,
  called: step('follow_up_called', { reached: true, outcome: '客户确认已安排维修' }, 'cs_agent'),
  visitAgreed: step(
    'follow_up_called',
    {
      reached: true,
      outcome: '约定上门时间',
      appointment: { at: '2026-11-24T14:00:00+08:00', purpose: '上门查漏' },
    },
    'cs_agent',
  ),
  visitMade: step('agreed_visit_made', { visitors: ['周工'], findings: '已找到漏点' }, 'qc_inspector'),
  handedToEngineering: step('handed_to_engineering', { reason: 'qc_handling_another_complaint' }, 'qc_inspector'),
  repeat: step(
    'repeat_complaint_received',
    { channel: 'phone', description: '一周了还在漏水', reason: 'unresolved', department: 'project' },
    'cs_agent',
  ),
  penaltyConfirmed: step('penalty_confirmed', { penalty: 1, confirmed: true }, 'dept_manager'),
  penaltyAppealed: step('penalty_appealed', { penalty: 1, grounds: '漏水是楼上住户管道问题' }, 'qc_inspector'),
  appealDecided: step(
    'penalty_appeal_decided',
    { penalty: 1, granted: false, reason: '现场核实为防水施工问题' },
    'branch_gm',
  ),
  resultAccepted: step('result_told', { outcome: '已修复', satisfaction: 'satisfied', accepted: true }, 'cs_agent'),
  closed: step('case_closed', { basis: 'customer_accepted' }, 'cs_agent'),
};
const d = decorationSteps;

const decorationScenarios: ReturnType<DeadlineScenarios> = {
  contact: { intake: decorationIntake, before: [], step: d.contacted },
  on_site_visit: { intake: decorationIntake, before: [d.contactedVisit], step: d.onSiteVisited },
  read_back: { intake: decorationIntake, before: [], step: d.recordConfirmed },
  rectification: { intake: decorationIntake, before: [d.recordConfirmed], step: d.rectificationIssued },
  repair_visit_utilities: { intake: decorationRepairIntake('plumbing_electrical'), before: [], step: d.repairVisited },
  repair_visit_other: { intake: decorationRepairIntake('other'), before: [], step: d.repairVisited },
  follow_up: { intake: decorationIntake, before: [], step: d.called, rounds: true },
  agreed_visit: { intake: decorationIntake, before: [d.visitAgreed], step: d.visitMade },
  penalty_confirmation: { intake: decorationIntake, before: [d.repeat], step: d.penaltyConfirmed },
  penalty_appeal: {
    intake: decorationIntake,
    before: [d.repeat, d.penaltyConfirmed, d.penaltyAppealed],
    step: d.appealDecided,
  },
};
