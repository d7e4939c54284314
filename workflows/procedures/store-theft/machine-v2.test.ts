import type { AnyStateMachine } from 'xstate';
import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import type { PersonFacts } from '../../engine/contract';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { storeTheftMachineV2, storeTheftMachineV3 } from './machine';

// Store theft version 2 through the pure engine (issue 18, 偷盗 5.1.3 4)): on every path a female customer's
// interview starts only after a female staff record that the staff records stamped (gender female); a bare user id,
// the shape of a step that did not pass the API's check, never opens it. Version 3 (below) has the machine judge her
// on the staff record the step carries (EventSpec.people).
const T0 = Date.parse('2026-12-01T02:00:00Z');
const at = T0 + 60_000;
const intake = { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true };
// The staff records as the API hands them over for a step naming `staffId` (version 3 reads them; version 2 ignores them).
const records: Record<string, PersonFacts> = {
  ops_manager: { name: '营运部负责人 林芳', roles: ['ops_manager'], gender: 'female' },
  patrol_guard: { name: '巡逻岗 孙伟', roles: ['patrol_guard'], gender: 'male' },
  no_gender: { name: '新员工', roles: ['patrol_guard'] },
};
const step = (type: string, data: Record<string, unknown>, role: string) => ({
  type,
  data,
  actor: as(role),
  at,
  ...(typeof data.staffId === 'string' && records[data.staffId]
    ? { people: { [data.staffId]: records[data.staffId]! } }
    : {}),
});
const stamped = { staffId: 'ops_manager', staffName: '营运 林芳', gender: 'female' };

/** To the office with a female customer. */
const toOffice = [
  step('theft_confirmed', { observed: '将两支口红放入包中' }, 'patrol_guard'),
  step('customer_intercepted', { where: 'at_exit' }, 'patrol_guard'),
  step('customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard'),
];
const interviewed = [
  step('interview_started', { assistingGuard: '王强' }, 'ops_manager'),
  step('decision_made', { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false }, 'ops_manager'),
];
// A step recorded without the staff records and without the stamp: what reached a case without passing the check.
const bare = { type: 'female_staff_present', data: { staffId: 'ops_manager' }, actor: as('ops_manager'), at };
const events = [
  ...toOffice,
  bare,
  // Since version 3 a version 2 step carries the person's staff record: a man's keeps the interview closed.
  step('female_staff_present', { staffId: 'patrol_guard' }, 'squad_leader'),
  step('female_staff_present', stamped, 'ops_manager'),
  ...interviewed,
];

type Snap = { value: unknown; context: { femaleStaff: { gender?: string; staffId?: string } | null } };
type StaffData = { gender?: string; staffId?: string } | null | undefined;
/** Every simple path of `machine` (store theft `version`) over `events`, the female staff record told apart by `key`. */
const simplePaths = (machine: AnyStateMachine, version: number, events: unknown[], key: (s: StaffData) => unknown) =>
  new TestModel(machine, {
    input: { ...caseStart('store-theft', intake, undefined, version), drill: false, startedAt: T0 } as never,
    events: events as never,
  }).getSimplePaths({
    serializeState: (s: Snap) => JSON.stringify([s.value, key(s.context.femaleStaff) ?? null]),
  } as never);
/** A path's steps, `female_staff_present` labelled by `label` of its data. */
const titleOf = (p: { steps: Array<{ event: { type: string } }> }, label: (d: StaffData) => unknown) =>
  p.steps
    .filter((s) => !s.event.type.startsWith('xstate.'))
    .map((s) => {
      const d = (s.event as { data?: StaffData }).data;
      return s.event.type === 'female_staff_present' ? `${s.event.type}:${String(label(d))}` : s.event.type;
    })
    .join(' → ');

const paths = simplePaths(storeTheftMachineV2, 2, events, (f) => f?.gender);
const title = (p: (typeof paths)[number]) => titleOf(p, (d) => d?.gender ?? 'unstamped');

describe('store-theft v2, every simple path through the pure engine', () => {
  const def = getProcedure('store-theft', 2);

  it('reaches the interview only through a stamped female staff record', () => {
    const interviews = paths.filter((p) => p.steps.some((s) => s.event.type === 'interview_started'));
    expect(interviews.length).toBeGreaterThan(0);
    for (const p of interviews) expect(title(p)).toContain('female_staff_present:female');
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(
      CaseCore.start(def, caseStart('store-theft', intake, undefined, 2), T0).core,
      path.steps,
      at,
      ({ view }) => {
        const c = view.context as { interview: unknown; femaleStaff: { gender?: string } | null };
        if (c.interview) expect(c.femaleStaff?.gender).toBe('female');
      },
    );
  });

  it('refuses the interview on a bare user id and changes nothing; version 1 took a typed claim', () => {
    const { core } = CaseCore.start(def, caseStart('store-theft', intake, undefined, 2), T0);
    for (const e of [...toOffice, bare]) core.applyStep(e, at);
    const before = core.view(at);
    expect(rejectionOf(() => core.applyStep(interviewed[0]!, at))).toMatchObject({
      kind: 'EventNotAllowed',
      details: { blockedBy: ['femaleStaffPresentForFemaleCustomer'] },
    });
    expect(core.view(at)).toEqual(before);
    // A typed name and gender is no longer a step of its own.
    expect(
      rejectionOf(() =>
        core.applyStep(step('female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager'), at),
      ).kind,
    ).toBe('InvalidData');
    const v1 = CaseCore.start(getProcedure('store-theft', 1), caseStart('store-theft', intake, undefined, 1), T0).core;
    for (const e of events.slice(0, 3)) v1.applyStep(e, at);
    v1.applyStep(step('female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager'), at);
    v1.applyStep(interviewed[0]!, at);
    expect(v1.view(at).context).toMatchObject({ interview: { assistingGuard: '王强' } });
  });

  it('records the name and gender from the staff record a step carries since the API check went, not what is typed', () => {
    const { core } = CaseCore.start(def, caseStart('store-theft', intake, undefined, 2), T0);
    for (const e of toOffice) core.applyStep(e, at);
    const typed = { staffId: 'patrol_guard', staffName: '李娟', gender: 'female' };
    core.applyStep(step('female_staff_present', typed, 'squad_leader'), at);
    expect(core.view(at).context).toMatchObject({ femaleStaff: { staffName: '巡逻岗 孙伟', gender: 'male' } });
    expect(rejectionOf(() => core.applyStep(interviewed[0]!, at)).kind).toBe('EventNotAllowed');
    core.applyStep(step('female_staff_present', { staffId: 'ops_manager' }, 'ops_manager'), at);
    core.applyStep(interviewed[0]!, at);
    expect(core.stateName()).toContain('interviewing');
  });
});

// Version 3: the female staff member judged by the machine on the staff record the step carries.
const eventsV3 = [
  ...toOffice,
  step('female_staff_present', { staffId: 'patrol_guard' }, 'squad_leader'),
  step('female_staff_present', { staffId: 'no_gender' }, 'squad_leader'),
  step('female_staff_present', { staffId: 'ops_manager' }, 'ops_manager'),
  ...interviewed,
];
const startV3 = () =>
  CaseCore.start(getProcedure('store-theft', 3), caseStart('store-theft', intake, undefined, 3), T0).core;

const pathsV3 = simplePaths(storeTheftMachineV3, 3, eventsV3, (f) => f?.staffId);
const titleV3 = (p: (typeof pathsV3)[number]) => titleOf(p, (d) => d?.staffId);

describe('store-theft v3, every simple path through the pure engine', () => {
  it('reaches the interview, and only through a person the staff records give as female', () => {
    const interviews = pathsV3.filter((p) => p.steps.some((s) => s.event.type === 'interview_started'));
    expect(interviews.length).toBeGreaterThan(0);
    for (const p of interviews) expect(titleV3(p)).toContain('female_staff_present:ops_manager');
    for (const p of pathsV3) expect(titleV3(p)).not.toMatch(/female_staff_present:(patrol_guard|no_gender)/);
  });

  it.each(pathsV3.map((p) => [titleV3(p), p] as const))('%s', (_name, path) => {
    walkPath(startV3(), path.steps, at, ({ view }) => {
      const c = view.context as { interview: unknown; femaleStaff: Record<string, unknown> | null };
      if (c.femaleStaff) expect(c.femaleStaff).toMatchObject({ gender: 'female', staffName: '营运部负责人 林芳' });
      if (c.interview) expect(c.femaleStaff?.staffId).toBe('ops_manager');
    });
  });
});

describe('store-theft v3: the female staff member from the staff records (偷盗 5.1.3 4))', () => {
  const inOffice = () => {
    const core = startV3();
    for (const e of toOffice) core.applyStep(e, at);
    return core;
  };

  it('refuses a man, and a person whose gender is not recorded, and changes nothing; version 2 took the bare id', () => {
    const core = inOffice();
    const before = core.view(at);
    for (const e of [eventsV3[3]!, eventsV3[4]!])
      expect(rejectionOf(() => core.applyStep(e, at))).toMatchObject({
        kind: 'EventNotAllowed',
        details: { blockedBy: ['femaleByStaffRecords'] },
      });
    expect(core.view(at)).toEqual(before);
    const v2 = CaseCore.start(getProcedure('store-theft', 2), caseStart('store-theft', intake, undefined, 2), T0).core;
    for (const e of toOffice) v2.applyStep(e, at);
    v2.applyStep(step('female_staff_present', { staffId: 'patrol_guard' }, 'squad_leader'), at);
    expect(v2.view(at).history.map((h) => h.type)).toContain('female_staff_present');
  });

  it('refuses someone not on the site’s staff (no record handed over) as invalid data naming the field', () => {
    const refusal = rejectionOf(() =>
      // The API hands over the records it found: none for someone off the site's staff.
      inOffice().applyStep({ ...step('female_staff_present', { staffId: 'li.juan' }, 'ops_manager'), people: {} }, at),
    );
    expect(refusal).toMatchObject({ kind: 'InvalidData', details: { issues: [{ path: 'staffId' }] } });
  });

  it('takes nothing typed: a name or gender in the data is refused, the record’s are kept', () => {
    const core = inOffice();
    expect(
      rejectionOf(() =>
        core.applyStep(step('female_staff_present', { staffId: 'ops_manager', gender: 'female' }, 'ops_manager'), at),
      ).kind,
    ).toBe('InvalidData');
    core.applyStep(eventsV3[5]!, at);
    expect(core.view(at).context).toMatchObject({
      femaleStaff: { staffId: 'ops_manager', staffName: '营运部负责人 林芳', gender: 'female', by: 'ops_manager' },
    });
    core.applyStep(eventsV3[6]!, at);
    expect(core.stateName()).toContain('interviewing');
  });
});
