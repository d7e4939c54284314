import { z } from 'zod';
import { TestModel } from 'xstate/graph';
import { dueAt } from '../../calendar';
import { CaseCore, type Effect } from '../../engine/case-core';
import { StepRejected } from '../../engine/errors';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { events } from './events';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { storeTheftMachine, type StoreTheftContext } from './machine';

const def = getProcedure('store-theft', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z'); // a Tuesday, 10:00 in Shanghai
const AT = T0 + 60_000;
const MIN = 60_000;
const intake = {
  location: '3F 化妆品区',
  description: '约30岁,黑色外套,背灰色双肩包',
  suspectGender: 'unknown',
  postsAlerted: true,
};
const start = caseStart('store-theft', intake, undefined, 1);

const step = (type: string, data: Record<string, unknown>, role: string) => ({ type, data, actor: as(role), at: AT });

const goods = [
  { item: '口红', quantity: 2, value: 0.1 },
  { item: '面霜', quantity: 1, value: 0.2 },
];
const decisions = {
  settled: { outcome: 'settled', resolution: 'paid', goods, customerAdmitted: true, searchPerformed: false },
  handed_to_police: {
    outcome: 'handed_to_police',
    officerName: '赵警官',
    badgeNumber: '012345',
    policeCaseNumber: 'GA-2026-1',
    detainedByStaff: false,
    evidence: [{ kind: 'cctv', ref: 'sha256:abc' }],
    searchPerformed: false,
  },
  released: { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
};

// Every event a person could send, with data that passes its schema. Optional steps are offered once (the
// camera log and a second reminder have focused tests below) so the paths stay finite.
function eventsFor(snapshot: { context: StoreTheftContext }) {
  const c = snapshot.context;
  return [
    step('theft_confirmed', { observed: '将两支口红放入包内' }, 'patrol_guard'),
    step('suspicion_dropped', { reason: 'goods_put_back' }, 'patrol_guard'),
    ...(c.squadLeaderArrivedAt === null ? [step('squad_leader_arrived', {}, 'squad_leader')] : []),
    ...(c.interceptions.length === 0
      ? [
          step('customer_intercepted', { where: 'before_exit' }, 'patrol_guard'),
          step('customer_intercepted', { where: 'at_exit' }, 'gate_guard'),
        ]
      : []),
    step('customer_paid', { escortedToTill: true, amount: 0.3 }, 'squad_leader'),
    step('customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard'),
    step('customer_refused', { customerGender: 'male', invitedToOffice: true }, 'gate_guard'),
    ...(c.femaleStaff ? [] : [step('female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager')]),
    step('interview_started', { assistingGuard: '王强' }, 'ops_manager'),
    ...Object.values(decisions).map((d) => step('decision_made', d, 'ops_manager')),
    step('suspect_left', { policeCalled: false }, 'patrol_guard'),
    step('report_filed', { summary: '事件报告' }, 'security_captain'),
  ];
}

// What tells two model states apart: the state and what the case has recorded (all steps share one time and
// actor per type). Serialising this summary rather than the whole context keeps the traversal fast.
const modelKey = ({ value, context: c }: { value: unknown; context: StoreTheftContext }) =>
  JSON.stringify([
    value,
    c.interceptions.map((i) => i.where),
    c.customerGender,
    c.squadLeaderArrivedAt,
    [c.cameras, c.theft, c.payment, c.femaleStaff, c.interview, c.suspectLeft, c.suspicionDropped, c.report].map(
      (x) => x !== null,
    ),
    c.decision?.outcome,
  ]);

// TestModel rather than createTestModel: the latter refuses machines with `after`; timers are tested on Temporal.
const model = new TestModel(storeTheftMachine, {
  input: { ...start, drill: false, startedAt: T0 } as never,
  events: eventsFor as never,
  serializeState: modelKey as never,
});
const paths = model.getSimplePaths();

type Path = (typeof paths)[number];
const label = (e: { type: string; data?: Record<string, unknown> }) =>
  [e.type, e.data?.outcome ?? e.data?.customerGender ?? e.data?.where].filter(Boolean).join(':');
const title = (p: Path) => p.steps.map((s) => label(s.event as never)).join(' → ') || '(start)';

describe('store-theft machine, every simple path through the pure engine', () => {
  it('reaches every end, every decision and every way out', () => {
    const ends = new Set(paths.map((p) => String(p.state.value)));
    expect([...ends].filter((e) => e.startsWith('closed')).sort()).toEqual([
      'closedNoTheft',
      'closedPaidAtTill',
      'closedReported',
    ]);
    const reported = paths.filter((p) => p.state.value === 'closedReported').map(title);
    for (const outcome of Object.keys(decisions)) expect(reported.some((t) => t.includes(outcome))).toBe(true);
    expect(reported.some((t) => t.includes('suspect_left'))).toBe(true);
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.length).toBeLessThan(400);
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(def, start, T0).core, path.steps, AT, ({ core, view, state }) => {
      // Parallel regions: the engine lists active leaves in entry order, so compare them as a set.
      expect(leaves(core.stateName())).toEqual(leaves(stateKeys(state.value)));
      const c = view.context as unknown as StoreTheftContext;
      const timers = view.timers.map((t) => t.id).sort();
      // What the spec says must hold at every step:
      // no search ever, and the record says so;
      expect(c.searchPerformed).toBe(false);
      // a female (or unrecorded) customer is interviewed only with a female staff member present;
      if (c.interview) expect(c.customerGender === 'male' || c.femaleStaff !== null).toBe(true);
      if (c.interview && c.customerGender !== 'male') expect(c.femaleStaff!.at).toBeLessThanOrEqual(c.interview.at);
      // the squad leader deadline runs from the confirmed theft until they arrive;
      expect(timers.includes('squad_leader_arrival')).toBe(view.state.includes('awaitingSquadLeader'));
      // the decision deadline runs while the customer is in the office;
      expect(timers.includes('interview_decision')).toBe(view.state.includes('inOffice'));
      // the report deadline runs until the report is filed;
      expect(timers.includes('report')).toBe(view.state === 'reporting');
      if (view.state === 'closedPaidAtTill') {
        expect(c.interceptions.length).toBeGreaterThan(0);
        expect(c.payment).toMatchObject({ escortedToTill: true });
      }
      if (view.state === 'closedNoTheft') expect(c.suspicionDropped).not.toBeNull();
      if (view.state === 'reporting' || view.state === 'closedReported')
        expect(c.decision !== null || c.suspectLeft !== null).toBe(true);
      if (view.state === 'closedReported') expect(c.report).toMatchObject({ summary: '事件报告' });
      if (c.decision?.outcome === 'settled') expect(c.goodsValue).toBe(0.3);
      if (c.decision?.outcome === 'handed_to_police')
        expect(c.decision).toMatchObject({
          badgeNumber: '012345',
          policeCaseNumber: 'GA-2026-1',
          detainedByStaff: false,
        });
      if (c.decision?.outcome === 'released') expect(c.decision.reason).not.toBe('');
      if (view.status === 'closed') expect(view.timers).toEqual([]);
      // What the UI may offer never includes a step the rules refuse.
      if (view.state.includes('awaitingInterview'))
        expect(view.allowedEvents.some((a) => a.type === 'interview_started')).toBe(
          c.customerGender === 'male' || c.femaleStaff !== null,
        );
    });
  });
});

describe('store-theft rules the machine enforces', () => {
  const open = (data: Record<string, unknown> = intake) =>
    CaseCore.start(def, caseStart('store-theft', data, undefined, 1), T0).core;
  const apply = (core: CaseCore, type: string, data: Record<string, unknown>, role: string, at = AT) =>
    core.applyStep({ type, data, actor: as(role) }, at);
  const reason = rejectionOf;
  /** A case whose customer refused and is in the office. */
  const inOffice = (customerGender: 'female' | 'male', at = AT) => {
    const core = open();
    apply(core, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard', at);
    apply(core, 'customer_intercepted', { where: 'at_exit' }, 'gate_guard', at);
    const effects = apply(core, 'customer_refused', { customerGender, invitedToOffice: true }, 'gate_guard', at);
    return { core, effects };
  };
  const interviewing = (customerGender: 'female' | 'male') => {
    const { core } = inOffice(customerGender);
    if (customerGender === 'female')
      apply(core, 'female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager');
    apply(core, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    return core;
  };

  it('refuses to start interviewing a female customer before a female staff member is recorded present', () => {
    const { core } = inOffice('female');
    const r = reason(() =>
      core.validate({ type: 'interview_started', data: { assistingGuard: '王强' }, actor: as('ops_manager') }, AT),
    );
    expect(r.kind).toBe('EventNotAllowed');
    expect(r.message).toContain('femaleStaffPresentForFemaleCustomer');
    expect(r.details.blockedBy).toEqual(['femaleStaffPresentForFemaleCustomer']);
    expect(leaves(r.details.state as string)).toEqual([
      'theftConfirmed.customer.inOffice.awaitingInterview',
      'theftConfirmed.squadLeader.awaitingSquadLeader',
    ]);
    expect(r.details.allowed).not.toContain('interview_started');
    expect(r.details.allowed).toContain('female_staff_present');
    // The rule reads the context, so no data can talk it round.
    expect(() =>
      core.validate(
        {
          type: 'interview_started',
          data: { assistingGuard: '王强', customerGender: 'male' },
          actor: as('ops_manager'),
        },
        AT,
      ),
    ).toThrow(StepRejected);

    apply(core, 'female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager');
    apply(core, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(core.stateName()).toContain('inOffice.interviewing');
  });

  it('treats a customer whose gender was never recorded as female', () => {
    const core = open();
    // The start and the refusal both demand the gender; the guard itself is also conservative.
    const guard = storeTheftMachine.implementations.guards.femaleStaffPresentForFemaleCustomer as unknown as (a: {
      context: Partial<StoreTheftContext>;
    }) => boolean;
    expect(guard({ context: { customerGender: null, femaleStaff: null } })).toBe(false);
    expect(guard({ context: { customerGender: 'male', femaleStaff: null } })).toBe(true);
    expect((core.view(AT).context as { customerGender: unknown }).customerGender).toBeNull();
  });

  it('interviews a male customer without waiting for female staff', () => {
    const { core } = inOffice('male');
    apply(core, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(core.stateName()).toContain('inOffice.interviewing');
  });

  it('refuses a female staff record that is not of a female staff member', () => {
    const { core } = inOffice('female');
    const r = reason(() =>
      core.validate(
        { type: 'female_staff_present', data: { staffName: '张伟', gender: 'male' }, actor: as('ops_manager') },
        AT,
      ),
    );
    expect(r.kind).toBe('InvalidData');
    expect(r.details.issues).toEqual([expect.objectContaining({ path: 'gender' })]);
  });

  it('can record no search: searchPerformed is always false and no step has a search field', () => {
    const core = interviewing('male');
    for (const d of Object.values(decisions)) {
      const r = reason(() =>
        core.validate({ type: 'decision_made', data: { ...d, searchPerformed: true }, actor: as('ops_manager') }, AT),
      );
      expect(r.kind).toBe('InvalidData');
      expect(r.details.issues).toEqual([expect.objectContaining({ path: 'searchPerformed' })]);
      expect(r.message).toContain('严禁搜身');
    }
    // Nor can a search slip in under another name: every form is strict.
    const r = reason(() =>
      core.validate(
        { type: 'decision_made', data: { ...decisions.released, bagSearched: true }, actor: as('ops_manager') },
        AT,
      ),
    );
    expect(r).toMatchObject({ kind: 'InvalidData', details: { issues: [{ code: 'unrecognized_keys' }] } });
    // A decision must state that none took place.
    const { searchPerformed: _omitted, ...silent } = decisions.released;
    expect(
      reason(() => core.validate({ type: 'decision_made', data: silent, actor: as('ops_manager') }, AT)).kind,
    ).toBe('InvalidData');
    // No event's form has any other field about searching, and the case says none took place.
    for (const [type, spec] of [...Object.entries(events), ['(start)', def.start] as const]) {
      const names = propertyNames(z.toJSONSchema(spec.schema, { unrepresentable: 'any' }));
      const searchy = names.filter((n) => /search|frisk|body/i.test(n.name));
      for (const s of searchy) expect([type, s.name, s.schema.const]).toEqual([type, 'searchPerformed', false]);
    }
    expect(open().view(AT).context.searchPerformed).toBe(false);
  });

  it('hands to the police only with officer, badge, police case number and evidence, and without detention', () => {
    const core = interviewing('male');
    const police = decisions.handed_to_police;
    const tries: Array<[Record<string, unknown>, string]> = [
      [{ ...police, officerName: '' }, 'officerName'],
      [{ ...police, badgeNumber: undefined }, 'badgeNumber'],
      [{ ...police, policeCaseNumber: ' ' }, 'policeCaseNumber'],
      [{ ...police, detainedByStaff: true }, 'detainedByStaff'],
      [{ ...police, evidence: [] }, 'evidence'],
    ];
    for (const [data, path] of tries) {
      const r = reason(() => core.validate({ type: 'decision_made', data, actor: as('ops_manager') }, AT));
      expect(r.kind).toBe('InvalidData');
      expect(r.details.issues).toEqual([expect.objectContaining({ path })]);
    }
  });

  it('settles only with the goods and their value, and releases only with a reason', () => {
    const core = interviewing('male');
    const noGoods = reason(() =>
      core.validate({ type: 'decision_made', data: { ...decisions.settled, goods: [] }, actor: as('ops_manager') }, AT),
    );
    expect(noGoods.details.issues).toEqual([expect.objectContaining({ path: 'goods' })]);
    const noValue = reason(() =>
      core.validate(
        {
          type: 'decision_made',
          data: { ...decisions.settled, goods: [{ item: '口红', quantity: 1 }] },
          actor: as('ops_manager'),
        },
        AT,
      ),
    );
    expect(noValue.details.issues).toEqual([expect.objectContaining({ path: 'goods.0.value' })]);
    const noReason = reason(() =>
      core.validate(
        { type: 'decision_made', data: { ...decisions.released, reason: '' }, actor: as('ops_manager') },
        AT,
      ),
    );
    expect(noReason.details.issues).toEqual([expect.objectContaining({ path: 'reason' })]);
    apply(core, 'decision_made', decisions.settled, 'ops_manager');
    expect(core.view(AT).context).toMatchObject({ goodsValue: 0.3, decision: { goods } });
  });

  it('takes steps only in their order and from their roles', () => {
    const core = open();
    const notNow = (type: string, data: Record<string, unknown>, role: string) =>
      reason(() => core.validate({ type, data, actor: as(role) }, AT));
    expect(notNow('squad_leader_arrived', {}, 'squad_leader')).toMatchObject({
      kind: 'EventNotAllowed',
      details: { state: 'tailingSuspect' },
    });
    expect(notNow('customer_paid', { escortedToTill: true }, 'gate_guard').kind).toBe('EventNotAllowed');
    apply(core, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard');
    // Paying or refusing follows the reminder; the decision follows the interview.
    expect(notNow('customer_paid', { escortedToTill: true }, 'gate_guard').kind).toBe('EventNotAllowed');
    expect(notNow('decision_made', decisions.released, 'ops_manager').kind).toBe('EventNotAllowed');
    expect(notNow('squad_leader_arrived', {}, 'patrol_guard').kind).toBe('RoleNotAllowed');
    const { core: office } = inOffice('male');
    expect(
      reason(() =>
        office.validate({ type: 'interview_started', data: { assistingGuard: 'x' }, actor: as('patrol_guard') }, AT),
      ).kind,
    ).toBe('RoleNotAllowed');
    expect(
      reason(() => office.validate({ type: 'decision_made', data: decisions.released, actor: as('ops_manager') }, AT))
        .kind,
    ).toBe('EventNotAllowed');
  });

  it('refuses intake without the posts alerted, and payment without walking the customer to the till', () => {
    const r = reason(() =>
      CaseCore.start(def, caseStart('store-theft', { ...intake, postsAlerted: false }, undefined, 1), T0),
    );
    expect(r.details.issues).toEqual([expect.objectContaining({ path: 'postsAlerted' })]);
    const core = open();
    apply(core, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard');
    apply(core, 'customer_intercepted', { where: 'before_exit' }, 'patrol_guard');
    const p = reason(() => core.validate({ type: 'customer_paid', data: {}, actor: as('patrol_guard') }, AT));
    expect(p.details.issues).toEqual([expect.objectContaining({ path: 'escortedToTill' })]);
  });

  it('keeps the monitoring room tracking and a second reminder at the exit on record', () => {
    const core = open();
    apply(core, 'cameras_tracked', { following: true }, 'monitor_guard', T0 + MIN);
    apply(core, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard', T0 + 2 * MIN);
    apply(core, 'cameras_tracked', { following: false, note: '进入盲区' }, 'monitor_guard', T0 + 3 * MIN);
    apply(core, 'customer_intercepted', { where: 'before_exit' }, 'patrol_guard', T0 + 4 * MIN);
    apply(core, 'customer_intercepted', { where: 'at_exit' }, 'gate_guard', T0 + 5 * MIN);
    const c = core.view(AT).context as unknown as StoreTheftContext;
    expect(c.cameras).toMatchObject({ following: false, by: 'monitor_guard', at: T0 + 3 * MIN });
    expect(c.interceptions.map((i) => [i.where, i.role])).toEqual([
      ['before_exit', 'patrol_guard'],
      ['at_exit', 'gate_guard'],
    ]);
    expect(core.view(AT).history.map((h) => h.type)).toEqual([
      'cameras_tracked',
      'theft_confirmed',
      'cameras_tracked',
      'customer_intercepted',
      'customer_intercepted',
    ]);
  });

  it('lets the customer leave at any point before the decision; the case goes to reporting', () => {
    const { core } = inOffice('female');
    apply(core, 'suspect_left', { policeCalled: false, note: '顾客拒绝留在办公室' }, 'ops_manager');
    expect(core.stateName()).toBe('reporting');
    expect(core.view(AT).timers.map((t) => t.id)).toEqual(['report']);
  });

  it('starts the squad-leader deadline at the confirmed theft and climbs its ladder until the squad leader arrives', () => {
    const { core, effects: opened } = CaseCore.start(def, start, T0);
    expect(opened).toEqual([activity('inform', { role: 'monitor_guard', about: 'suspect_noticed' })]);
    const confirmedAt = T0 + 2 * MIN;
    const effects = apply(core, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard', confirmedAt);
    expect(effects).toEqual([
      activity('inform', { role: 'squad_leader', about: 'theft_confirmed' }),
      activity('inform', { role: 'gate_guard', about: 'theft_confirmed' }),
      { kind: 'startTimer', key: expect.stringContaining('squad_leader_arrival'), dueAt: confirmedAt + 3 * MIN },
    ]);
    const deadlineKey = (effects[2] as { key: string }).key;
    expect(core.fireTimer(deadlineKey, confirmedAt + 3 * MIN)).toEqual([
      expect.objectContaining({ kind: 'activity', name: 'notify' }),
      { kind: 'startTimer', key: 'rung:squad_leader_arrival:2', dueAt: confirmedAt + 5 * MIN },
    ]);
    expect(core.fireTimer('rung:squad_leader_arrival:2', confirmedAt + 5 * MIN)).toEqual([
      expect.objectContaining({ kind: 'activity', name: 'notify' }),
    ]);
    expect(core.view(AT).escalations.map((e) => [e.timer, e.level, e.to])).toEqual([
      ['squad_leader_arrival', 1, 'squad_leader'],
      ['squad_leader_arrival', 2, 'security_captain'],
    ]);
    // Meanwhile the interception goes on; the squad leader's arrival ends the deadline.
    apply(core, 'customer_intercepted', { where: 'at_exit' }, 'gate_guard', confirmedAt + 6 * MIN);
    apply(core, 'squad_leader_arrived', {}, 'squad_leader', confirmedAt + 7 * MIN);
    expect(core.view(AT).timers).toEqual([]);
  });

  it('cancels the squad-leader rung when they arrive, and closes as paid at till with no timer left', () => {
    const { core } = CaseCore.start(def, start, T0);
    const [, , deadlineTimer] = apply(core, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard', T0);
    core.fireTimer((deadlineTimer as { key: string }).key, T0 + 3 * MIN);
    const arrived = apply(core, 'squad_leader_arrived', {}, 'squad_leader', T0 + 4 * MIN);
    expect(arrived).toEqual([{ kind: 'cancelTimer', key: 'rung:squad_leader_arrival:2' }]);
    const { core: paying } = CaseCore.start(def, start, T0);
    apply(paying, 'theft_confirmed', { observed: '藏匿商品' }, 'patrol_guard', T0);
    apply(paying, 'customer_intercepted', { where: 'before_exit' }, 'patrol_guard', T0 + MIN);
    const paid = apply(paying, 'customer_paid', { escortedToTill: true }, 'patrol_guard', T0 + 2 * MIN);
    expect(paid).toEqual([{ kind: 'cancelTimer', key: expect.stringContaining('squad_leader_arrival') }]);
    expect(paying.view(AT)).toMatchObject({ status: 'closed', state: 'closedPaidAtTill', timers: [] });
  });

  it('counts the office deadline from the refusal, tells the captain and then the gm, and ends it with the decision', () => {
    const refusedAt = T0 + 5 * MIN;
    const { core, effects } = inOffice('female', refusedAt);
    expect(effects).toEqual([
      activity('inform', { role: 'security_captain', about: 'customer_refused' }),
      activity('inform', { role: 'ops_manager', about: 'customer_refused' }),
      { kind: 'startTimer', key: expect.stringContaining('interview_decision'), dueAt: refusedAt + 30 * MIN },
    ]);
    // Waiting for female staff and starting the interview do not restart the clock.
    expect(apply(core, 'female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager')).toEqual([]);
    expect(apply(core, 'interview_started', { assistingGuard: '王强' }, 'ops_manager')).toEqual([]);
    core.fireTimer((effects[2] as { key: string }).key, refusedAt + 30 * MIN);
    core.fireTimer('rung:interview_decision:2', refusedAt + 60 * MIN);
    expect(core.view(AT).escalations.map((e) => [e.timer, e.to])).toEqual([
      ['interview_decision', 'security_captain'],
      ['interview_decision', 'gm'],
    ]);
    const decidedAt = refusedAt + 61 * MIN;
    const decided = apply(core, 'decision_made', decisions.released, 'ops_manager', decidedAt);
    const report = decided.find((e): e is Extract<Effect, { kind: 'startTimer' }> => e.kind === 'startTimer');
    // The report falls due one working day after the decision, on the site's calendar.
    expect(report).toEqual({
      kind: 'startTimer',
      key: expect.stringContaining('report'),
      dueAt: dueAt('1WD', decidedAt, start.policy.calendar),
    });
    expect(decided).toContainEqual(activity('inform', { role: 'security_captain', about: 'decision_made' }));
    expect(core.view(AT).timers.map((t) => t.id)).toEqual(['report']);
  });
});

describe('store-theft messages', () => {
  it('has the same keys in Chinese and English', () => {
    expect(keyPaths(en)).toEqual(keyPaths(zhCN));
  });

  it('names every state, event, timer, rule and field, and guides every step a person takes', () => {
    const states = statePaths(storeTheftMachine.root as never);
    expect(Object.keys(zhCN.states).sort()).toEqual(states.sort());
    expect(Object.keys(zhCN.events).sort()).toEqual(Object.keys(events).sort());
    expect(Object.keys(zhCN.timers).sort()).toEqual(Object.keys(def.policy.deadlines).sort());
    expect(Object.keys(zhCN.rules)).toEqual(Object.keys(storeTheftMachine.implementations.guards));
    const fields = [...Object.values(events).map((e) => e.schema), def.start.schema].flatMap((s) =>
      propertyNames(z.toJSONSchema(s, { unrepresentable: 'any' })).map((p) => p.name),
    );
    for (const f of new Set(fields)) expect([f, f in zhCN.fields]).toEqual([f, true]);
    // Scripts of 5.1.3 verbatim, and the five principles with every step.
    const guidance = zhCN.guidance as Record<string, string>;
    expect(guidance['theftConfirmed.customer.awaitingInterception']).toContain('我们商场的收银台在X楼');
    expect(guidance['theftConfirmed.customer.awaitingInterception']).toContain('请您核对一下');
    expect(guidance['theftConfirmed.customer.customerIntercepted']).toContain('须劳驾您到办公室登记核实下');
    for (const text of [...Object.values(guidance), ...Object.values(en.guidance)]) {
      expect(text).toMatch(/遵守国家法律法规.*确保人身安全|obey the law.*keep people safe/);
    }
  });
});

function activity(name: string, params: Record<string, unknown>) {
  return expect.objectContaining({ kind: 'activity', name, payload: expect.objectContaining({ params }) });
}

const leaves = (name: string) => name.split(',').sort();

function stateKeys(value: unknown, prefix = ''): string {
  if (typeof value === 'string') return prefix + value;
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => stateKeys(v, `${prefix}${k}.`))
    .join(',');
}

function statePaths(node: { path: string[]; states: Record<string, never> }): string[] {
  return Object.values(node.states).flatMap((child: { path: string[]; states: Record<string, never> }) => [
    child.path.join('.'),
    ...statePaths(child),
  ]);
}

type JsonSchema = { properties?: Record<string, JsonSchema>; const?: unknown; [k: string]: unknown };
function propertyNames(schema: unknown): Array<{ name: string; schema: JsonSchema }> {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as JsonSchema;
  const own = Object.entries(s.properties ?? {}).map(([name, sub]) => ({ name, schema: sub }));
  const nested = Object.values(s).flatMap((v) => (Array.isArray(v) ? v.flatMap(propertyNames) : propertyNames(v)));
  return [...own, ...nested];
}

function keyPaths(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj)
    .flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k))
    .sort();
}
