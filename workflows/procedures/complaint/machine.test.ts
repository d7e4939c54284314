import { TestModel } from 'xstate/graph';
import { CaseCore, type Effect } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { getProcedure } from '..';
import { ComplaintRegisteredSchema, ownerRungs } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { complaintMachine, type ComplaintContext } from './machine';
import { policy } from './policy';

const def = getProcedure('complaint', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const AT = T0 + 60_000;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const baseIntake = {
  customer: { name: '张女士', phone: '138 0013 8000' },
  channel: 'phone',
  location: '星河湾 3 栋 1201(装修工地)',
  category: 'site_defined',
  siteCategory: '施工质量',
  description: '卫生间漏水,楼下天花板渗水',
  request: '尽快上门维修并赔偿楼下损失',
};
/** A completed site within two months of handover asking for a plumbing repair; follow-ups wanted, small claim. */
const repairIntake = {
  ...baseIntake,
  amountClaimed: 800,
  siteStage: 'completed',
  handoverDate: '2026-10-15',
  repairKind: 'plumbing_electrical',
};
/** A shop-floor injury with a large claim; the customer declines follow-up calls; a site under construction. */
const injuryIntake = {
  ...baseIntake,
  category: 'safety',
  siteCategory: undefined,
  subcategory: 'accident',
  amountClaimed: 12_000,
  injury: true,
  declinesFollowUp: true,
  siteStage: 'under_construction',
};

type Step = { type: string; data: Record<string, unknown>; actor: ReturnType<typeof as>; at: number };
// Data as the engine passes it on: parsed by the event's schema, defaults filled in.
const ev = (type: string, data: Record<string, unknown>, role: string, id = role): Step => ({
  type,
  data: def.events[type]!.schema.parse(data),
  actor: as(role, id),
  at: AT,
});

type Snap = { value: unknown; context: ComplaintContext };
const region = (s: Snap, name: string): unknown => ((s.value as { open?: Record<string, unknown> }).open ?? {})[name];
const main = (s: Snap): string => {
  const h = region(s, 'handling');
  if (h === undefined) return String(s.value); // closed
  if (typeof h === 'string') return h;
  const [k, v] = Object.entries(h as Record<string, unknown>)[0]!;
  return typeof v === 'string' ? `${k}.${v}` : `${k}.${Object.keys(v as object).join('+')}`;
};

const proposal = {
  workmanship: {
    measure: 'corrective',
    cause: 'workmanship_below_standard',
    rootCause: '防水层施工不合格',
    actions: ['redo_workmanship'],
    description: '重做卫生间防水并闭水试验 48 小时',
  },
  designer: {
    measure: 'corrective',
    cause: 'designer_service',
    rootCause: '设计师未交底排水坡度',
    actions: ['repair', 'compensation'],
    description: '调整排水坡度,补偿楼下天花板修复费用',
    repairVisit: 'other',
    compensation: 600,
  },
  temporary: {
    measure: 'temporary',
    cause: 'other',
    rootCause: '漏点待查',
    actions: ['repair'],
    description: '关闭卫生间进水阀,铺设防水布',
  },
};

/**
 * The events a person could send now, in a fixed order that keeps the paths finite: the record is confirmed and the
 * notice issued first, side obligations (repair visit, follow-up, injury steps) at set points of the main line,
 * rejections and repeats at most once. Every event carries data that passes its schema.
 */
function eventsFor(snapshot: Snap): Step[] {
  const c = snapshot.context;
  if (!c.record) return [ev('record_confirmed', { readBack: true }, 'cs_agent')];
  if (!c.rectification)
    return [
      ev(
        'rectification_issued',
        { noticeNo: 'ZG-001', requiredActions: '查找漏点并整改', handedToCustomerService: true },
        'qc_inspector',
      ),
    ];
  if (c.injury && !c.injury.decision)
    return [
      ev(
        'injury_assessed',
        {
          accompanyToHospital: true,
          advanceMedicalCosts: true,
          basis: '地面湿滑未设警示牌,顾客摔倒',
          managementReported: true,
          financeRequested: true,
        },
        'dept_manager',
      ),
    ];
  if (c.injury && !c.injury.witnesses)
    return [
      ev(
        'witnesses_recorded',
        { witnesses: [{ name: '李先生', phone: '13900000000', writtenStatement: true }] },
        'cs_agent',
      ),
    ];
  if (c.injury && !c.injury.insurer)
    return [
      ev('insurer_notified', { insurer: '平安财险', reportNo: 'PA-2026-1', writtenOpinionRequested: true }, 'cs_agent'),
    ];
  // Variants (second proposal, rejection, refusal, repeat, follow-up call) only on the first pass of a normal complaint.
  const reopened = c.remedyClockFrom !== c.registeredAt;
  const variants = !reopened && c.severity === 'normal' && !c.intake.injury;
  const reviewer = 'qc_reviewer';
  switch (main(snapshot)) {
    case 'awaitingContact': {
      // Every severity × visit combination by the first owner; after a hand-over, one contact by the new owner.
      const first = c.owner === 'dept_manager';
      return [
        ...(first ? [ev('escalated_by_hand', { reason: '客户要求更高级别处理' }, 'dept_manager')] : []),
        ...(first ? (['normal', 'major'] as const) : (['normal'] as const)).flatMap((severity) =>
          (first ? [false, true] : [false]).map((onSiteVisitNeeded) =>
            ev(
              'customer_contacted',
              { method: 'phone', summary: '已安抚客户情绪并约定处理方案', severity, onSiteVisitNeeded },
              c.owner,
            ),
          ),
        ),
      ];
    }
    case 'visitingOnSite':
      return [
        ev('on_site_visited', { visitors: ['王经理'], findings: '卫生间地漏周边渗水' }, c.owner),
        ev('case_closed', { basis: 'manager_decision', reason: '客户撤回投诉' }, c.owner),
      ];
    case 'remedying.major':
    case 'remedying.normal': {
      const value = region(snapshot, 'handling') as { remedying: Record<string, unknown> };
      const inner = value.remedying;
      const tempAwaiting = (inner.major as { temporary?: string } | undefined)?.temporary === 'awaiting';
      if (tempAwaiting) return [ev('remedy_proposed', proposal.temporary, 'qc_inspector')];
      const cycle = (inner.normal ?? (inner.major as { corrective: string }).corrective) as string;
      if (cycle === 'awaitingProposal') {
        const choices =
          variants && !c.proposals.some((p) => p.review) ? Object.values(proposal) : [proposal.workmanship];
        return choices.filter((p) => p.measure === 'corrective').map((p) => ev('remedy_proposed', p, 'dept_manager'));
      }
      const rejectedBefore = c.proposals.some((p) => p.review && !p.review.approved);
      return [
        ev('remedy_reviewed', { approved: true, comments: '同意' }, 'qc_inspector', reviewer),
        ...(rejectedBefore || !variants
          ? []
          : [ev('remedy_reviewed', { approved: false, comments: '原因分析不充分' }, 'qc_inspector', reviewer)]),
      ];
    }
    case 'awaitingResult': {
      if (c.repair.due)
        return [ev('repair_visited', { visitors: ['周工'], findings: '更换地漏', fixed: true }, 'qc_inspector')];
      const told = [
        ev('result_told', { outcome: '已修复', satisfaction: 'satisfied', accepted: true }, 'cs_agent'),
        ...(variants
          ? [ev('result_told', { outcome: '已修复', satisfaction: 'dissatisfied', accepted: false }, 'cs_agent')]
          : []),
      ];
      if (c.intake.declinesFollowUp || c.followUp.calls.length > 0 || !variants) return told;
      return [ev('follow_up_called', { reached: true, outcome: '客户确认已安排维修' }, 'cs_agent'), ...told];
    }
    case 'awaitingClosure':
      return [
        ev('case_closed', { basis: 'customer_accepted' }, 'cs_agent'),
        ...(reopened
          ? []
          : [
              ev(
                'repeat_complaint_received',
                {
                  channel: 'phone',
                  description: '又漏水了',
                  reason: c.intake.siteStage === 'completed' ? 'repair_not_in_time' : 'engineering_unresolved',
                  department: c.intake.siteStage === 'completed' ? 'quality_inspection' : 'engineering',
                },
                'cs_agent',
              ),
            ]),
      ];
    default:
      return [];
  }
}

// Snapshots are serialized once each (the path search asks for the same snapshot many times).
const serialized = new WeakMap<object, string>();
function serializeState(snapshot: Snap): string {
  let key = serialized.get(snapshot);
  if (key === undefined) {
    const { policy: _policy, ...context } = snapshot.context;
    key = JSON.stringify({ value: snapshot.value, context });
    serialized.set(snapshot, key);
  }
  return key;
}

function modelPaths(intake: Record<string, unknown>) {
  const start = caseStart('complaint', intake, undefined, 1);
  const data = ComplaintRegisteredSchema.parse(intake);
  // TestModel rather than createTestModel: the latter refuses machines with `after`; timers are tested below and on
  // Temporal. Only the generator's events are walked (timer events and bare events are left out).
  const model = new TestModel(complaintMachine, {
    input: { ...start, data, drill: false, startedAt: T0 } as never,
    events: eventsFor as never,
  });
  const paths = model.getSimplePaths({
    filterEvents: (_s: unknown, e: { type: string }) => 'actor' in e,
    toState: (s: { status: string }) => s.status === 'done',
    serializeState,
  } as never);
  return { start, paths };
}

const title = (steps: Array<{ event: { type: string; data?: Record<string, unknown> } }>) =>
  steps
    .filter((s) => !s.event.type.startsWith('xstate.'))
    .map((s) => {
      const d = s.event.data ?? {};
      const basis = s.event.type === 'case_closed' ? d.basis : undefined;
      const detail = d.severity ?? d.cause ?? basis ?? (d.approved === undefined ? d.accepted : d.approved);
      const visit = d.onSiteVisitNeeded ? '+visit' : '';
      return detail === undefined ? s.event.type : `${s.event.type}:${String(detail)}${visit}`;
    })
    .join(' → ');

/** Timers the view must show for the state the case is in (the deadlines of procedures.md §1). */
function expectedDeadlines(s: Snap): string[] {
  const ids: string[] = [];
  const h = main(s);
  if (h === 'awaitingContact') ids.push('contact');
  if (h === 'visitingOnSite') ids.push('on_site_visit');
  const remedy = region(s, 'handling') as { remedying?: { normal?: string; major?: Record<string, string> } };
  if (remedy.remedying?.normal) ids.push('remedy');
  if (remedy.remedying?.major?.temporary === 'awaiting') ids.push('temporary_countermeasure');
  if (remedy.remedying?.major?.corrective !== undefined && remedy.remedying.major.corrective !== 'approved')
    ids.push('permanent_countermeasure');
  if (region(s, 'rectification') === 'awaitingNotice') ids.push('rectification');
  const repair = region(s, 'repair') as { awaitingVisit?: string } | string;
  if (typeof repair === 'object' && repair.awaitingVisit === 'plumbingElectrical') ids.push('repair_visit_utilities');
  if (typeof repair === 'object' && repair.awaitingVisit === 'otherRepair') ids.push('repair_visit_other');
  if (region(s, 'followUp') === 'calling') ids.push('follow_up');
  if (region(s, 'size') === 'watching') ids.push('large_complaint');
  const injury = region(s, 'injury') as { inProgress?: { dutyManager?: string } } | string;
  if (typeof injury === 'object' && injury.inProgress?.dutyManager === 'awaitingDecision') ids.push('injury_decision');
  return ids.sort();
}

function walk(start: ReturnType<typeof caseStart>, path: ReturnType<typeof modelPaths>['paths'][number]) {
  const { core } = CaseCore.start(def, start, T0);
  let steps = 0;
  let lastOwner = 0;
  for (const { event, state } of path.steps) {
    const e = event as unknown as Step;
    if (!e.type.startsWith('xstate.')) {
      core.applyStep({ type: e.type, data: e.data, actor: e.actor }, AT);
      steps += 1;
    }
    const s = state as unknown as Snap;
    const view = core.view(AT);
    const ctx = view.context as unknown as ComplaintContext;
    // The pure engine and the model agree on the state and on everything recorded.
    const { policy: _policy, ...modelContext } = s.context;
    expect(ctx).toEqual(modelContext);
    // What procedures.md §1 and the seed say must hold at every step:
    expect(
      view.timers
        .filter((t) => t.kind === 'deadline')
        .map((t) => t.id)
        .sort(),
    ).toEqual(view.status === 'closed' ? [] : expectedDeadlines(s));
    const owner = ownerRungs.indexOf(ctx.owner);
    expect(owner).toBeGreaterThanOrEqual(lastOwner); // the owner only ever moves up (规则 1)
    lastOwner = owner;
    expect(ctx.penalties.filter((p) => p.complaint === 1 && p.department === 'quality_inspection')).toEqual([]); // 规则 8
    expect(ctx.penalties.filter((p) => p.complaint > 1)).toHaveLength(ctx.repeats.length);
    if (ctx.rectification) expect(ctx.record).not.toBeNull(); // the notice follows the confirmed record
    if (ctx.approvedRemedy !== null) {
      const approved = ctx.proposals.find((p) => p.n === ctx.approvedRemedy)!;
      expect(approved.review).toMatchObject({ approved: true, role: 'qc_inspector' });
      expect(approved.review!.by).not.toBe(approved.by);
    }
    if (['awaitingResult', 'awaitingClosure'].includes(main(s))) expect(ctx.approvedRemedy).not.toBeNull();
    if (ctx.intake.declinesFollowUp && view.status === 'open') expect(region(s, 'followUp')).toBe('notWanted'); // 规则 6
    if ((ctx.intake.amountClaimed ?? 0) > 5000) expect(ctx.large).toMatchObject({ reason: 'claim_over_threshold' });
    if (view.state === 'closedResolved') {
      expect(ctx.closure).toMatchObject({ basis: 'customer_accepted' });
      expect(ctx.resultAccepted).toBe(true);
      expect(ctx.result).toMatchObject({ accepted: true });
      expect(ctx.rectification).not.toBeNull(); // 规则 4: every complaint gets its notice
    }
    if (view.state === 'closedByManager') expect(ctx.closure).toMatchObject({ basis: 'manager_decision' });
    if (view.status === 'closed') {
      expect(view.timers).toEqual([]);
      if (ctx.injury) expect(Object.values(ctx.injury).every((x) => x !== null)).toBe(true);
    }
    // Every step is recorded once, with who and in what role.
    expect(view.history).toHaveLength(steps);
    if (steps)
      expect(view.history[steps - 1]).toMatchObject({ type: e.type, role: e.actor.role, actor: { id: e.actor.id } });
  }
  return core;
}

/** One test per path, named by its steps, each walked through the pure engine from `start`. */
function walkEach(start: ReturnType<typeof caseStart>, paths: ReturnType<typeof modelPaths>['paths']) {
  it.each(paths.map((p) => [title(p.steps as never), p] as const))('%s', (_name, path) => {
    walk(start, path);
  });
}

describe('complaint machine, every simple path to closure through the pure engine', () => {
  describe('completed site, plumbing repair, daily follow-up', () => {
    const { start, paths } = modelPaths(repairIntake);
    it('reaches both closures through normal and major complaints, rejections, repeats and refusals', () => {
      expect(paths.length).toBeGreaterThan(20);
      expect(paths.length).toBeLessThan(200);
      const ends = new Set(paths.map((p) => String(p.state.value)));
      expect([...ends].sort()).toEqual(['closedByManager', 'closedResolved']);
      const all = paths.map((p) => title(p.steps as never)).join('\n');
      for (const fragment of [
        'customer_contacted:major',
        'remedy_reviewed:false',
        'repeat_complaint_received',
        'result_told:false',
        'escalated_by_hand',
        '+visit',
      ])
        expect(all).toContain(fragment);
    });
    walkEach(start, paths);
  });

  describe('injury with a large claim, follow-up declined, site under construction', () => {
    const { start, paths } = modelPaths(injuryIntake);
    it('runs the injury steps before closing', () => {
      expect(paths.length).toBeGreaterThan(2);
      expect(paths.every((p) => title(p.steps as never).includes('insurer_notified'))).toBe(true);
    });
    walkEach(start, paths);
  });
});

// ---------------------------------------------------------------------------------------------------------------

const reason = rejectionOf;

/** A case driven step by step through the pure engine with its own clock. */
function open(intake: Record<string, unknown> = repairIntake) {
  const started = CaseCore.start(def, caseStart('complaint', intake, undefined, 1), T0);
  const core = started.core;
  let now = T0;
  const send = (type: string, data: Record<string, unknown>, role: string, id = role, at = (now += 1000)) => {
    now = at;
    return core.applyStep({ type, data, actor: as(role, id) }, at);
  };
  const check = (type: string, data: Record<string, unknown>, role: string, id = role) =>
    reason(() => core.validate({ type, data, actor: as(role, id) }, now));
  const ctx = () => core.view(now).context as unknown as ComplaintContext;
  const timerKey = (id: string) => {
    const key = [...(core as unknown as { timers: Map<string, unknown> }).timers.keys()].find((k) =>
      k.startsWith(`xstate.after.${id}.`),
    );
    if (!key) throw new Error(`no open timer ${id}`);
    return key;
  };
  const fire = (id: string, at: number) => {
    now = at;
    return core.fireTimer(timerKey(id), at);
  };
  return { core, effects: started.effects, send, check, ctx, fire, timerKey, at: () => now };
}
const notices = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.kind === 'activity' && e.name === 'inform' ? [`${e.payload.params.role}:${e.payload.params.about}`] : [],
  );
const contacted = (c: ReturnType<typeof open>, severity = 'normal', role = 'dept_manager') =>
  c.send('customer_contacted', { method: 'phone', summary: '已联系', severity, onSiteVisitNeeded: false }, role);
const confirmAndIssue = (c: ReturnType<typeof open>) => {
  c.send('record_confirmed', { readBack: true }, 'cs_agent');
  c.send(
    'rectification_issued',
    { noticeNo: 'ZG-1', requiredActions: '整改', handedToCustomerService: true },
    'qc_inspector',
  );
};

describe('complaint rules the machine and the schemas enforce', () => {
  it('intake: a site-defined category is named; a completed site has its handover date (规则 7)', () => {
    const bad = (intake: Record<string, unknown>) =>
      reason(() => CaseCore.start(def, caseStart('complaint', intake, undefined, 1), T0));
    expect(bad({ ...baseIntake, siteCategory: undefined })).toMatchObject({
      kind: 'InvalidData',
      details: { issues: [expect.objectContaining({ path: 'siteCategory' })] },
    });
    expect(bad({ ...repairIntake, handoverDate: undefined }).details.issues).toEqual([
      expect.objectContaining({ path: 'handoverDate' }),
    ]);
    expect(bad({ ...baseIntake, category: 'product', siteCategory: undefined, subcategory: 'checkout' }).kind).toBe(
      'InvalidData',
    );
  });

  it('规则 1–2: only the owner rung or above contacts the customer; escalation by hand moves the owner up to the gm', () => {
    const c = open();
    expect(
      c.check(
        'customer_contacted',
        { method: 'phone', summary: 'x', severity: 'normal', onSiteVisitNeeded: false },
        'cs_agent',
      ).kind,
    ).toBe('RoleNotAllowed');
    // branch_gm cannot hand over a case dept_manager owns.
    expect(c.check('escalated_by_hand', { reason: '解决不了' }, 'branch_gm').details.blockedBy).toEqual([
      'ownerEscalatesBelowTop',
    ]);
    const effects = c.send('escalated_by_hand', { reason: '解决不了' }, 'dept_manager');
    expect(notices(effects)).toEqual(['branch_gm:escalated_by_hand']);
    expect(c.ctx().owner).toBe('branch_gm');
    const r = c.check(
      'customer_contacted',
      { method: 'phone', summary: 'x', severity: 'normal', onSiteVisitNeeded: false },
      'dept_manager',
    );
    expect(r).toMatchObject({ kind: 'EventNotAllowed', details: { blockedBy: ['byOwnerOrAbove'] } });
    expect(r.message).toContain('byOwnerOrAbove');
    c.send('escalated_by_hand', { reason: '分总也解决不了' }, 'branch_gm');
    expect(c.ctx().owner).toBe('gm');
    expect(c.ctx().ownerChanges.map((o) => `${o.from}>${o.to}`)).toEqual(['dept_manager>branch_gm', 'branch_gm>gm']);
    expect(c.check('escalated_by_hand', { reason: 'x' }, 'gm').details.blockedBy).toEqual(['ownerEscalatesBelowTop']);
    contacted(c, 'normal', 'gm');
    expect(c.core.stateName()).toContain('open.handling.remedying.normal.awaitingProposal');
  });

  it('规则 4–5 with 程序 5.2.3: the rectification notice needs the confirmed record and goes to customer service', () => {
    const c = open();
    const notice = { noticeNo: 'ZG-1', requiredActions: '整改', handedToCustomerService: true };
    expect(c.check('rectification_issued', notice, 'qc_inspector').details.blockedBy).toEqual(['recordConfirmed']);
    c.send('record_confirmed', { readBack: true, corrections: '楼层应为 12 楼' }, 'cs_agent');
    expect(
      c.check('rectification_issued', { ...notice, handedToCustomerService: false }, 'qc_inspector'),
    ).toMatchObject({
      kind: 'InvalidData',
      details: { issues: [expect.objectContaining({ path: 'handedToCustomerService' })] },
    });
    c.send('rectification_issued', notice, 'qc_inspector');
    expect(c.ctx().rectification).toMatchObject({ noticeNo: 'ZG-1', responsibleDept: 'quality_inspection' });
    expect(c.ctx().record).toMatchObject({ corrections: '楼层应为 12 楼' });
  });

  it('原则 2–3: substandard workmanship is redone, wrong material replaced; only corrective actions for a normal complaint', () => {
    const c = open();
    contacted(c);
    const bad = (data: Record<string, unknown>) => c.check('remedy_proposed', data, 'dept_manager');
    expect(bad({ ...proposal.workmanship, actions: ['compensation'] }).details.issues).toEqual([
      expect.objectContaining({ path: 'actions', message: expect.stringContaining('原则 2') }),
    ]);
    expect(bad({ ...proposal.workmanship, cause: 'material_wrong_or_defective' }).details.issues).toEqual([
      expect.objectContaining({ path: 'actions', message: expect.stringContaining('原则 3') }),
    ]);
    expect(bad(proposal.temporary).details.blockedBy).toEqual(['proposesCorrectiveAction']);
  });

  it('作业流程 5.3.3: quality inspection reviews someone else’s proposal; a rejection says why and goes back', () => {
    const c = open();
    contacted(c);
    c.send('remedy_proposed', proposal.workmanship, 'qc_inspector', 'qc_a');
    expect(c.check('remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_a').details.blockedBy).toEqual([
      'approvedBySomeoneElse',
      'sentBackBySomeoneElse',
    ]);
    expect(c.check('remedy_reviewed', { approved: true }, 'dept_manager').kind).toBe('RoleNotAllowed');
    expect(c.check('remedy_reviewed', { approved: false }, 'qc_inspector', 'qc_b').details.issues).toEqual([
      expect.objectContaining({ path: 'comments' }),
    ]);
    c.send('remedy_reviewed', { approved: false, comments: '原因分析不足' }, 'qc_inspector', 'qc_b');
    expect(c.core.stateName()).toContain('remedying.normal.awaitingProposal');
  });

  it('a major complaint needs the temporary countermeasure and the reviewed permanent one, in either order', () => {
    const c = open();
    contacted(c, 'major');
    c.send('remedy_proposed', proposal.workmanship, 'dept_manager');
    c.send('remedy_proposed', proposal.temporary, 'qc_inspector');
    expect(c.check('remedy_proposed', proposal.temporary, 'qc_inspector')).toMatchObject({
      kind: 'EventNotAllowed',
      details: { allowed: expect.arrayContaining(['remedy_reviewed']) },
    });
    c.send('remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    expect(c.core.stateName()).toContain('open.handling.awaitingResult');
    expect(c.ctx().approvedRemedy).toBe(1);
  });

  it('规则 8: the repair visit is due 4 h (plumbing/electrical) or 24 h after the request, within two months of handover', () => {
    const utilities = open();
    expect(utilities.effects).toContainEqual({
      kind: 'startTimer',
      key: utilities.timerKey('repair_visit_utilities'),
      dueAt: T0 + 4 * HOUR,
    });
    const other = open({ ...repairIntake, repairKind: 'other' });
    expect(other.effects).toContainEqual({
      kind: 'startTimer',
      key: other.timerKey('repair_visit_other'),
      dueAt: T0 + 24 * HOUR,
    });
    // Handed over more than two months before: rule 8 does not apply, the visit has no seed deadline.
    const late = open({ ...repairIntake, handoverDate: '2026-09-23' });
    expect(late.core.stateName()).toContain('open.repair.awaitingVisit.noSeedDeadline');
    const edge = open({ ...repairIntake, handoverDate: '2026-09-24' });
    expect(edge.core.stateName()).toContain('open.repair.awaitingVisit.plumbingElectrical');
    const building = open({ ...baseIntake, siteStage: 'under_construction', repairKind: 'plumbing_electrical' });
    expect(building.core.stateName()).toContain('open.repair.awaitingVisit.noSeedDeadline');
  });

  it('the result is told only after the repair visit; an approved remedy may add one, counted from the approval', () => {
    const c = open();
    confirmAndIssue(c);
    contacted(c);
    c.send('remedy_proposed', { ...proposal.designer, repairVisit: 'plumbing_electrical' }, 'dept_manager');
    c.send('remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    const told = { outcome: '已修复', satisfaction: 'satisfied', accepted: true };
    expect(c.check('result_told', told, 'cs_agent').details.blockedBy).toEqual([
      'acceptedAfterRepairs',
      'refusedAfterRepairs',
    ]);
    c.send('repair_visited', { visitors: ['周工'], findings: '未修好', fixed: false }, 'qc_inspector');
    // Not fixed: another visit is due, from now.
    const visitAt = c.at();
    expect(c.core.view(visitAt).timers).toContainEqual(
      expect.objectContaining({ id: 'repair_visit_utilities', dueAt: new Date(visitAt + 4 * HOUR).toISOString() }),
    );
    c.send('repair_visited', { visitors: ['周工'], findings: '已修好', fixed: true }, 'qc_inspector');
    c.send('result_told', told, 'cs_agent');
    expect(c.core.stateName()).toContain('open.handling.awaitingClosure');
  });

  it('规则 6: no follow-up calls and no daily timer when the customer declined them', () => {
    const c = open({ ...repairIntake, declinesFollowUp: true });
    expect(c.core.stateName()).toContain('open.followUp.notWanted');
    expect(c.core.view(T0).timers.map((t) => t.id)).not.toContain('follow_up');
    expect(c.check('follow_up_called', { reached: true, outcome: 'x' }, 'cs_agent')).toMatchObject({
      kind: 'EventNotAllowed',
    });
  });

  it('规则 3: a day without a call escalates; a day with one does not; the timer runs again each day', () => {
    const c = open();
    c.send('follow_up_called', { reached: false, outcome: '无人接听' }, 'cs_agent', 'cs_agent', T0 + 2 * HOUR);
    const day1 = c.fire('follow_up', T0 + DAY);
    expect(day1.filter((e) => e.kind === 'activity' && e.name === 'notify')).toEqual([]);
    expect(day1).toContainEqual({ kind: 'startTimer', key: c.timerKey('follow_up'), dueAt: T0 + 2 * DAY });
    const day2 = c.fire('follow_up', T0 + 2 * DAY);
    expect(day2).toContainEqual(expect.objectContaining({ kind: 'activity', name: 'notify' }));
    expect(c.core.view(c.at()).escalations).toEqual([
      expect.objectContaining({ timer: 'follow_up', level: 1, to: 'dept_manager' }),
    ]);
    expect(c.ctx().followUp).toMatchObject({ round: 2, calledThisRound: false });
    expect(c.ctx().followUp.calls).toEqual([expect.objectContaining({ round: 0, reached: false })]);
  });

  it('规则 3: an agreed visit missed two days running goes to the gm at once; "nobody came" needs an appointment', () => {
    const c = open();
    expect(
      c.check('follow_up_called', { reached: true, outcome: 'x', agreedVisit: 'nobody_came' }, 'cs_agent').details
        .blockedBy,
    ).toEqual(['secondDayNobodyCame', 'visitCheckHasAppointment']);
    expect(
      c.check(
        'follow_up_called',
        { reached: false, outcome: 'x', appointment: { at: '2026-11-25T10:00:00+08:00', purpose: '维修' } },
        'cs_agent',
      ).kind,
    ).toBe('InvalidData');
    c.send(
      'follow_up_called',
      { reached: true, outcome: '约好明天上门', appointment: { at: '2026-11-25T10:00:00+08:00', purpose: '维修' } },
      'cs_agent',
    );
    c.fire('follow_up', T0 + DAY);
    const first = c.send(
      'follow_up_called',
      { reached: true, outcome: '没人来', agreedVisit: 'nobody_came' },
      'cs_agent',
    );
    expect(notices(first)).toEqual([]);
    // The same day again does not count twice.
    expect(
      notices(
        c.send('follow_up_called', { reached: true, outcome: '还是没人来', agreedVisit: 'nobody_came' }, 'cs_agent'),
      ),
    ).toEqual([]);
    c.fire('follow_up', T0 + 2 * DAY);
    const second = c.send(
      'follow_up_called',
      { reached: true, outcome: '仍没人来', agreedVisit: 'nobody_came' },
      'cs_agent',
    );
    expect(notices(second)).toEqual(['gm:agreed_visit_missed']);
    expect(c.ctx().owner).toBe('gm');
    expect(c.ctx().ownerChanges).toEqual([
      expect.objectContaining({ from: 'dept_manager', to: 'gm', why: 'agreed_visit_missed' }),
    ]);
    // A visit that came resets the count.
    c.send('follow_up_called', { reached: true, outcome: '已上门', agreedVisit: 'came' }, 'cs_agent');
    expect(c.ctx().followUp).toMatchObject({ missedVisitDays: 0, appointment: null });
  });

  it('二次投诉: repeats are attached and charged per rules 8–14; the first complaint is never quality inspection’s', () => {
    const c = open();
    confirmAndIssue(c);
    const repeat = (reasonId: string, department: string) => ({
      channel: 'phone',
      description: '又来投诉',
      reason: reasonId,
      department,
    });
    expect(
      c.check('repeat_complaint_received', repeat('engineering_unresolved', 'engineering'), 'cs_agent').details
        .blockedBy,
    ).toEqual(['repeatReasonApplies']);
    expect(
      c.check('repeat_complaint_received', repeat('designer_service', 'quality_inspection'), 'cs_agent').details.issues,
    ).toEqual([expect.objectContaining({ path: 'department' })]);
    const effects = c.send('repeat_complaint_received', repeat('repair_not_in_time', 'quality_inspection'), 'cs_agent');
    expect(notices(effects)).toEqual(['dept_manager:repeat_complaint']);
    c.send('repeat_complaint_received', repeat('material_quality_unresolved', 'material'), 'cs_agent');
    c.send('repeat_complaint_received', repeat('project_not_rectified', 'project'), 'cs_agent');
    c.send('repeat_complaint_received', repeat('qc_follow_up_lacking', 'quality_inspection'), 'cs_agent');
    contacted(c);
    c.send('remedy_proposed', proposal.designer, 'dept_manager');
    c.send('remedy_reviewed', { approved: false, comments: '补充' }, 'qc_inspector', 'qc_b');
    c.send('remedy_proposed', proposal.designer, 'dept_manager');
    c.send('remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    expect(c.ctx().repeats.map((r) => r.complaint)).toEqual([2, 3, 4, 5]);
    expect(
      c.ctx().penalties.map(({ department, rule, amount, complaint }) => [complaint, department, rule, amount]),
    ).toEqual([
      [2, 'quality_inspection', 9, 100],
      [3, 'material', 13, 300],
      [4, 'project', 11, 100],
      [5, 'quality_inspection', 8, 0],
      [1, 'design', 10, 200], // 规则 10 charges the first complaint too — once
    ]);
    const building = open({ ...baseIntake, siteStage: 'under_construction' });
    expect(
      building.check('repeat_complaint_received', repeat('repair_not_in_time', 'quality_inspection'), 'cs_agent')
        .details.blockedBy,
    ).toEqual(['repeatReasonApplies']);
    expect(
      building.check('repeat_complaint_received', repeat('project_not_rectified', 'project'), 'cs_agent').details
        .blockedBy,
    ).toEqual(['repeatReasonApplies']);
    building.send('repeat_complaint_received', repeat('engineering_unresolved', 'engineering'), 'cs_agent');
    expect(building.ctx().penalties).toEqual([
      expect.objectContaining({ department: 'engineering', rule: 14, amount: 100 }),
    ]);
  });

  it('closing: on the customer’s acceptance of the told result, or by a manager at the owner’s rung with a reason', () => {
    const c = open();
    expect(c.check('case_closed', { basis: 'customer_accepted' }, 'cs_agent').details.blockedBy).toEqual([
      'closesOnAcceptance',
      'managerClosesWithReason',
    ]);
    expect(
      c.check('case_closed', { basis: 'manager_decision', reason: '客户撤诉' }, 'cs_agent').details.blockedBy,
    ).toEqual(['closesOnAcceptance', 'managerClosesWithReason']);
    expect(c.check('case_closed', { basis: 'manager_decision', reason: '' }, 'dept_manager').kind).toBe('InvalidData');
    c.send('escalated_by_hand', { reason: '升级' }, 'dept_manager');
    expect(c.check('case_closed', { basis: 'manager_decision', reason: '客户撤诉' }, 'dept_manager').kind).toBe(
      'EventNotAllowed',
    );
    c.send('case_closed', { basis: 'manager_decision', reason: '客户撤诉' }, 'branch_gm');
    expect(c.core.view(c.at())).toMatchObject({ status: 'closed', state: 'closedByManager', timers: [] });
    expect(c.check('record_confirmed', { readBack: true }, 'cs_agent').message).toContain('closed');

    // A refused result reopens the remedy with its clock restarted; acceptance then closes.
    const r = open();
    confirmAndIssue(r);
    r.send('repair_visited', { visitors: ['周工'], findings: '已修好', fixed: true }, 'qc_inspector');
    contacted(r);
    r.send('remedy_proposed', proposal.workmanship, 'dept_manager');
    r.send('remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    r.send('result_told', { outcome: '已重做', satisfaction: 'dissatisfied', accepted: false }, 'cs_agent');
    const refusedAt = r.at();
    expect(r.core.stateName()).toContain('remedying.normal.awaitingProposal');
    expect(r.ctx().remedyClockFrom).toBe(refusedAt);
    expect(r.check('case_closed', { basis: 'customer_accepted' }, 'cs_agent').kind).toBe('EventNotAllowed');
    r.send('remedy_proposed', proposal.workmanship, 'dept_manager');
    r.send('remedy_reviewed', { approved: true }, 'qc_inspector', 'qc_b');
    r.send('result_told', { outcome: '已再次重做', satisfaction: 'satisfied', accepted: true }, 'cs_agent');
    r.send('case_closed', { basis: 'customer_accepted' }, 'cs_agent');
    expect(r.core.view(r.at()).state).toBe('closedResolved');
  });

  it('顾客投诉处理流程 三: injury steps — duty manager, witnesses, insurer — come before closing', () => {
    const c = open({ ...injuryIntake, amountClaimed: 100 });
    expect(notices(c.effects)).toEqual(['dept_manager:injury_reported']);
    expect(
      c.check('case_closed', { basis: 'manager_decision', reason: '客户撤诉' }, 'dept_manager').details.blockedBy,
    ).toContain('managerClosesWithReason');
    expect(
      c.check(
        'injury_assessed',
        { accompanyToHospital: true, advanceMedicalCosts: false, basis: '摔倒' },
        'dept_manager',
      ).details.issues,
    ).toEqual([expect.objectContaining({ path: 'managementReported' })]);
    const decided = c.send(
      'injury_assessed',
      {
        accompanyToHospital: true,
        advanceMedicalCosts: true,
        basis: '摔倒',
        managementReported: true,
        financeRequested: true,
      },
      'ops_manager',
    );
    expect(notices(decided)).toEqual(['gm:injury_support_decided']);
    expect(c.check('witnesses_recorded', { witnesses: [] }, 'cs_agent').kind).toBe('InvalidData');
    c.send('witnesses_recorded', { witnesses: [], noWitnesses: true }, 'cs_agent');
    expect(notices(c.send('media_enquiry_received', { outlet: '都市报' }, 'ops_manager'))).toEqual([
      'executive:media_enquiry',
    ]);
    c.send(
      'insurer_notified',
      { insurer: '平安财险', reportNo: 'PA-1', writtenOpinionRequested: true },
      'dept_manager',
    );
    expect(c.core.stateName()).toContain('open.injury.handled');
    c.send('case_closed', { basis: 'manager_decision', reason: '已协商一致' }, 'dept_manager');
    expect(c.core.view(c.at()).state).toBe('closedByManager');
  });

  it('deadlines count from registration and escalate up their ladders while the state stays active', () => {
    const c = open({ ...repairIntake, repairKind: undefined, amountClaimed: undefined });
    const start = c.core.view(T0).timers.map((t) => [t.id, t.dueAt]);
    expect(start).toEqual([
      ['contact', new Date(T0 + 10 * MIN).toISOString()],
      ['rectification', '2026-11-25T02:00:00.000Z'], // Tuesday 10:00 + 1 working day
      ['follow_up', new Date(T0 + DAY).toISOString()],
      ['large_complaint', new Date(T0 + 3 * DAY).toISOString()],
    ]);
    const fired = c.fire('contact', T0 + 10 * MIN);
    expect(fired).toEqual([
      expect.objectContaining({ kind: 'activity', name: 'notify' }),
      { kind: 'startTimer', key: 'rung:contact:2', dueAt: T0 + 20 * MIN },
    ]);
    expect(c.core.view(c.at()).state).toContain('open.handling.awaitingContact');
    // Contact made at 12 minutes: the gm rung is cancelled.
    expect(contacted(c)).toContainEqual({ kind: 'cancelTimer', key: 'rung:contact:2' });
    // Normal complaint: remedy within 3 working days of registration (Tue 10:00 → Fri 10:00).
    expect(c.core.view(c.at()).timers).toContainEqual(
      expect.objectContaining({ id: 'remedy', dueAt: '2026-11-27T02:00:00.000Z' }),
    );
    c.fire('large_complaint', T0 + 3 * DAY);
    expect(c.ctx().large).toEqual({ reason: 'open_over_three_days', at: T0 + 3 * DAY });
    expect(c.core.view(c.at()).escalations.map((e) => `${e.timer}>${e.to}`)).toEqual([
      'contact>branch_gm',
      'large_complaint>executive',
    ]);

    const big = open({ ...repairIntake, amountClaimed: 5000.01 });
    expect(notices(big.effects)).toEqual(['executive:large_claim']);
    expect(big.core.view(T0).timers.map((t) => t.id)).not.toContain('large_complaint');
    const atThreshold = open({ ...repairIntake, amountClaimed: 5000 });
    expect(notices(atThreshold.effects)).toEqual([]);
  });

  it('a major complaint: temporary countermeasure within 8 working hours, permanent within 2 working days', () => {
    const c = open();
    contacted(c, 'major');
    const timers = Object.fromEntries(c.core.view(c.at()).timers.map((t) => [t.id, t.dueAt]));
    expect(timers.temporary_countermeasure).toBe('2026-11-24T10:00:00.000Z'); // Tue 10:00 + 8 WH = Tue 18:00
    expect(timers.permanent_countermeasure).toBe('2026-11-26T02:00:00.000Z'); // + 2 WD = Thu 10:00
  });
});

describe('complaint definition', () => {
  // The labels are one bundle for every version (docs/adding-a-procedure.md): it names what any version has.
  const v2 = getProcedure('complaint', 2);
  const statePaths = new Set<string>();
  const stepGuards = new Set<string>();
  type Node = { path: string[]; states: Record<string, Node>; transitions: Map<string, Array<{ guard?: unknown }>> };
  const visit = (node: Node) => {
    if (node.path.length) statePaths.add(node.path.join('.'));
    for (const [type, transitions] of node.transitions)
      if (type in def.events || type in v2.events)
        for (const t of transitions) if (typeof t.guard === 'string') stepGuards.add(t.guard);
    Object.values(node.states).forEach(visit);
  };
  visit(complaintMachine.root as unknown as Node);
  visit(v2.machine.root as unknown as Node);

  it.each([
    ['en', en],
    ['zh-CN', zhCN],
  ] as const)('%s names every state, event and timer, and explains every rule that can refuse a step', (_lang, m) => {
    expect(Object.keys(m.states).sort()).toEqual([...statePaths].sort());
    expect(Object.keys(m.events).sort()).toEqual(
      [...new Set([...Object.keys(def.events), ...Object.keys(v2.events)])].sort(),
    );
    expect(Object.keys(m.timers).sort()).toEqual(
      [...new Set([...Object.keys(policy.deadlines), ...Object.keys(v2.policy.deadlines)])].sort(),
    );
    expect(Object.keys(m.rules).sort()).toEqual([...stepGuards].sort());
  });

  it('has a deadline and a ladder for every timer, and every fixed event of the contract', () => {
    expect(Object.keys(policy.ladders).sort()).toEqual(Object.keys(policy.deadlines).sort());
    const fixed = [
      'customer_contacted',
      'escalated_by_hand',
      'rectification_issued',
      'remedy_proposed',
      'remedy_reviewed',
      'repair_visited',
      'follow_up_called',
      'repeat_complaint_received',
      'result_told',
      'case_closed',
    ];
    expect(Object.keys(def.events)).toEqual(expect.arrayContaining(fixed));
    expect(def.numberPrefix).toBe('KS');
  });
});
