import { TestModel } from 'xstate/graph';
import type { Effect as CaseEffect } from '../../engine/case-records';
import { CaseCore } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { residentialTheftMachineV3 } from './machine-v3';
import { deadlineBasisV3 } from './policy';

// Version 3 against the seed (issue 18), clause by clause; each "v2 did not" line shows the test fails on version 2.
const T0 = Date.parse('2026-12-01T02:00:00Z');
const at = T0 + 60_000;
const intake = { discoveredBy: 'staff', unit: '3-2-1201', description: 'door forced open' };
const inProgress = { ...intake, description: 'someone inside the flat', inProgress: true };
const step = (type: string, data: Record<string, unknown>, role: string) => ({ type, data, actor: as(role), at });

const scene = { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true };
const exits = { exitsChecked: true, entrySuspended: false };
const caught = {
  alarmRaised: true,
  supportCalled: true,
  postsAlerted: true,
  suspect: 'grey jacket',
  evidence: ['bag'],
};
const handover = { to: 'police_on_scene', officerName: '赵', evidenceHandedOver: true, ownerWitness: 'went_along' };
const cctv = { cameras: ['B3-lobby'], findings: 'a man at 02:10', footageKept: true };

// Every step a person could send on the main line (the steps nobody waits for are tested by rule below).
const events = [
  step('suspect_caught', caught, 'patrol_guard'),
  step('suspect_escaped', { postsAlerted: true, direction: 'north gate' }, 'patrol_guard'),
  step('suspect_handed_over', handover, 'squad_leader'),
  step('suspect_handed_over', { ...handover, to: 'taken_to_station', ownerWitness: 'not_present' }, 'squad_leader'),
  step('scene_secured', scene, 'patrol_guard'),
  step('exits_controlled', exits, 'gate_guard'),
  step('police_called', { calledBy: 'estate' }, 'monitor_guard'),
  step('resident_reports_at_station', { station: '城东派出所' }, 'cs_agent'),
  step('police_arrived', { officerName: '赵', ledToScene: true }, 'security_captain'),
  step('police_not_coming', { reason: 'no_show' }, 'security_captain'),
  step('resident_confirmed', { residentConfirmedLoss: true, loss: 'laptop' }, 'cs_agent'),
  step('resident_unreachable', { attempts: 3 }, 'cs_agent'),
  step('cctv_reviewed', cctv, 'monitor_guard'),
  step('resident_followed_up', { outcome: 'police investigating' }, 'cs_agent'),
  step('report_filed', { summary: 'all of it', cause: 'window left open' }, 'security_captain'),
];

type Snap = { value: unknown; status: string; context: Record<string, unknown> };
const pathsFrom = (data: Record<string, unknown>) =>
  new TestModel(residentialTheftMachineV3, {
    input: { ...caseStart('residential-theft', data, undefined, 3), drill: false, startedAt: T0 } as never,
    events: events as never,
  }).getSimplePaths({
    toState: (s: Snap) => s.status === 'done',
    // The state value is enough: each step is recorded once, so the value says which steps happened.
    serializeState: (s: Snap) => JSON.stringify(s.value),
  } as never);

const title = (p: { steps: Array<{ event: { type: string; data?: Record<string, unknown> } }> }) =>
  p.steps
    .filter((s) => !s.event.type.startsWith('xstate.'))
    .map((s) => [s.event.type, s.event.data?.to].filter(Boolean).join(':'))
    .join(' → ');

const informed = (effects: CaseEffect[]) =>
  effects.flatMap((e) => (e.kind === 'activity' && e.name === 'inform' ? [String(e.payload.params.role)] : []));

describe('residential-theft v3, every path to the end through the pure engine', () => {
  const def = getProcedure('residential-theft', 3);
  const paths = [...pathsFrom(intake), ...pathsFrom(inProgress)];

  it('has paths with the police on scene, not coming, the resident at the station, and a suspect handed over', () => {
    const ends = paths.map(title);
    for (const s of ['police_arrived', 'police_not_coming', 'resident_reports_at_station', 'suspect_handed_over'])
      expect(ends.some((t) => t.includes(s))).toBe(true);
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    const data = path.steps.some((s) => s.event.type === 'suspect_caught' || s.event.type === 'suspect_escaped')
      ? inProgress
      : intake;
    const start = caseStart('residential-theft', data, undefined, 3);
    walkPath(CaseCore.start(def, start, T0).core, path.steps, at, ({ view }) => {
      const c = view.context as Record<string, unknown>;
      // 花园 4.2, 楚世家 1.3.3: no case gets past the response without the police told (called, the resident at the
      // station, or the suspect handed over) — the resident's wish no longer decides it.
      if (view.state === 'reviewingCctv' || view.status === 'closed')
        expect(c.policeCalled !== null || c.atStation !== null || c.handover !== null).toBe(true);
      // 楚世家 1.3.2: a suspect is handed over only with the evidence.
      if (c.handover !== null) expect(c.handover).toMatchObject({ evidenceHandedOver: true });
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    });
  });
});

describe('residential-theft v3 rules (each fails on version 2)', () => {
  const open = (version: number, data: Record<string, unknown> = intake) =>
    CaseCore.start(
      getProcedure('residential-theft', version),
      caseStart('residential-theft', data, undefined, version),
      T0,
    );

  it('calls the police at once, whatever the resident says (花园 4.2, 楚世家 1.3.3)', () => {
    const { core } = open(3);
    // The police call runs from the report beside the scene and the resident; it is awaited with a deadline.
    expect(core.view(at).allowedEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(['scene_secured', 'police_called', 'resident_reports_at_station', 'resident_confirmed']),
    );
    expect(core.view(at).timers.map((t) => t.id)).toEqual(
      expect.arrayContaining(['police_call', 'scene_guard', 'resident_contact']),
    );
    // Version 2 lets the resident decide: its police are reached only through resident_decided.
    expect(
      open(2)
        .core.view(at)
        .allowedEvents.map((e) => e.type),
    ).not.toContain('police_called');
  });

  it('waits for the police with a deadline and goes on when they do not come; the case number comes later', () => {
    const { core } = open(3);
    const called = core.applyStep(step('police_called', { calledBy: 'resident' }, 'cs_agent'), at);
    expect(core.view(at).timers.map((t) => t.id)).toContain('police_arrival');
    expect(core.view(at).timers.map((t) => t.id)).not.toContain('police_call');
    expect(informed(called)).toEqual(['gate_guard']);
    core.applyStep(step('police_not_coming', { reason: 'declined', advice: 'report at the station' }, 'cs_agent'), at);
    expect(core.stateName()).toContain('responding.police.policeNotComing');
    core.applyStep(step('police_case_number_added', { policeCaseNumber: 'JJ-2026-77' }, 'cs_agent'), at);
    expect(core.view(at).context).toMatchObject({ caseNumbers: [{ policeCaseNumber: 'JJ-2026-77' }] });
    // Version 2's police step demands the case number at the door.
    const v2 = open(2).core;
    v2.applyStep(step('scene_secured', scene, 'patrol_guard'), at);
    v2.applyStep(step('exits_controlled', exits, 'gate_guard'), at);
    v2.applyStep(step('resident_decided', { residentConfirmedLoss: true, police: 'report_now' }, 'cs_agent'), at);
    expect(
      rejectionOf(() =>
        v2.applyStep(step('police_arrived', { officerName: '赵', ledToScene: true }, 'office_director'), at),
      ).kind,
    ).toBe('InvalidData');
  });

  it('refuses a case number before the police were told, and changes nothing', () => {
    const { core } = open(3);
    const before = core.view(at);
    const refused = rejectionOf(() =>
      core.applyStep(step('police_case_number_added', { policeCaseNumber: 'X' }, 'cs_agent'), at),
    );
    expect(refused).toMatchObject({ kind: 'EventNotAllowed', details: { blockedBy: ['policeTold'] } });
    expect(core.view(at)).toEqual(before);
  });

  it('takes a theft in progress to the catch and the hand-over to the police (楚世家 1.3.2)', () => {
    const { core, effects } = open(3, inProgress);
    expect(core.stateName()).toBe('catchingThief');
    expect(informed(effects)).toEqual(expect.arrayContaining(['gate_guard', 'patrol_guard']));
    expect(
      rejectionOf(() => core.applyStep(step('suspect_caught', { ...caught, alarmRaised: false }, 'patrol_guard'), at)),
    ).toMatchObject({ kind: 'InvalidData' });
    core.applyStep(step('suspect_caught', caught, 'patrol_guard'), at);
    expect(core.stateName()).toBe('handingOver');
    expect(
      rejectionOf(() =>
        core.applyStep(step('suspect_handed_over', { ...handover, evidenceHandedOver: false }, 'squad_leader'), at),
      ).kind,
    ).toBe('InvalidData');
    core.applyStep(step('suspect_handed_over', handover, 'squad_leader'), at);
    expect(core.stateName()).toBe('reviewingCctv');
    expect(core.view(at).context).toMatchObject({ handover: { ownerWitness: 'went_along' } });
    // Version 2 has no such branch: the same intake lands at the scene.
    expect(open(2, inProgress).core.stateName()).toBe('securingScene');
  });

  it('records injuries, press enquiries and witnesses’ accounts at any time (花园 4.5–4.8, 范本 一.3, 楚世家 1.3.4)', () => {
    const { core } = open(3);
    const injury = { injured: 'guard cut on the hand', firstAidGiven: true, toHospital: true, victimProtected: true };
    expect(informed(core.applyStep(step('injury_reported', injury, 'squad_leader'), at))).toEqual([
      'security_captain',
      'office_director',
    ]);
    const media = { outlet: '晚报', keptOutOfScene: true, response: 'no comment until the police finish' };
    expect(informed(core.applyStep(step('media_enquiry_handled', media, 'office_director'), at))).toEqual([
      'office_director',
    ]);
    const account = { witness: '王女士', relation: 'witness', account: 'saw a man on the stairs at 02:05' };
    core.applyStep(step('witness_statement_recorded', account, 'cs_agent'), at);
    expect(core.view(at).context).toMatchObject({ injuries: [injury], media: [media], witnesses: [account] });
    expect(
      rejectionOf(() =>
        core.applyStep(step('injury_reported', { ...injury, victimProtected: false }, 'squad_leader'), at),
      ).kind,
    ).toBe('InvalidData');
    expect(
      open(2)
        .core.view(at)
        .allowedEvents.map((e) => e.type),
    ).not.toContain('injury_reported');
  });

  it('tells the squad leader and the monitoring centre at once (范本 二.2, 楚世家 1.3.1, 1.3.3)', () => {
    expect(informed(open(3).effects)).toEqual(['security_captain', 'office_director', 'squad_leader', 'monitor_guard']);
    expect(informed(open(2).effects)).not.toContain('squad_leader');
  });

  it('labels every deadline without a number in the seed as site policy, in both languages', () => {
    const timers = Object.keys(getProcedure('residential-theft', 3).policy.deadlines);
    expect(Object.keys(deadlineBasisV3).sort()).toEqual([...timers].sort());
    for (const timer of timers.filter((t) => deadlineBasisV3[t]!.basis === 'site-policy')) {
      expect((en.timers as Record<string, string>)[timer]).toContain('site policy');
      expect((zhCN.timers as Record<string, string>)[timer]).toContain('本场所规定');
    }
  });
});
