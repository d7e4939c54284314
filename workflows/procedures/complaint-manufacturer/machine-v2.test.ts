import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { holidayTableFor, packageHolidayYears } from '../../calendar';
import { getProcedure } from '..';
import { complaintManufacturerV2 } from '.';
import { complaintManufacturerMachineV2 } from './machine';

// Version 2 (作业流程 5.3.1): a major complaint has QE's interim countermeasure within 8 working hours and the
// permanent one within 2 working days; an ordinary complaint keeps version 1's 3-working-day reply.
const def = getProcedure('complaint-manufacturer', 2);
const T0 = Date.parse('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const at = T0 + 60_000;
const intake = complaintManufacturerV2.example.data;
const ordinaryStart = caseStart('complaint-manufacturer', intake, undefined, 2);
const majorStart = caseStart('complaint-manufacturer', { ...intake, severity: 'major' }, undefined, 2);

type Step = { type: string; data: Record<string, unknown>; actor: ReturnType<typeof as>; at: number };
const ev = (type: string, data: Record<string, unknown>, role: string): Step => ({
  type,
  data: def.events[type]!.schema.parse(data),
  actor: as(role),
  at,
});
const plan = {
  responsibleDept: '装配车间',
  rootCause: '压装力不足',
  correctiveAction: '返修',
  preventiveAction: '加检',
};

// Every event a person could send, with data its schema passes; both verdicts and decisions, so the loops are walked.
const events: Step[] = [
  ev('handling_form_issued', { formNo: 'TS-001' }, 'salesperson'),
  ev('handling_form_approved', {}, 'marketing_vp'),
  ev('handling_form_signed', { qeEngineer: '吴工' }, 'qa_dept'),
  ev('interim_countermeasure_given', { countermeasure: '先行更换备机' }, 'qa_dept'),
  ev('customer_visited', { findings: '异响', cause: 'product_quality' }, 'salesperson'),
  ev('permanent_countermeasure_replied', plan, 'qa_dept'),
  ev('corrective_plan_proposed', plan, 'dept_head'),
  ev('corrective_plan_reviewed', { verdict: 'passed', comment: '可行' }, 'qa_dept'),
  ev('corrective_plan_reviewed', { verdict: 'failed', comment: '原因未找准' }, 'qa_dept'),
  ev('corrective_action_decided', { decision: 'approved' }, 'management_rep'),
  ev('corrective_action_decided', { decision: 'rejected' }, 'gm'),
  ev('reply_approved', { reply: '免费更换' }, 'marketing_vp'),
  ev('customer_replied', { customerAccepts: true }, 'salesperson'),
];

/** Every simple path of version 2's machine for a case opened with `start` (keyed by state: the loops grow context). */
const pathsOf = (start: typeof ordinaryStart) =>
  new TestModel(complaintManufacturerMachineV2, {
    input: { ...start, drill: false, startedAt: T0 } as never,
    events: events as never,
  }).getSimplePaths({ serializeState: (snapshot: { value: unknown }) => JSON.stringify(snapshot.value) } as never);

const QE_STATES = ['awaitingInterimCountermeasure', 'awaitingPermanentCountermeasure'];

describe.each([
  ['ordinary', ordinaryStart],
  ['major', majorStart],
] as const)(
  'complaint-manufacturer v2, every simple path of a %s complaint through the pure engine',
  (severity, start) => {
    const paths = pathsOf(start);

    it('reaches the end, through QE’s two countermeasure states exactly when the complaint is major', () => {
      const visited = new Set(paths.flatMap((p) => p.steps.map((s) => String(s.state.value))));
      expect(visited).toContain('closed');
      for (const state of QE_STATES) expect(visited.has(state)).toBe(severity === 'major');
      // 作业流程 5.3.1: a major complaint's countermeasure is QE's; the department's plan loop is the ordinary one.
      expect(visited.has('investigating')).toBe(severity === 'ordinary');
    });

    it.each(paths.map((p) => [p.steps.map((s) => s.event.type).join(' → '), p] as const))('%s', (_name, path) => {
      const { core } = CaseCore.start(def, start, T0);
      let steps = 0;
      for (const { event, state } of path.steps) {
        const e = event as unknown as Step;
        if (!e.type.startsWith('xstate.')) {
          core.applyStep({ type: e.type, data: e.data, actor: e.actor }, at);
          steps += 1;
        }
        expect(core.stateName()).toBe(String(state.value));
        const view = core.view(at);
        expect(view.history).toHaveLength(steps);
        const timers = view.timers.map((t) => t.id);
        // 作业流程 5.3.1: a major complaint never runs the ordinary 3-working-day reply, an ordinary one never QE's two.
        if (severity === 'major') expect(timers).not.toContain('qe_reply');
        else expect(timers.filter((t) => t === 'qe_interim' || t === 'qe_permanent')).toEqual([]);
        if (view.status === 'closed') expect(view.timers).toEqual([]);
      }
    });
  },
);

describe('complaint-manufacturer v2 rules (作业流程 5.3.1)', () => {
  const toSignature = (core: CaseCore) => {
    for (const e of events.slice(0, 3)) core.applyStep(e, at);
  };

  it('counts the interim countermeasure (8 working hours) and the permanent one (2 working days) from the complaint', () => {
    const { core } = CaseCore.start(def, majorStart, T0);
    toSignature(core);
    expect(core.stateName()).toBe('awaitingInterimCountermeasure');
    const timer = (id: string) => core.view(at).timers.find((t) => t.id === id);
    // Tuesday 10:00 + 8 working hours (09:00–18:00) = Tuesday 18:00, the end of that working day.
    expect(timer('qe_interim')!.dueAt).toBe(new Date(T0 + 8 * 3_600_000).toISOString());
    core.applyStep(events[3]!, at);
    core.applyStep(events[4]!, at);
    expect(core.stateName()).toBe('awaitingPermanentCountermeasure');
    // Tuesday 10:00 + 2 working days = Thursday 10:00, counted from receipt, not from the visit.
    expect(timer('qe_permanent')!.dueAt).toBe(new Date(T0 + 2 * 86_400_000).toISOString());
  });

  it('takes the countermeasures from 品管部 only, and refuses one without its text, changing nothing', () => {
    const { core } = CaseCore.start(def, majorStart, T0);
    toSignature(core);
    const before = core.view(at);
    const send = (role: string, data: Record<string, unknown>) =>
      rejectionOf(() => core.applyStep({ type: 'interim_countermeasure_given', data, actor: as(role) }, at)).kind;
    expect(send('salesperson', { countermeasure: '更换' })).toBe('RoleNotAllowed');
    expect(send('qa_dept', { countermeasure: '' })).toBe('InvalidData');
    expect(core.view(at)).toEqual(before);
    const premature = rejectionOf(() => core.applyStep({ ...events[5]!, at }, at));
    expect(premature.kind).toBe('EventNotAllowed');
  });

  it('sends a rejected major countermeasure back to QE, whose 2-working-day deadline still counts from receipt', () => {
    const { core } = CaseCore.start(def, majorStart, T0);
    for (const e of events.slice(0, 6)) core.applyStep(e, at);
    expect(core.stateName()).toBe('awaitingActionApproval');
    core.applyStep(events[10]!, at); // 总经理: rejected
    expect(core.stateName()).toBe('awaitingPermanentCountermeasure');
    const due = core.view(at).timers.find((t) => t.id === 'qe_permanent')!.dueAt;
    expect(due).toBe(new Date(T0 + 2 * 86_400_000).toISOString());
    core.applyStep(events[5]!, at);
    core.applyStep(events[9]!, at);
    expect(core.stateName()).toBe('awaitingReplyApproval');
  });

  it('keeps an ordinary complaint on version 1’s path: QE reply in 3 working days, no countermeasure steps', () => {
    const { core } = CaseCore.start(def, ordinaryStart, T0);
    core.applyStep(events[0]!, at);
    core.applyStep(ev('handling_form_approved', {}, 'dept_head'), at);
    core.applyStep(events[2]!, at);
    expect(core.stateName()).toBe('awaitingVisit');
    core.applyStep(events[4]!, at);
    expect(core.stateName()).toBe('investigating');
    expect(core.view(at).timers.find((t) => t.id === 'qe_reply')!.dueAt).toBe(
      new Date(T0 + 3 * 86_400_000).toISOString(),
    );
  });
});

describe('complaint-manufacturer v2 permanent countermeasure over the 2026 National Day holiday (2 working days)', () => {
  const holidayTable = holidayTableFor(packageHolidayYears(), 2026, 2027);
  /** The qe_permanent due time (ISO) of a major complaint received at `receivedAt` (ISO with offset). */
  const permanentDue = (receivedAt: string): string => {
    const t = Date.parse(receivedAt);
    const withHolidays = {
      ...majorStart,
      policy: { ...majorStart.policy, calendar: { ...majorStart.policy.calendar, holidayTable } },
    };
    const { core } = CaseCore.start(def, withHolidays, t);
    for (const e of events.slice(0, 5)) core.applyStep(e, t);
    return core.view(t).timers.find((x) => x.id === 'qe_permanent')!.dueAt;
  };

  it('skips 10-01…10-07: received Wednesday 09-30 17:00, due Friday 10-09 17:00', () => {
    expect(permanentDue('2026-09-30T17:00:00+08:00')).toBe(new Date('2026-10-09T17:00:00+08:00').toISOString());
  });

  it('counts the make-up working Saturday 10-10: received Friday 10-09 17:00, due Monday 10-12 17:00', () => {
    expect(permanentDue('2026-10-09T17:00:00+08:00')).toBe(new Date('2026-10-12T17:00:00+08:00').toISOString());
  });
});
