import { TestModel } from 'xstate/graph';
import { CaseCore, type Effect } from '../../engine/case-core';
import type { PersonFacts, StepInput } from '../../engine/contract';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath, stateKey } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { reportKinds, searchItems } from './events';
import { perimeterAlarmMachineV2, perimeterAlarmMachineV3 } from './machine-v2';

// Version 2 (issue 18) against 城市花园盗窃事件应急处理预案. Each rule test runs the same steps on version 1 too: what
// version 1 let through (or left undone) is what version 2 fixes, so each test would fail on the old version.

const v1 = getProcedure('perimeter-alarm', 1);
const v2 = getProcedure('perimeter-alarm', 2);
const v3 = getProcedure('perimeter-alarm', 3);
const T0 = Date.parse('2026-11-24T02:00:00Z');
const intake = { zone: 'north-wall-3', source: 'panel' };
const startOf = (version: 1 | 2 | 3) => caseStart('perimeter-alarm', intake, undefined, version);

// The site's staff records as the API reads them (config/users.yaml): the demo's squad leader, captain and director,
// with the on-duty roster's fact (v3 judges it; v2 ignores it): 郑军 on his day shift, his deputy 赵磊 not then, the
// captain's role not in the roster (no fact), and a director off duty.
const staff: Record<string, PersonFacts> = {
  squad_leader: { name: '保安班长 郑军', roles: ['squad_leader'], onDuty: true },
  deputy_leader: { name: '副班长 赵磊', roles: ['squad_leader'], onDuty: false },
  security_captain: { name: '保安队长 钱勇', roles: ['security_captain'] },
  office_director: { name: '管理处主任 吴敏', roles: ['office_director'], onDuty: true },
  director_off: { name: '管理处主任 休假', roles: ['office_director'], onDuty: false },
  cs_agent: { name: '客服 小李', roles: ['cs_agent'] },
};
/** The staff record of `id` as the API would hand it over, or none for someone not on the site's staff. */
const peopleFor = (id: string) => (staff[id] ? { [id]: staff[id] } : {});

const stepOf = (type: string, data: Record<string, unknown>, role: string, id = role): StepInput => ({
  type,
  data,
  actor: as(role, id),
  ...(typeof data.commander === 'string' ? { people: peopleFor(data.commander) } : {}),
});
const intrusionV1 = {
  verdict: 'intrusion',
  commander: { name: 'W', role: 'squad_leader' },
  captainInformed: true,
  officeInformed: true,
};
const intrusionV2 = (commander = 'squad_leader') => ({
  verdict: 'intrusion',
  commander,
  captainInformed: true,
  officeInformed: true,
});

/** A case of `version` at the verdict: the patrol has arrived. */
function atVerdict(version: 1 | 2 | 3, policy?: Record<string, unknown>) {
  const start = startOf(version);
  const withPolicy = policy ? { ...start, policy: { ...start.policy, ...policy } } : start;
  const core = CaseCore.start(getProcedure('perimeter-alarm', version), withPolicy, T0).core;
  core.applyStep(stepOf('patrol_arrived', {}, 'patrol_guard'), T0 + 1000);
  return core;
}
/** A case of `version` in the search, the squad leader commanding. */
function searching(version: 1 | 2 | 3, policy?: Record<string, unknown>) {
  const core = atVerdict(version, policy);
  core.applyStep(stepOf('verdict_given', version === 1 ? intrusionV1 : intrusionV2(), 'squad_leader'), T0 + 2000);
  return core;
}
const theftV1 = (consents: boolean) => ({
  outcome: 'theft_thief_not_caught',
  sceneSealed: true,
  crowdDispersed: true,
  residentInformed: true,
  residentConfirmedLoss: true,
  residentConsentsToPolice: consents,
});
const theftV2 = { outcome: 'theft_thief_not_caught', sceneSealed: true, crowdDispersed: true };
const caught = { outcome: 'thief_caught', suspectUnharmed: true, facts: 'at the wall' };
const police = { officerName: 'Zhao', badgeNumber: '012345', ledInByGateGuard: true, cctvProvided: true };
const residentAnswer = (consents: boolean) => ({
  residentInformed: true,
  residentConfirmedLoss: true,
  residentConsentsToPolice: consents,
});
const form = { report: 'investigation_form', summary: '调查表', customerUnit: '某公司', customerUnitInformed: true };

/** A case of `version` in reporting after a theft the resident did not report. */
function reporting(version: 1 | 2) {
  const core = searching(version);
  if (version === 1) core.applyStep(stepOf('outcome_recorded', theftV1(false), 'squad_leader'), T0 + 3000);
  else {
    core.applyStep(stepOf('outcome_recorded', theftV2, 'squad_leader'), T0 + 3000);
    core.applyStep(stepOf('resident_informed', residentAnswer(false), 'cs_agent'), T0 + 4000);
  }
  return core;
}
/** A case of `version` awaiting the police after a thief was caught. */
function awaitingPolice(version: 1 | 2) {
  const core = searching(version);
  core.applyStep(stepOf('outcome_recorded', caught, 'squad_leader'), T0 + 3000);
  return core;
}
/** The notices (`inform` activities) among `effects`, as role → about. */
const informs = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.kind === 'activity' && e.name === 'inform' ? [e.payload.params as { role: string; about: string }] : [],
  );
const refusal = (core: CaseCore, step: StepInput) => rejectionOf(() => core.validate(step, T0 + 10_000));
const accepted = (core: CaseCore, step: StepInput) => {
  core.validate(step, T0 + 10_000);
  return true;
};

// A step of a generated path: every one at the same time.
const at = T0 + 60_000;
const e = (type: string, data: Record<string, unknown>, role: string, id = role) => ({
  ...stepOf(type, data, role, id),
  at,
});

describe('perimeter-alarm v2, every simple path through the pure engine', () => {
  // Every step a person could send, with data that passes; items and reports in a fixed order keep the paths finite.
  function eventsFor(snapshot: {
    context: {
      checklist: Record<string, unknown>;
      reports: Record<string, unknown>;
      commander: { role: string } | null;
    };
  }) {
    const nextItem = searchItems.find((i) => !snapshot.context.checklist[i]);
    const nextReport = reportKinds.find((r) => !snapshot.context.reports[r]);
    const reportData =
      nextReport === 'investigation_form' ? form : nextReport ? { report: nextReport, summary: 'done' } : null;
    const commanderId = snapshot.context.commander?.role ?? 'squad_leader'; // demo user ids equal their roles
    return [
      e('patrol_dispatched', { patrol: ['Li'], squadLeaderInformed: true }, 'monitor_guard'),
      e('patrol_arrived', {}, 'patrol_guard'),
      e('verdict_given', { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true }, 'patrol_guard'),
      e('verdict_given', intrusionV2(), 'squad_leader'),
      // Command handed over once, before the search (its rules have their own tests below): keeps the paths finite.
      ...(snapshot.context.commander?.role === 'squad_leader' &&
      searchItems.every((i) => !snapshot.context.checklist[i])
        ? [e('command_taken_over', { commander: 'office_director' }, 'office_director')]
        : []),
      ...(nextItem ? [e('search_item_done', { item: nextItem }, 'patrol_guard')] : []),
      // "Nothing found" after the full search; a theft or a caught thief at the start of it (the rest is the same).
      ...(nextItem
        ? searchItems.every((i) => !snapshot.context.checklist[i])
          ? [e('outcome_recorded', theftV2, 'squad_leader'), e('outcome_recorded', caught, 'squad_leader')]
          : []
        : [e('outcome_recorded', { outcome: 'nothing_found' }, 'squad_leader')]),
      e('resident_informed', residentAnswer(true), 'cs_agent'),
      e('resident_informed', residentAnswer(false), 'cs_agent'),
      e('police_arrived', police, 'gate_guard'),
      e('police_not_coming', { reason: 'resident_reports_at_station' }, 'squad_leader'),
      ...(reportData
        ? [e('report_filed', reportData, nextReport === 'investigation_form' ? 'cs_agent' : commanderId)]
        : []),
    ];
  }
  // TestModel rather than createTestModel: the latter refuses machines with `after`; timers are tested on Temporal.
  const model = new TestModel(perimeterAlarmMachineV2, {
    input: { ...startOf(2), drill: false, startedAt: T0 } as never,
    events: eventsFor as never,
  });
  const paths = model.getSimplePaths();
  const visited = new Set(paths.flatMap((p) => p.steps.map((s) => stateKey(s.state.value))));

  it('reaches both ends and every state of the intrusion, the police wait and the resident notice included', () => {
    expect(new Set(paths.map((p) => stateKey(p.state.value)))).toEqual(new Set(['closedFalseAlarm', 'closedReported']));
    for (const state of ['commanding.informingResident', 'commanding.awaitingPolice', 'commanding.reporting'])
      expect(visited).toContain(state);
  });

  const title = (p: (typeof paths)[number]) =>
    p.steps
      .map((s) => {
        const data = (s.event as { data?: Record<string, unknown> }).data ?? {};
        return [s.event.type, data.verdict ?? data.outcome ?? data.reason ?? data.report].filter(Boolean).join(':');
      })
      .join(' → ');
  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(v2, startOf(2), T0).core, path.steps, at, ({ core, view, state }) => {
      expect(core.stateName()).toBe(stateKey(state.value));
      const c = view.context as Record<string, unknown> & { commander: { id: string } | null };
      // What the seed says must hold at every step:
      if (view.state.startsWith('commanding')) expect(c.commander).not.toBeNull(); // 四.2: someone commands
      if (view.state === 'closedReported')
        expect(Object.keys(c.reports as object).sort()).toEqual([...reportKinds].sort());
      if (view.state === 'commanding.awaitingPolice')
        expect(view.timers.map((t) => t.id).join()).toContain('police_arrival'); // no wait without a deadline
      if (view.state === 'commanding.informingResident') expect(view.awaitingRoles).toEqual(['cs_agent']);
      if (view.status === 'closed') expect(view.timers).toEqual([]);
    });
  });
});

describe('perimeter-alarm v2: reports to management are delivered, each by its filer (城市花园 七.15–17)', () => {
  it('delivers the result to senior management (七.15) and the incident report to management (七.17) as notices', () => {
    const old = reporting(1);
    const oldNotices = informs(
      old.applyStep(stepOf('report_filed', { report: 'senior_management', summary: 'x' }, 'squad_leader'), T0 + 5000),
    );
    expect(oldNotices).toEqual([]); // version 1: recorded, delivered to nobody

    const core = reporting(2);
    expect(
      informs(
        core.applyStep(
          stepOf('report_filed', { report: 'senior_management', summary: 'x' }, 'squad_leader'),
          T0 + 5000,
        ),
      ),
    ).toEqual([{ role: 'executive', about: 'result_reported' }]);
    core.applyStep(stepOf('report_filed', form, 'cs_agent'), T0 + 6000);
    expect(
      informs(
        core.applyStep(stepOf('report_filed', { report: 'incident_report', summary: 'x' }, 'squad_leader'), T0 + 7000),
      ),
    ).toEqual([
      { role: 'executive', about: 'incident_report_filed' },
      { role: 'gm', about: 'incident_report_filed' },
    ]);
    expect(core.view(T0).state).toBe('closedReported');
  });

  it('refuses a customer-service agent filing the management report or the incident report', () => {
    for (const report of ['senior_management', 'incident_report']) {
      expect(accepted(reporting(1), stepOf('report_filed', { report, summary: 'x' }, 'cs_agent'))).toBe(true);
      const r = refusal(reporting(2), stepOf('report_filed', { report, summary: 'x' }, 'cs_agent'));
      expect(r.kind).toBe('EventNotAllowed');
    }
  });

  it('lets only the commander write the incident report (七.17), and the commander or the director report the result (七.15)', () => {
    const core = reporting(2);
    // The captain is not the commander (the squad leader is).
    expect(
      refusal(core, stepOf('report_filed', { report: 'incident_report', summary: 'x' }, 'security_captain')).details
        .blockedBy,
    ).toContain('incidentReportByCommander');
    // Another squad leader than the one in command neither.
    expect(
      refusal(core, stepOf('report_filed', { report: 'incident_report', summary: 'x' }, 'squad_leader', 'other_leader'))
        .kind,
    ).toBe('EventNotAllowed');
    expect(
      accepted(core, stepOf('report_filed', { report: 'senior_management', summary: 'x' }, 'office_director')),
    ).toBe(true);
    expect(
      refusal(core, stepOf('report_filed', { report: 'senior_management', summary: 'x' }, 'security_captain')).kind,
    ).toBe('EventNotAllowed');
  });

  it('has customer service fill in the investigation form and tell the customer’s unit (七.16); a commander may not', () => {
    expect(
      accepted(reporting(1), stepOf('report_filed', { report: 'investigation_form', summary: 'x' }, 'squad_leader')),
    ).toBe(true);
    const core = reporting(2);
    expect(refusal(core, stepOf('report_filed', form, 'squad_leader')).kind).toBe('EventNotAllowed');
    const r = refusal(core, stepOf('report_filed', { report: 'investigation_form', summary: 'x' }, 'cs_agent'));
    expect(r.kind).toBe('InvalidData');
    expect(r.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'customerUnit' }),
        expect.objectContaining({ path: 'customerUnitInformed' }),
      ]),
    );
  });
});

describe('perimeter-alarm v2: the wait on the police has an exit, and the case number may come later', () => {
  it('starts a police-arrival deadline on the wait (version 1 waits with no timer)', () => {
    expect(awaitingPolice(1).view(T0).timers).toEqual([]);
    const core = awaitingPolice(2);
    expect(core.view(T0).timers).toEqual([
      expect.objectContaining({
        id: expect.stringContaining('police_arrival'),
        dueAt: new Date(T0 + 3000 + 30 * 60_000).toISOString(),
      }),
    ]);
  });

  it('leaves the wait when the police are not coming or the resident reports at the station', () => {
    expect(
      refusal(awaitingPolice(1), stepOf('police_not_coming', { reason: 'police_declined' }, 'squad_leader')).kind,
    ).toBe('EventNotAllowed');
    const core = awaitingPolice(2);
    const effects = core.applyStep(
      stepOf('police_not_coming', { reason: 'resident_reports_at_station' }, 'squad_leader'),
      T0 + 5000,
    );
    expect(core.stateName()).toBe('commanding.reporting');
    expect(informs(effects)).toEqual(expect.arrayContaining([{ role: 'office_director', about: 'police_not_coming' }]));
    // The number the resident gets at the station is added afterwards.
    core.applyStep(stepOf('police_case_number_added', { policeCaseNumber: 'JB-2026-0042' }, 'cs_agent'), T0 + 6000);
    expect(core.view(T0).context.policeCaseNumber).toBe('JB-2026-0042');
  });

  it('takes the police without a case number at the door, and the number later (version 1 demands it on arrival)', () => {
    expect(refusal(awaitingPolice(1), stepOf('police_arrived', police, 'gate_guard')).details.issues).toEqual([
      expect.objectContaining({ path: 'policeCaseNumber' }),
    ]);
    const core = awaitingPolice(2);
    core.applyStep(stepOf('police_arrived', police, 'gate_guard'), T0 + 5000);
    expect(core.view(T0).context.policeCaseNumber).toBeNull();
    core.applyStep(stepOf('police_case_number_added', { policeCaseNumber: 'A-17' }, 'squad_leader'), T0 + 6000);
    expect(core.view(T0).context).toMatchObject({ policeCaseNumber: 'A-17', police: { officerName: 'Zhao' } });
  });

  it('refuses a case number where the police were never called', () => {
    const core = reporting(2);
    expect(refusal(core, stepOf('police_case_number_added', { policeCaseNumber: 'A-1' }, 'squad_leader')).kind).toBe(
      'EventNotAllowed',
    );
  });
});

describe('perimeter-alarm v2: roles as the seed gives them', () => {
  it('refuses a patrol guard declaring an intrusion and ticking "captain informed" (七.4: the squad leader’s duty)', () => {
    expect(accepted(atVerdict(1), stepOf('verdict_given', intrusionV1, 'patrol_guard'))).toBe(true);
    const r = refusal(atVerdict(2), stepOf('verdict_given', intrusionV2(), 'patrol_guard'));
    expect(r).toMatchObject({
      kind: 'EventNotAllowed',
      details: { blockedBy: expect.arrayContaining(['intrusionBySquadLeaderOrAbove']) },
    });
    // The patrol guard still closes a false alarm on scene.
    expect(
      accepted(
        atVerdict(2),
        stepOf('verdict_given', { verdict: 'false_alarm', cause: 'other', panelReset: true }, 'patrol_guard'),
      ),
    ).toBe(true);
  });

  it('has customer service, not the commander, enter the notice to the resident (七.11.2)', () => {
    // Version 1: the commander ticks "customer service informed the resident" within the outcome.
    expect(accepted(searching(1), stepOf('outcome_recorded', theftV1(true), 'squad_leader'))).toBe(true);
    const core = searching(2);
    core.applyStep(stepOf('outcome_recorded', theftV2, 'squad_leader'), T0 + 3000);
    expect(core.stateName()).toBe('commanding.informingResident');
    expect(refusal(core, stepOf('resident_informed', residentAnswer(true), 'squad_leader')).kind).toBe(
      'RoleNotAllowed',
    );
    core.applyStep(stepOf('resident_informed', residentAnswer(true), 'cs_agent'), T0 + 4000);
    expect(core.stateName()).toBe('commanding.awaitingPolice');
    expect(core.view(T0).context.resident).toMatchObject({ by: 'cs_agent', residentConsentsToPolice: true });
  });

  it('puts customer service’s notice under a deadline and ladder (七.11.2 "立即")', () => {
    const core = searching(2);
    core.applyStep(stepOf('outcome_recorded', theftV2, 'squad_leader'), T0 + 3000);
    expect(core.view(T0).timers).toEqual([expect.objectContaining({ id: expect.stringContaining('resident_notice') })]);
  });
});

describe('perimeter-alarm v2: the commander is a person of the site (四.2), reported to (七.6)', () => {
  it('names the commander from the staff records, not free text', () => {
    expect(
      accepted(
        atVerdict(1),
        stepOf('verdict_given', { ...intrusionV1, commander: { name: 'anyone', role: 'x' } }, 'squad_leader'),
      ),
    ).toBe(true);
    const core = atVerdict(2);
    core.applyStep(stepOf('verdict_given', intrusionV2('security_captain'), 'squad_leader'), T0 + 2000);
    expect(core.view(T0).context.commander).toEqual({
      id: 'security_captain',
      name: '保安队长 钱勇',
      role: 'security_captain',
      since: T0 + 2000,
    });
  });

  it('refuses a commander who is not on the site’s staff, naming the field', () => {
    const r = refusal(atVerdict(2), stepOf('verdict_given', intrusionV2('stranger'), 'squad_leader'));
    expect(r).toMatchObject({
      kind: 'InvalidData',
      details: { issues: [expect.objectContaining({ path: 'commander', code: 'not_staff' })] },
    });
    // The same step with no staff records handed over at all (not through the API, which always hands them over):
    // the machine's guard finds no record of the commander and refuses it.
    const bare = { type: 'verdict_given', data: intrusionV2('squad_leader'), actor: as('squad_leader') };
    expect(refusal(atVerdict(2), bare)).toMatchObject({
      kind: 'EventNotAllowed',
      details: { blockedBy: expect.arrayContaining(['intrusionBySquadLeaderOrAbove']) },
    });
  });

  it('refuses a commander who holds no commanding role, or ranks below whoever declared (the highest on scene commands)', () => {
    expect(refusal(atVerdict(2), stepOf('verdict_given', intrusionV2('cs_agent'), 'squad_leader')).kind).toBe(
      'EventNotAllowed',
    );
    expect(refusal(atVerdict(2), stepOf('verdict_given', intrusionV2('squad_leader'), 'security_captain')).kind).toBe(
      'EventNotAllowed',
    );
  });

  it('hands command to a higher rank who arrives (七.7), never to a lower one', () => {
    const core = searching(2);
    expect(refusal(core, stepOf('command_taken_over', { commander: 'squad_leader' }, 'security_captain')).kind).toBe(
      'EventNotAllowed',
    );
    const effects = core.applyStep(
      stepOf('command_taken_over', { commander: 'office_director' }, 'office_director'),
      T0 + 3000,
    );
    expect(core.view(T0).context.commander).toMatchObject({ id: 'office_director', role: 'office_director' });
    expect(informs(effects)).toEqual(expect.arrayContaining([{ role: 'dept_manager', about: 'command_taken_over' }]));
  });

  it('tells the office director and the property manager of the intrusion and of each progress report (七.6)', () => {
    const start = atVerdict(2);
    expect(informs(start.applyStep(stepOf('verdict_given', intrusionV2(), 'squad_leader'), T0 + 2000))).toEqual([
      { role: 'security_captain', about: 'intrusion' },
      { role: 'office_director', about: 'intrusion' },
      { role: 'dept_manager', about: 'intrusion' },
    ]);
    expect(
      refusal(searching(1), stepOf('progress_reported', { progress: 'west wall swept' }, 'squad_leader')).kind,
    ).toBe('EventNotAllowed');
    const core = searching(2);
    expect(
      informs(core.applyStep(stepOf('progress_reported', { progress: 'west wall swept' }, 'squad_leader'), T0 + 3000)),
    ).toEqual([
      { role: 'office_director', about: 'progress_reported' },
      { role: 'dept_manager', about: 'progress_reported' },
    ]);
    // Only the commander reports progress.
    expect(
      refusal(core, stepOf('progress_reported', { progress: 'x' }, 'security_captain')).details.blockedBy,
    ).toContain('fromCommander');
  });
});

describe('perimeter-alarm v2: the apartment-entry tick only where the site has apartments (七.9)', () => {
  const tickAllBut = (core: CaseCore, skip: string) => {
    for (const item of searchItems.filter((i) => i !== skip))
      core.applyStep(stepOf('search_item_done', { item }, 'patrol_guard'), T0 + 3000);
    return core;
  };
  const noApartments = { thresholds: { hasApartments: 0 } };

  it('records "nothing found" without the apartment tick at a site without apartments', () => {
    expect(
      refusal(
        tickAllBut(searching(1, noApartments), 'apartment_entry_controlled'),
        stepOf('outcome_recorded', { outcome: 'nothing_found' }, 'squad_leader'),
      ).kind,
    ).toBe('EventNotAllowed');
    const core = tickAllBut(searching(2, noApartments), 'apartment_entry_controlled');
    core.applyStep(stepOf('outcome_recorded', { outcome: 'nothing_found' }, 'squad_leader'), T0 + 4000);
    expect(core.stateName()).toBe('commanding.reporting');
  });

  it('still requires it by default (城市花园 has apartments) and every other item everywhere', () => {
    expect(v2.policy.thresholds).toEqual({ hasApartments: 1 });
    const core = tickAllBut(searching(2), 'apartment_entry_controlled');
    expect(
      refusal(core, stepOf('outcome_recorded', { outcome: 'nothing_found' }, 'squad_leader')).details.blockedBy,
    ).toContain('nothingFoundAfterFullSearch');
    const mall = tickAllBut(searching(2, noApartments), 'estate_swept');
    expect(refusal(mall, stepOf('outcome_recorded', { outcome: 'nothing_found' }, 'squad_leader')).kind).toBe(
      'EventNotAllowed',
    );
  });
});

describe('perimeter-alarm v2: the yearly drill reminder (四.1, 四.3)', () => {
  it('goes to the office director (管理处主任/经理), responsible for the plan and its drill, not the security captain', () => {
    expect(v1.policy.recurring?.yearly_drill?.to).toEqual(['security_captain']);
    expect(v2.policy.recurring?.yearly_drill).toMatchObject({ month: 3, day: 1, to: ['office_director'] });
  });
});

// Version 3 (issue 18), 城市花园 七.4 and 七.6: the commander named is a person on duty at the site (the on-duty roster's
// fact travels with the step, as the API reads it), and 七.6's notices go to the 物业部经理. Each rule test runs the same
// step on version 2, which let it through (or told the department manager).
describe('perimeter-alarm v3, every simple path of the command through the pure engine', () => {
  // The steps that name a commander, on duty and not, up to the search; the rest of the case is version 2's.
  const events = [
    e('patrol_arrived', {}, 'patrol_guard'),
    e('verdict_given', intrusionV2('squad_leader'), 'squad_leader'),
    e('verdict_given', intrusionV2('deputy_leader'), 'squad_leader'),
    e('verdict_given', intrusionV2('security_captain'), 'squad_leader'),
    e('command_taken_over', { commander: 'office_director' }, 'office_director'),
    e('command_taken_over', { commander: 'director_off' }, 'office_director', 'director_off'),
    e('progress_reported', { progress: '西墙已排查' }, 'squad_leader'),
  ];
  type Snap = { value: unknown; context: { commander: { id: string } | null } };
  const paths = new TestModel(perimeterAlarmMachineV3, {
    input: { ...startOf(3), drill: false, startedAt: T0 } as never,
    events: events as never,
  }).getSimplePaths({
    serializeState: (s: Snap) => JSON.stringify([s.value, s.context.commander?.id ?? null]),
  } as never);
  const title = (p: (typeof paths)[number]) =>
    p.steps
      .map((s) => {
        const d = (s.event as { data?: { commander?: string } }).data;
        return [s.event.type, d?.commander].filter(Boolean).join(':');
      })
      .join(' → ');

  it('never puts anyone off duty in command, and reaches command under each person on duty or unrostered', () => {
    const commanders = new Set(
      paths.flatMap((p) => p.steps.map((s) => (s.state as unknown as Snap).context.commander?.id ?? null)),
    );
    expect(commanders).toEqual(new Set([null, 'squad_leader', 'security_captain', 'office_director']));
  });

  it.each(paths.map((p) => [title(p), p] as const))('%s', (_name, path) => {
    walkPath(CaseCore.start(v3, startOf(3), T0).core, path.steps, at, ({ core, view, state }) => {
      expect(core.stateName()).toBe(stateKey(state.value));
      const c = view.context as { commander: { id: string } | null };
      if (view.state.startsWith('commanding')) expect(c.commander).not.toBeNull(); // 四.2: someone commands
      if (c.commander) expect(staff[c.commander.id]?.onDuty).not.toBe(false); // 七.4: a person on duty
    });
  });
});

describe('perimeter-alarm v3: the commander is a person on duty at the site (城市花园 七.4, 四.2)', () => {
  it('refuses an intrusion naming a commander the roster has off duty, and changes nothing; version 2 took it', () => {
    const core = atVerdict(3);
    const before = core.view(T0 + 10_000);
    expect(refusal(core, stepOf('verdict_given', intrusionV2('deputy_leader'), 'squad_leader'))).toMatchObject({
      kind: 'EventNotAllowed',
      details: { blockedBy: ['saysFalseAlarm', 'intrusionByCommanderOnDuty'] },
    });
    expect(core.view(T0 + 10_000)).toEqual(before);
    const old = atVerdict(2);
    old.applyStep(stepOf('verdict_given', intrusionV2('deputy_leader'), 'squad_leader'), T0 + 2000);
    expect(old.view(T0).context.commander).toMatchObject({ id: 'deputy_leader' });
  });

  it('accepts a commander on duty, and one whose roles the roster does not list (it cannot say)', () => {
    const core = atVerdict(3);
    core.applyStep(stepOf('verdict_given', intrusionV2('squad_leader'), 'squad_leader'), T0 + 2000);
    expect(core.view(T0).context.commander).toMatchObject({ id: 'squad_leader', name: '保安班长 郑军' });
    const captain = atVerdict(3);
    captain.applyStep(stepOf('verdict_given', intrusionV2('security_captain'), 'squad_leader'), T0 + 2000);
    expect(captain.stateName()).toBe('commanding.searching');
  });

  it('hands command only to someone on duty who outranks the commander (七.7)', () => {
    const core = searching(3);
    expect(
      refusal(core, stepOf('command_taken_over', { commander: 'director_off' }, 'office_director', 'director_off')),
    ).toMatchObject({ kind: 'EventNotAllowed', details: { blockedBy: ['outranksCommanderOnDuty'] } });
    const old = searching(2);
    old.applyStep(
      stepOf('command_taken_over', { commander: 'director_off' }, 'office_director', 'director_off'),
      T0 + 3000,
    );
    expect(old.view(T0).context.commander).toMatchObject({ id: 'director_off' });
    core.applyStep(stepOf('command_taken_over', { commander: 'office_director' }, 'office_director'), T0 + 3000);
    expect(core.view(T0).context.commander).toMatchObject({ id: 'office_director' });
  });
});

describe('perimeter-alarm v3: 七.6 reports go to the 物业部经理', () => {
  it('tells the property manager, not the department manager, of the intrusion, a takeover and each progress report', () => {
    const told = (version: 2 | 3) => {
      const core = atVerdict(version);
      return [
        ...informs(core.applyStep(stepOf('verdict_given', intrusionV2('squad_leader'), 'squad_leader'), T0 + 2000)),
        ...informs(core.applyStep(stepOf('progress_reported', { progress: '西墙已排查' }, 'squad_leader'), T0 + 3000)),
        ...informs(
          core.applyStep(stepOf('command_taken_over', { commander: 'office_director' }, 'office_director'), T0 + 4000),
        ),
      ];
    };
    expect(told(3)).toEqual([
      { role: 'security_captain', about: 'intrusion' },
      { role: 'office_director', about: 'intrusion' },
      { role: 'property_manager', about: 'intrusion' },
      { role: 'office_director', about: 'progress_reported' },
      { role: 'property_manager', about: 'progress_reported' },
      { role: 'office_director', about: 'command_taken_over' },
      { role: 'property_manager', about: 'command_taken_over' },
    ]);
    expect(told(2).filter((n) => n.role === 'property_manager')).toEqual([]);
    expect(told(2)).toContainEqual({ role: 'dept_manager', about: 'progress_reported' });
  });
});
