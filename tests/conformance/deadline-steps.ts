/**
 * For every deadline of every registered procedure: the steps that bring a new case to where the deadline runs, and
 * the step that deadline waits for. tests/conformance/deadlines.test.ts sends that step in time, late and never, and
 * checks what the deadline's record and the reports say. A procedure added to the registry needs its entry here
 * (docs/adding-a-procedure.md).
 */
export interface DeadlineStep {
  type: string;
  data: Record<string, unknown>;
  /** The role that sends it. */
  role: string;
  /** Actor id when it must differ from the role (e.g. a reviewer other than the proposer). */
  id?: string;
}

export interface DeadlineScenario {
  /** The intake; the procedure's example when omitted. */
  intake?: Record<string, unknown>;
  /** Steps from the start to where the deadline runs, each a second after the previous one. */
  before: DeadlineStep[];
  /** The step the deadline waits for. */
  step: DeadlineStep;
  /**
   * A recurring round (the daily follow-up call): each round has its own deadline, so a step after a round's due time
   * belongs to the next round; the missed round stays missed and the next round is met at the step's time.
   */
  rounds?: boolean;
}

const s = (type: string, data: Record<string, unknown>, role: string, id?: string): DeadlineStep => ({
  type,
  data,
  role,
  ...(id ? { id } : {}),
});

// ---------------------------------------------------------------------------------------------------------------
// perimeter-alarm
const dispatched = s('patrol_dispatched', { patrol: ['Li'], squadLeaderInformed: true }, 'monitor_guard');
const arrived = s('patrol_arrived', {}, 'patrol_guard');
const intrusion = s(
  'verdict_given',
  {
    verdict: 'intrusion',
    commander: { name: 'Wang', role: 'squad_leader' },
    captainInformed: true,
    officeInformed: true,
  },
  'squad_leader',
);
const theftNoPolice = s(
  'outcome_recorded',
  {
    outcome: 'theft_thief_not_caught',
    sceneSealed: true,
    crowdDispersed: true,
    residentInformed: true,
    residentConfirmedLoss: true,
    residentConsentsToPolice: false,
  },
  'squad_leader',
);
const perimeterReport = (report: string) => s('report_filed', { report, summary: 'done' }, 'squad_leader');

// ---------------------------------------------------------------------------------------------------------------
// store-theft
const theftConfirmed = s('theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard');
const intercepted = s('customer_intercepted', { where: 'before_exit' }, 'patrol_guard');
const refused = s('customer_refused', { customerGender: 'male', invitedToOffice: true }, 'gate_guard');
const interviewStarted = s('interview_started', { assistingGuard: '王强' }, 'ops_manager');
const released = s(
  'decision_made',
  { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
  'ops_manager',
);

// ---------------------------------------------------------------------------------------------------------------
// internal-theft
const file = (name: string, c: string) => ({ name, sha256: c.repeat(64), size: 1024 });
const evidence = s(
  'evidence_added',
  { kind: 'cctv_footage', description: '出口监控 18:02', attachments: [file('cctv.mp4', 'a')] },
  'lp_officer',
);
const statement = s(
  'statement_taken',
  {
    admittedVoluntarily: true,
    summary: '承认拿了两瓶酒',
    attachments: [file('statement.pdf', 'b')],
    employeeKeptApart: true,
  },
  'lp_officer',
);
const reportedToSupervisor = s(
  'reported_to_supervisor',
  {
    suspectProfile: '入职两年,无违纪记录',
    account: '18:02 经员工通道带出两瓶白酒',
    nothingWithheld: true,
    keptWithinLossPrevention: true,
  },
  'lp_officer',
);

// ---------------------------------------------------------------------------------------------------------------
// residential-theft
const sceneSecured = s(
  'scene_secured',
  { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true },
  'patrol_guard',
);
const exitsControlled = s('exits_controlled', { exitsChecked: true, entrySuspended: false }, 'gate_guard');
const residentDecided = s(
  'resident_decided',
  { residentConfirmedLoss: true, loss: 'laptop', police: 'no_police' },
  'cs_agent',
);
const cctvReviewed = s(
  'cctv_reviewed',
  { cameras: ['B3-lobby'], findings: 'a man at 02:10', footageKept: true },
  'monitor_guard',
);
const residentFollowedUp = s('resident_followed_up', { outcome: 'police investigating' }, 'cs_agent');

// ---------------------------------------------------------------------------------------------------------------
// complaint
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
  s(
    'customer_contacted',
    { method: 'phone', summary: '已安抚客户情绪并约定处理方案', severity, onSiteVisitNeeded },
    'dept_manager',
  );
const corrective = s(
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
const temporary = s(
  'remedy_proposed',
  { measure: 'temporary', cause: 'other', rootCause: '漏点待查', actions: ['repair'], description: '关闭进水阀' },
  'qc_inspector',
);
const approved = s('remedy_reviewed', { approved: true, comments: '同意' }, 'qc_inspector', 'qc_reviewer');
const recordConfirmed = s('record_confirmed', { readBack: true }, 'cs_agent');
const rectificationIssued = s(
  'rectification_issued',
  { noticeNo: 'ZG-001', requiredActions: '查找漏点并整改', handedToCustomerService: true },
  'qc_inspector',
);
const repairVisited = s('repair_visited', { visitors: ['周工'], findings: '更换地漏', fixed: true }, 'qc_inspector');

/** Per procedure id, given the version: the scenario of each of its deadlines. */
export const deadlineSteps: Record<string, (version: number) => Record<string, DeadlineScenario>> = {
  'perimeter-alarm': () => ({
    dispatch: { before: [], step: dispatched },
    patrol_arrival: { before: [dispatched], step: arrived },
    report: {
      before: [
        dispatched,
        arrived,
        intrusion,
        theftNoPolice,
        perimeterReport('senior_management'),
        perimeterReport('investigation_form'),
      ],
      step: perimeterReport('incident_report'),
    },
  }),
  'store-theft': () => ({
    squad_leader_arrival: { before: [theftConfirmed], step: s('squad_leader_arrived', {}, 'squad_leader') },
    interview_decision: { before: [theftConfirmed, intercepted, refused, interviewStarted], step: released },
    report: {
      before: [theftConfirmed, intercepted, refused, interviewStarted, released],
      step: s('report_filed', { summary: '事件报告' }, 'security_captain'),
    },
  }),
  'internal-theft': () => ({
    supervisor_report: { before: [evidence], step: reportedToSupervisor },
    review: {
      before: [evidence, statement, s('supervisor_arrived', {}, 'lp_supervisor'), reportedToSupervisor],
      step: s(
        'review_done',
        {
          verdict: 'facts_established',
          factsClear: true,
          evidenceConclusive: true,
          goodsDescription: '白酒两瓶',
          goodsValue: 199.9,
          findings: '监控与陈述书一致',
        },
        'lp_supervisor',
      ),
    },
  }),
  'residential-theft': (version) => {
    const toResident = version >= 2 ? [sceneSecured, exitsControlled] : [sceneSecured];
    return {
      scene_guard: { before: [], step: sceneSecured },
      ...(version >= 2 ? { exits_control: { before: [sceneSecured], step: exitsControlled } } : {}),
      resident_contact: { before: toResident, step: residentDecided },
      report: {
        before: [...toResident, residentDecided, cctvReviewed, residentFollowedUp],
        step: s('report_filed', { summary: 'all of it', cause: 'window left open' }, 'security_captain'),
      },
    };
  },
  complaint: () => ({
    contact: { intake: complaintIntake, before: [], step: contacted('normal') },
    on_site_visit: {
      intake: complaintIntake,
      before: [contacted('normal', true)],
      step: s('on_site_visited', { visitors: ['王经理'], findings: '卫生间地漏周边渗水' }, 'dept_manager'),
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
      step: s('follow_up_called', { reached: true, outcome: '客户确认已安排维修' }, 'cs_agent'),
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
        s('result_told', { outcome: '已修复', satisfaction: 'satisfied', accepted: true }, 'cs_agent'),
      ],
      step: s('case_closed', { basis: 'customer_accepted' }, 'cs_agent'),
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
      step: s(
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
  }),
};
