import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import type { PersonFacts } from '../../engine/contract';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { storeTheftMachineV3 } from './machine';

// Store theft version 3 through the pure engine (issue 18, 偷盗 5.1.3 4)): the female staff member is named by user id
// and the machine judges her on the staff record the step carries (EventSpec.people, as the API hands it over), not on
// anything typed. On every path a female customer's interview starts only after a person the records give as female.
const T0 = Date.parse('2026-12-01T02:00:00Z');
const at = T0 + 60_000;
const intake = { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true };
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

const events = [
  step('theft_confirmed', { observed: '将两支口红放入包中' }, 'patrol_guard'),
  step('customer_intercepted', { where: 'at_exit' }, 'patrol_guard'),
  step('customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard'),
  step('female_staff_present', { staffId: 'patrol_guard' }, 'squad_leader'),
  step('female_staff_present', { staffId: 'no_gender' }, 'squad_leader'),
  step('female_staff_present', { staffId: 'ops_manager' }, 'ops_manager'),
  step('interview_started', { assistingGuard: '王强' }, 'ops_manager'),
  step('decision_made', { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false }, 'ops_manager'),
];
const def = getProcedure('store-theft', 3);
const start = () => CaseCore.start(def, caseStart('store-theft', intake, undefined, 3), T0).core;

type Snap = { value: unknown; context: { femaleStaff: { staffId?: string } | null } };
const paths = new TestModel(storeTheftMachineV3, {
  input: { ...caseStart('store-theft', intake, undefined, 3), drill: false, startedAt: T0 } as never,
  events: events as never,
}).getSimplePaths({
  serializeState: (s: Snap) => JSON.stringify([s.value, s.context.femaleStaff?.staffId ?? null]),
} as never);

const title = (p: (typeof paths)[number]) =>
  p.steps
    .filter((s) => !s.event.type.startsWith('xstate.'))
    .map((s) => {
      const d = (s.event as { data?: { staffId?: string } }).data;
      return s.event.type === 'female_staff_present' ? `${s.event.type}:${d?.staffId}` : s.event.type;
    })
    .join(' → ');

describe('store-theft v3, every simple path through the pure engine', () => {
  it('reaches the interview, and only through a person the staff records give as female', () => {
    const interviews = paths.filter((p) => p.steps.some((s) => s.event.type === 'interview_started'));
    expect(interviews.length).toBeGreaterThan(0);
    for (const p of interviews) expect(title(p)).toContain('female_staff_present:ops_manager');
    for (const p of paths) expect(title(p)).not.toMatch(/female_staff_present:(patrol_guard|no_gender)/);
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(start(), path.steps, at, ({ view }) => {
      const c = view.context as { interview: unknown; femaleStaff: Record<string, unknown> | null };
      if (c.femaleStaff) expect(c.femaleStaff).toMatchObject({ gender: 'female', staffName: '营运部负责人 林芳' });
      if (c.interview) expect(c.femaleStaff?.staffId).toBe('ops_manager');
    });
  });
});

describe('store-theft v3: the female staff member from the staff records (偷盗 5.1.3 4))', () => {
  const inOffice = () => {
    const core = start();
    for (const e of events.slice(0, 3)) core.applyStep(e, at);
    return core;
  };

  it('refuses a man, and a person whose gender is not recorded, and changes nothing; version 2 took the bare id', () => {
    const core = inOffice();
    const before = core.view(at);
    for (const e of [events[3]!, events[4]!])
      expect(rejectionOf(() => core.applyStep(e, at))).toMatchObject({
        kind: 'EventNotAllowed',
        details: { blockedBy: ['femaleByStaffRecords'] },
      });
    expect(core.view(at)).toEqual(before);
    const v2 = CaseCore.start(getProcedure('store-theft', 2), caseStart('store-theft', intake, undefined, 2), T0).core;
    for (const e of events.slice(0, 3)) v2.applyStep(e, at);
    v2.applyStep(step('female_staff_present', { staffId: 'patrol_guard' }, 'squad_leader'), at);
    expect(v2.view(at).history.map((h) => h.type)).toContain('female_staff_present');
  });

  it('refuses someone not on the site’s staff (no record handed over) as invalid data naming the field', () => {
    const refusal = rejectionOf(() =>
      inOffice().applyStep(step('female_staff_present', { staffId: 'li.juan' }, 'ops_manager'), at),
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
    core.applyStep(events[5]!, at);
    expect(core.view(at).context).toMatchObject({
      femaleStaff: { staffId: 'ops_manager', staffName: '营运部负责人 林芳', gender: 'female', by: 'ops_manager' },
    });
    core.applyStep(events[6]!, at);
    expect(core.stateName()).toContain('interviewing');
  });
});
