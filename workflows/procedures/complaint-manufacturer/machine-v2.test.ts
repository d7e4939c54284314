import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { holidayTableFor, packageHolidayYears } from '../../calendar';
import { getProcedure } from '..';
import { complaintManufacturerV2 } from '.';
import { walkPath } from '../../../tests/support/machine-walks';
import { complaintManufacturerMachineV2 } from './machine';
import { T0, everyStep, plan, simplePaths, stepsOf } from './test-data';

// Version 2 (作业流程 5.3.1): a major complaint has QE's interim countermeasure within 8 working hours and the
// permanent one within 2 working days; an ordinary complaint keeps version 1's 3-working-day reply.
const def = getProcedure('complaint-manufacturer', 2);
const at = T0 + 60_000;
const intake = complaintManufacturerV2.example.data;
const ordinaryStart = caseStart('complaint-manufacturer', intake, undefined, 2);
const majorStart = caseStart('complaint-manufacturer', { ...intake, severity: 'major' }, undefined, 2);

const ev = stepsOf(def, as, at);

// Every step of version 1 (a major complaint's form approved by 营销副总: 作业流程 5.2.2), then QE's two countermeasures.
const interim = ev('interim_countermeasure_given', { countermeasure: '先行更换备机' }, 'qa_dept');
const permanent = ev('permanent_countermeasure_replied', plan, 'qa_dept');
const events = everyStep(ev, 'marketing_vp', [interim, permanent]);
const [issued, , signed, visited] = events;
const [formSteps, approved, rejected] = [events.slice(0, 3), events[7]!, events[8]!];

const QE_STATES = ['awaitingInterimCountermeasure', 'awaitingPermanentCountermeasure'];

describe.each([
  ['ordinary', ordinaryStart],
  ['major', majorStart],
] as const)(
  'complaint-manufacturer v2, every simple path of a %s complaint through the pure engine',
  (severity, start) => {
    const paths = simplePaths(complaintManufacturerMachineV2, start, T0, events);

    it('reaches the end, through QE’s two countermeasure states exactly when the complaint is major', () => {
      const visited = new Set(paths.flatMap((p) => p.steps.map((s) => String(s.state.value))));
      expect(visited).toContain('closed');
      for (const state of QE_STATES) expect(visited.has(state)).toBe(severity === 'major');
      // 作业流程 5.3.1: a major complaint's countermeasure is QE's; the department's plan loop is the ordinary one.
      expect(visited.has('investigating')).toBe(severity === 'ordinary');
    });

    it.each(paths.map((p) => [p.steps.map((s) => s.event.type).join(' → '), p] as const))('%s', (_name, path) => {
      const { core } = CaseCore.start(def, start, T0);
      walkPath(core, path.steps, at, ({ view, state }) => {
        expect(core.stateName()).toBe(String(state.value));
        const timers = view.timers.map((t) => t.id);
        // 作业流程 5.3.1: a major complaint never runs the ordinary 3-working-day reply, an ordinary one never QE's two.
        if (severity === 'major') expect(timers).not.toContain('qe_reply');
        else expect(timers.filter((t) => t === 'qe_interim' || t === 'qe_permanent')).toEqual([]);
        if (view.status === 'closed') expect(view.timers).toEqual([]);
      });
    });
  },
);

describe('complaint-manufacturer v2 rules (作业流程 5.3.1)', () => {
  const toSignature = (core: CaseCore) => {
    for (const e of formSteps) core.applyStep(e, at);
  };

  it('counts the interim countermeasure (8 working hours) and the permanent one (2 working days) from the complaint', () => {
    const { core } = CaseCore.start(def, majorStart, T0);
    toSignature(core);
    expect(core.stateName()).toBe('awaitingInterimCountermeasure');
    const timer = (id: string) => core.view(at).timers.find((t) => t.id === id);
    // Tuesday 10:00 + 8 working hours (09:00–18:00) = Tuesday 18:00, the end of that working day.
    expect(timer('qe_interim')!.dueAt).toBe(new Date(T0 + 8 * 3_600_000).toISOString());
    core.applyStep(interim, at);
    core.applyStep(visited!, at);
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
    const premature = rejectionOf(() => core.applyStep(permanent, at));
    expect(premature.kind).toBe('EventNotAllowed');
  });

  it('sends a rejected major countermeasure back to QE, whose 2-working-day deadline still counts from receipt', () => {
    const { core } = CaseCore.start(def, majorStart, T0);
    for (const e of [...formSteps, interim, visited!, permanent]) core.applyStep(e, at);
    expect(core.stateName()).toBe('awaitingActionApproval');
    core.applyStep(rejected, at); // 总经理: rejected
    expect(core.stateName()).toBe('awaitingPermanentCountermeasure');
    const due = core.view(at).timers.find((t) => t.id === 'qe_permanent')!.dueAt;
    expect(due).toBe(new Date(T0 + 2 * 86_400_000).toISOString());
    core.applyStep(permanent, at);
    core.applyStep(approved, at);
    expect(core.stateName()).toBe('awaitingReplyApproval');
  });

  it('keeps an ordinary complaint on version 1’s path: QE reply in 3 working days, no countermeasure steps', () => {
    const { core } = CaseCore.start(def, ordinaryStart, T0);
    core.applyStep(issued!, at);
    core.applyStep(ev('handling_form_approved', {}, 'dept_head'), at);
    core.applyStep(signed!, at);
    expect(core.stateName()).toBe('awaitingVisit');
    core.applyStep(visited!, at);
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
    for (const e of [...formSteps, interim, visited!]) core.applyStep(e, t);
    return core.view(t).timers.find((x) => x.id === 'qe_permanent')!.dueAt;
  };

  it('skips 10-01…10-07: received Wednesday 09-30 17:00, due Friday 10-09 17:00', () => {
    expect(permanentDue('2026-09-30T17:00:00+08:00')).toBe(new Date('2026-10-09T17:00:00+08:00').toISOString());
  });

  it('counts the make-up working Saturday 10-10: received Friday 10-09 17:00, due Monday 10-12 17:00', () => {
    expect(permanentDue('2026-10-09T17:00:00+08:00')).toBe(new Date('2026-10-12T17:00:00+08:00').toISOString());
  });
});
