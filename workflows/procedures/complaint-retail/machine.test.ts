import { TestModel } from 'xstate/graph';
import { CaseCore, type Effect } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import type { DeadlineStep } from '../../../tests/support/deadline-scenarios';
import { holidayTableFor, packageHolidayYears } from '../../calendar';
import { getProcedure } from '..';
import { injuryIntake, retailSteps as s } from './deadline-scenarios';
import { complaintRetailMachine } from './machine';

const def = getProcedure('complaint-retail', 1);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const intake = def.example!.data;
const at = T0 + 60_000;
const startOf = (data: Record<string, unknown>) => caseStart('complaint-retail', data);

/** The engine's state name of an XState value: every active leaf as its full dotted path, comma-separated. */
const stateOf = (value: unknown, prefix = ''): string =>
  typeof value === 'string'
    ? `${prefix}${value}`
    : Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => stateOf(v, `${prefix}${k}.`))
        .join();

/**
 * The simple paths of the machine from `data`'s intake with only `steps` on offer (the regions interleave freely); a
 * state is its value, so the refusal loop back to a new solution is walked once.
 */
const pathsWith = (data: Record<string, unknown>, steps: DeadlineStep[]) =>
  new TestModel(complaintRetailMachine, {
    input: { ...startOf(data), drill: false, startedAt: T0 } as never,
    events: steps.map((e) => ({ type: e.type, data: e.data, actor: as(e.role), at })) as never,
  }).getSimplePaths({ serializeState: (snapshot: { value: unknown }) => JSON.stringify(snapshot.value) } as never);

// The main line with the major-complaint report; the customer's no-answer branch; an injury's four steps.
const mainPaths = pathsWith(intake, [
  s.offered,
  s.accepted,
  s.refused,
  s.unreachable,
  s.carriedOut,
  s.closed,
  s.closedUnanswered,
  s.major,
  s.reported,
]);
const injuryPaths = pathsWith(injuryIntake, [s.injuryDecided, s.witnesses, s.insurer, s.accidentReport]);
const named = (paths: typeof mainPaths, intakeData: Record<string, unknown>) =>
  paths.map((p) => [p.steps.map((x) => x.event.type).join(' → ') || '(intake)', p, intakeData] as const);

describe('complaint-retail machine, every simple path through the pure engine', () => {
  it('ends settled after an acceptance and unanswered after the customer went silent', () => {
    const ends = mainPaths
      .filter((p) => stateOf(p.state.value) === 'closed')
      .map((p) => p.steps.map((x) => x.event.type));
    expect(ends.some((t) => t.includes('solution_carried_out'))).toBe(true);
    expect(ends.some((t) => t.includes('customer_unreachable') && !t.includes('solution_carried_out'))).toBe(true);
    // 门店规定 (二)2: a declared major complaint never closes before it was reported to 营运部.
    expect(ends.every((t) => !t.includes('major_declared') || t.includes('reported_to_ops'))).toBe(true);
  });

  it.each([...named(mainPaths, intake), ...named(injuryPaths, injuryIntake)])('%s', (_name, path, data) => {
    const { core } = CaseCore.start(def, startOf(data), T0);
    walkPath(core, path.steps, at, ({ core, view, state }) => {
      expect(core.stateName()).toBe(stateOf(state.value));
      if (view.status === 'closed') expect(view.timers).toEqual([]);
      // 艺博 二.3: once the customer accepted, the 3-day timer no longer runs.
      if (view.history.some((h) => h.type === 'customer_answered' && h.data.answer === 'accepted'))
        expect(view.timers.map((t) => t.id)).not.toContain('settle');
    });
  });
});

describe('complaint-retail rules', () => {
  const begin = (data: Record<string, unknown> = intake, by = 'cs_agent', id = by) =>
    CaseCore.start(def, { ...startOf(data), startedBy: as(by, id) }, T0).core;
  const apply = (core: CaseCore, step: DeadlineStep, data = step.data, role = step.role, id = role) =>
    core.applyStep({ type: step.type, data, actor: as(role, id) }, at);
  const timers = (core: CaseCore) => core.view(at).timers.map((t) => t.id);
  /** The notices (inform activities) among a step's effects, as { role, about }. */
  const informs = (effects: readonly Effect[]) =>
    effects.flatMap((e) => (e.kind === 'activity' && e.name === 'inform' ? [e.payload.params] : []));

  it('refuses a step in the wrong order, by the wrong role, or with bad data, and changes nothing', () => {
    const core = begin();
    const before = core.view(at);
    expect(rejectionOf(() => apply(core, s.carriedOut)).kind).toBe('EventNotAllowed');
    expect(rejectionOf(() => apply(core, s.reported)).kind).toBe('EventNotAllowed');
    expect(rejectionOf(() => apply(core, s.regulatorDecided)).kind).toBe('EventNotAllowed');
    expect(rejectionOf(() => apply(core, s.offered, { ...s.offered.data, solution: '' })).kind).toBe('InvalidData');
    // 门店规定 (二)2: only the duty manager or the store manager deal with the market regulator.
    expect(rejectionOf(() => apply(core, s.regulatorAsked, s.regulatorAsked.data, 'cs_agent')).kind).toBe(
      'RoleNotAllowed',
    );
    expect(core.view(at)).toEqual(before);
  });

  it('首问负责制: the first person asked, the duty manager or the store manager handle it — not another colleague (门店规定 (二)1)', () => {
    const core = begin(intake, 'cs_agent', 'xiaoli');
    // Another customer-service agent than the one the customer asked first.
    const other = rejectionOf(() => apply(core, s.offered, s.offered.data, 'cs_agent', 'xiaowang'));
    expect(other.kind).toBe('EventNotAllowed');
    expect(other.details.blockedBy).toEqual(['byOwnerOrManager']);
    apply(core, s.offered, s.offered.data, 'cs_agent', 'xiaoli');
    expect(core.stateName()).toContain('open.handling.awaitingCustomer');
    // The duty manager takes the answer without having been asked first.
    apply(core, s.accepted, s.accepted.data, 'duty_manager');
    expect(core.stateName()).toContain('open.handling.carryingOut');
  });

  it('stops the 3-day timer once the customer accepted, and restarts nothing on later steps (艺博 二.3)', () => {
    const core = begin();
    apply(core, s.offered);
    expect(timers(core)).toContain('settle');
    apply(core, s.refused);
    expect(timers(core)).toContain('settle');
    apply(core, s.offered);
    apply(core, s.accepted);
    expect(timers(core)).not.toContain('settle');
    expect(core.stateName()).toContain('open.size.settled');
    apply(core, s.carriedOut);
    expect(timers(core)).not.toContain('settle');
  });

  it('counts 3 days from the complaint, told to senior management; a claim over the site’s amount goes there at once', () => {
    const core = begin();
    apply(core, s.offered);
    apply(core, s.refused); // re-entering the solution step does not move the 3 days
    // Tuesday 10:00 + 3 working days (Mon–Fri 09:00–18:00) = Friday 10:00.
    expect(core.view(at).timers.find((t) => t.id === 'settle')!.dueAt).toBe('2026-11-27T02:00:00.000Z');
    const large = CaseCore.start(def, startOf({ ...intake, amountClaimed: 8000 }), T0);
    expect(large.core.stateName()).toContain('open.size.largeByClaim');
    expect(informs(large.effects)).toContainEqual({ role: 'executive', about: 'large_claim' });
    expect(timers(large.core)).not.toContain('settle');
  });

  it('never signs at the market regulator without 营运部’s approval, and closes only with nothing pending (门店规定 (二)2)', () => {
    const core = begin();
    for (const step of [s.offered, s.accepted, s.carriedOut, s.major, s.regulatorAsked]) apply(core, step);
    expect(rejectionOf(() => apply(core, s.regulatorDecided, s.regulatorDecided.data, 'store_manager')).kind).toBe(
      'RoleNotAllowed',
    );
    const blocked = rejectionOf(() => apply(core, s.closed));
    expect(blocked.details.blockedBy).toEqual(['closesSettled']);
    apply(core, s.regulatorDecided);
    expect(rejectionOf(() => apply(core, s.closed)).kind).toBe('EventNotAllowed'); // still not reported to 营运部
    apply(core, s.reported);
    apply(core, s.closed);
    expect(core.view(at).status).toBe('closed');
  });

  it('a refused signature leaves the regulator region ready for the next request; a journalist goes to management (艺博 三.6)', () => {
    const core = begin();
    apply(core, s.regulatorAsked);
    expect(timers(core)).toContain('regulator_approval');
    apply(core, s.regulatorDecided, { decision: 'refused', instructions: '不签，由营运部与工商沟通' });
    expect(core.stateName()).toContain('open.regulator.noRequest');
    expect(timers(core)).not.toContain('regulator_approval');
    apply(core, s.regulatorAsked);
    expect(core.stateName()).toContain('open.regulator.awaitingApproval');
    const effects = apply(core, { type: 'media_enquiry_received', data: { outlet: '都市报' }, role: 'cs_agent' });
    expect(informs(effects)).toEqual([{ role: 'executive', about: 'media_enquiry' }]);
  });

  it('a customer who never answers: the wait has a deadline, then the store manager closes with a reason', () => {
    const core = begin();
    apply(core, s.offered);
    expect(timers(core)).toContain('customer_answer');
    apply(core, s.unreachable);
    expect(timers(core)).toEqual(expect.arrayContaining(['no_answer', 'settle']));
    expect(rejectionOf(() => apply(core, s.closed)).kind).toBe('EventNotAllowed');
    apply(core, s.closedUnanswered);
    expect(core.view(at).status).toBe('closed');
  });

  it('injury (艺博 三): only the duty manager decides; no support without affirmed responsibility; support reported up', () => {
    const core = begin(injuryIntake);
    expect(timers(core)).toContain('injury_decision');
    expect(rejectionOf(() => apply(core, s.injuryDecided, s.injuryDecided.data, 'store_manager')).kind).toBe(
      'RoleNotAllowed',
    );
    const unsure = { ...s.injuryDecided.data, companyLiable: 'not_known' };
    expect(rejectionOf(() => apply(core, s.injuryDecided, unsure)).kind).toBe('InvalidData'); // 三.1
    const unreported = { ...s.injuryDecided.data, managementReported: 'no' };
    expect(rejectionOf(() => apply(core, s.injuryDecided, unreported)).kind).toBe('InvalidData'); // 三.3
    const effects = apply(core, s.injuryDecided);
    expect(informs(effects)).toContainEqual({ role: 'executive', about: 'injury_support_decided' });
    for (const step of [s.offered, s.accepted, s.carriedOut]) apply(core, step);
    expect(rejectionOf(() => apply(core, s.closed)).details.blockedBy).toEqual(['closesSettled']);
    for (const step of [s.witnesses, s.insurer, s.accidentReport]) apply(core, step);
    apply(core, s.closed);
    expect(core.view(at).status).toBe('closed');
  });

  it('refuses an intake without the apology, with another kind’s subcategory, or with a 10-digit phone', () => {
    const ok = def.start.schema.safeParse(intake);
    expect(ok.success).toBe(true);
    expect(def.start.schema.safeParse({ ...intake, heardAndApologised: false }).success).toBe(false);
    expect(def.start.schema.safeParse({ ...intake, subcategory: 'checkout' }).success).toBe(false);
    expect(def.start.schema.safeParse({ ...intake, customer: { name: '陈女士', phone: '1391234567' } }).success).toBe(
      false,
    );
  });
});

describe('complaint-retail 3-day timer over the 2026 National Day holiday (艺博 二.3, days of the site’s calendar)', () => {
  const holidayTable = holidayTableFor(packageHolidayYears(), 2026, 2027);
  const settleDue = (receivedAt: string): string => {
    const t = Date.parse(receivedAt);
    const base = startOf(intake);
    const withHolidays = { ...base, policy: { ...base.policy, calendar: { ...base.policy.calendar, holidayTable } } };
    const { core } = CaseCore.start(def, withHolidays, t);
    return core.view(t).timers.find((x) => x.id === 'settle')!.dueAt;
  };

  it('skips 10-01…10-07: a complaint on Wednesday 09-30 15:00 goes to senior management on the make-up Saturday 10-10 15:00', () => {
    // 09-30 → (holiday 10-01…10-07) → Thu 10-08, Fri 10-09, Sat 10-10 (调休 working day) = 3 working days.
    expect(settleDue('2026-09-30T15:00:00+08:00')).toBe(new Date('2026-10-10T15:00:00+08:00').toISOString());
  });

  it('counts the make-up working Sunday 09-20: a complaint on Friday 09-18 15:00 is due Tuesday 09-22 15:00', () => {
    expect(settleDue('2026-09-18T15:00:00+08:00')).toBe(new Date('2026-09-22T15:00:00+08:00').toISOString());
  });
});
