import { TestModel } from 'xstate/graph';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { storeTheftMachineV2 } from './machine';

// Store theft version 2 through the pure engine (issue 18, 偷盗 5.1.3 4)): on every path a female customer's
// interview starts only after a female staff record that the staff records stamped (gender female); a bare user id,
// the shape of a step that did not pass the API's check, never opens it.
const T0 = Date.parse('2026-12-01T02:00:00Z');
const at = T0 + 60_000;
const intake = { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true };
const step = (type: string, data: Record<string, unknown>, role: string) => ({ type, data, actor: as(role), at });
const stamped = { staffId: 'ops_manager', staffName: '营运 林芳', gender: 'female' };

const events = [
  step('theft_confirmed', { observed: '将两支口红放入包中' }, 'patrol_guard'),
  step('customer_intercepted', { where: 'at_exit' }, 'patrol_guard'),
  step('customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard'),
  step('female_staff_present', { staffId: 'ops_manager' }, 'ops_manager'),
  step('female_staff_present', stamped, 'ops_manager'),
  step('interview_started', { assistingGuard: '王强' }, 'ops_manager'),
  step('decision_made', { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false }, 'ops_manager'),
];

type Snap = { value: unknown; context: { femaleStaff: { gender?: string } | null } };
const paths = new TestModel(storeTheftMachineV2, {
  input: { ...caseStart('store-theft', intake, undefined, 2), drill: false, startedAt: T0 } as never,
  events: events as never,
}).getSimplePaths({
  serializeState: (s: Snap) => JSON.stringify([s.value, s.context.femaleStaff?.gender ?? null]),
} as never);

const title = (p: (typeof paths)[number]) =>
  p.steps
    .filter((s) => !s.event.type.startsWith('xstate.'))
    .map((s) => {
      const d = (s.event as { data?: { gender?: string } }).data;
      return s.event.type === 'female_staff_present' ? `${s.event.type}:${d?.gender ?? 'unstamped'}` : s.event.type;
    })
    .join(' → ');

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
    for (const e of events.slice(0, 4)) core.applyStep(e, at);
    const before = core.view(at);
    expect(rejectionOf(() => core.applyStep(events[5]!, at))).toMatchObject({
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
    v1.applyStep(events[5]!, at);
    expect(v1.view(at).context).toMatchObject({ interview: { assistingGuard: '王强' } });
  });
});
