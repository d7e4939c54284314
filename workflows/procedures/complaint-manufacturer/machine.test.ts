import { CaseCore, type Effect } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { holidayTableFor, packageHolidayYears } from '../../calendar';
import { getProcedure } from '..';
import { complaintManufacturerV1 as complaintManufacturer } from '.';
import { complaintManufacturerMachine } from './machine';
import { T0, everyStep, simplePaths, stepsOf, type Step } from './test-data';

const def = getProcedure('complaint-manufacturer', 1);
const at = T0 + 60_000;
const intake = complaintManufacturer.example.data;
const start = caseStart('complaint-manufacturer', intake);
const majorStart = caseStart('complaint-manufacturer', { ...intake, kind: 'service_conduct', severity: 'major' });

const ev = stepsOf(def, as, at);

const events = everyStep(ev, 'dept_head');

const paths = simplePaths(complaintManufacturerMachine, start, T0, events);

const informs = (effects: Effect[]) =>
  effects.flatMap((e) => (e.kind === 'activity' && e.name === 'inform' ? [String(e.payload.params.role)] : []));

describe('complaint-manufacturer machine, every simple path through the pure engine', () => {
  it('reaches the end', () => {
    expect(new Set(paths.map((p) => String(p.state.value)))).toContain('closed');
  });

  it.each(paths.map((p) => [p.steps.map((s) => s.event.type).join(' → '), p] as const))('%s', (_name, path) => {
    const { core } = CaseCore.start(def, start, T0);
    let steps = 0;
    for (const { event, state } of path.steps) {
      const e = event as unknown as Step;
      if (!e.type.startsWith('xstate.')) {
        const before = core.stateName();
        core.applyStep({ type: e.type, data: e.data, actor: e.actor }, at);
        steps += 1;
        // 作业流程 4.3: QC's review is never the last word — a passed plan waits for 管理者代表 / 总经理.
        if (e.type === 'corrective_plan_reviewed') expect(core.stateName()).not.toBe('awaitingReplyApproval');
        // 程序 4.5: the customer gets a reply only after 营销副总 approved it.
        if (e.type === 'customer_replied') expect(before).toBe('replyingToCustomer');
      }
      expect(core.stateName()).toBe(String(state.value));
      const view = core.view(at);
      expect(view.history).toHaveLength(steps);
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    }
  });
});

describe('complaint-manufacturer rules', () => {
  const toSignature = (core: CaseCore) => {
    core.applyStep({ type: 'handling_form_issued', data: { formNo: 'TS-1' }, actor: as('salesperson') }, at);
    core.applyStep({ type: 'handling_form_approved', data: {}, actor: as('dept_head') }, at);
  };

  it('refuses a step in the wrong order, by the wrong role, or with bad data, and changes nothing', () => {
    const { core } = CaseCore.start(def, start, T0);
    const before = core.view(at);
    expect(
      rejectionOf(() => core.applyStep({ type: 'reply_approved', data: { reply: 'x' }, actor: as('marketing_vp') }, at))
        .kind,
    ).toBe('EventNotAllowed');
    expect(
      rejectionOf(() =>
        core.applyStep({ type: 'handling_form_issued', data: { formNo: 'x' }, actor: as('squad_leader') }, at),
      ).kind,
    ).toBe('RoleNotAllowed');
    expect(
      rejectionOf(() =>
        core.applyStep({ type: 'handling_form_issued', data: { formNo: '' }, actor: as('salesperson') }, at),
      ).kind,
    ).toBe('InvalidData');
    expect(core.view(at)).toEqual(before);
  });

  it('sends a failed plan and a rejected corrective action back to the responsible department (作业流程 5.3.3, 4.3)', () => {
    const { core } = CaseCore.start(def, start, T0);
    for (const e of events.slice(0, 5)) core.applyStep(e, at);
    expect(core.stateName()).toBe('reviewingPlan');
    core.applyStep(events[6]!, at); // QE: failed
    expect(core.stateName()).toBe('investigating');
    core.applyStep(events[4]!, at);
    core.applyStep(events[5]!, at); // QE: passed — not final
    expect(core.stateName()).toBe('awaitingActionApproval');
    core.applyStep(events[8]!, at); // 总经理: rejected
    expect(core.stateName()).toBe('investigating');
    core.applyStep(events[4]!, at);
    core.applyStep(events[5]!, at);
    core.applyStep(events[7]!, at); // 管理者代表: approved
    expect(core.stateName()).toBe('awaitingReplyApproval');
    expect(core.view(at).history).toHaveLength(12);
  });

  it('refuses an intake that was not read back to the customer (程序 5.2.3)', () => {
    const parsed = def.start.schema.safeParse({ ...intake, readBack: false });
    expect(parsed.success).toBe(false);
  });

  it('has a 部门主任 approve an ordinary complaint’s form, but only 营销副总 a major one (作业流程 5.2.2)', () => {
    const ordinary = CaseCore.start(def, start, T0).core;
    toSignature(ordinary);
    expect(ordinary.stateName()).toBe('awaitingQaSignature');

    const major = CaseCore.start(def, majorStart, T0).core;
    major.applyStep({ type: 'handling_form_issued', data: { formNo: 'TS-2' }, actor: as('salesperson') }, at);
    const before = major.view(at);
    for (const role of ['dept_head', 'gm']) {
      const refused = rejectionOf(() =>
        major.applyStep({ type: 'handling_form_approved', data: {}, actor: as(role) }, at),
      );
      expect([refused.kind, refused.details.blockedBy]).toEqual(['EventNotAllowed', ['mayApproveForm']]);
    }
    expect(major.view(at)).toEqual(before);
    major.applyStep({ type: 'handling_form_approved', data: {}, actor: as('marketing_vp') }, at);
    expect(major.stateName()).toBe('awaitingQaSignature');
  });

  it('reports a product-quality complaint to 管理者代表 and 总经理 when 品管部 signs, and no other kind (程序 4.6)', () => {
    const quality = CaseCore.start(def, start, T0).core;
    toSignature(quality);
    const effects = quality.applyStep(
      { type: 'handling_form_signed', data: { qeEngineer: '吴工' }, actor: as('qa_dept') },
      at,
    );
    expect(informs(effects)).toEqual(['management_rep', 'gm']);

    const service = CaseCore.start(
      def,
      caseStart('complaint-manufacturer', { ...intake, kind: 'service_conduct' }),
      T0,
    ).core;
    toSignature(service);
    const none = service.applyStep(
      { type: 'handling_form_signed', data: { qeEngineer: '吴工' }, actor: as('qa_dept') },
      at,
    );
    expect(informs(none)).toEqual([]);
  });

  it('counts the 1-hour form deadlines from the complaint and the visit in working days (policy)', () => {
    const { core } = CaseCore.start(def, start, T0);
    const timer = (id: string) => core.view(at).timers.find((t) => t.id === id);
    expect(timer('handling_form')!.dueAt).toBe(new Date(T0 + 3_600_000).toISOString());
    toSignature(core);
    expect(timer('qa_sign')!.dueAt).toBe(new Date(T0 + 3_600_000).toISOString());
    core.applyStep({ type: 'handling_form_signed', data: { qeEngineer: '吴工' }, actor: as('qa_dept') }, at);
    // Tuesday 10:00 + 2 working days = Thursday 10:00.
    expect(timer('visit')!.dueAt).toBe(new Date(T0 + 2 * 86_400_000).toISOString());
  });
});

describe('complaint-manufacturer visit deadline over the 2026 National Day holiday (程序 4.2: 2 working days)', () => {
  const holidayTable = holidayTableFor(packageHolidayYears(), 2026, 2027);
  /** The visit's due time (ISO) of a complaint received at `receivedAt` (ISO with offset) on the national calendar. */
  const visitDue = (receivedAt: string): string => {
    const t = Date.parse(receivedAt);
    const base = caseStart('complaint-manufacturer', intake);
    const withHolidays = { ...base, policy: { ...base.policy, calendar: { ...base.policy.calendar, holidayTable } } };
    const { core } = CaseCore.start(def, withHolidays, t);
    core.applyStep({ type: 'handling_form_issued', data: { formNo: 'TS-1' }, actor: as('salesperson') }, t);
    core.applyStep({ type: 'handling_form_approved', data: {}, actor: as('dept_head') }, t);
    core.applyStep({ type: 'handling_form_signed', data: { qeEngineer: '吴工' }, actor: as('qa_dept') }, t);
    return core.view(t).timers.find((x) => x.id === 'visit')!.dueAt;
  };

  it('skips 10-01…10-07: received Wednesday 09-30 17:00, the visit is due Friday 10-09 17:00', () => {
    expect(visitDue('2026-09-30T17:00:00+08:00')).toBe(new Date('2026-10-09T17:00:00+08:00').toISOString());
  });

  it('counts the make-up working Saturday 10-10: received Friday 10-09 17:00, due Monday 10-12 17:00', () => {
    expect(visitDue('2026-10-09T17:00:00+08:00')).toBe(new Date('2026-10-12T17:00:00+08:00').toISOString());
  });
});
