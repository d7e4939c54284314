import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const dispatched = step('patrol_dispatched', { patrol: ['Li'], squadLeaderInformed: true }, 'monitor_guard');
const arrived = step('patrol_arrived', {}, 'patrol_guard');
const intrusion = step(
  'verdict_given',
  {
    verdict: 'intrusion',
    commander: { name: 'Wang', role: 'squad_leader' },
    captainInformed: true,
    officeInformed: true,
  },
  'squad_leader',
);
const theftNoPolice = step(
  'outcome_recorded',
  {
    outcome: 'theft_thief_not_caught',
    sceneSealed: true,
    crowdDispersed: true,
    residentInformed: true,
    residentConfirmedLoss: true,
    residentConsentsToPolice: false,
  },
  'squad_leader',
);
const perimeterReport = (report: string) => step('report_filed', { report, summary: 'done' }, 'squad_leader');

// Version 2: the commander is the squad leader of the staff records (user id squad_leader), and files 15 and 17.
const intrusionV2 = step(
  'verdict_given',
  { verdict: 'intrusion', commander: 'squad_leader', captainInformed: true, officeInformed: true },
  'squad_leader',
  undefined,
  { squad_leader: { name: '保安班长 郑军', roles: ['squad_leader'] } },
);
const theftV2 = step(
  'outcome_recorded',
  { outcome: 'theft_thief_not_caught', sceneSealed: true, crowdDispersed: true },
  'squad_leader',
);
const residentNoPolice = step(
  'resident_informed',
  { residentInformed: true, residentConfirmedLoss: true, residentConsentsToPolice: false },
  'cs_agent',
);
const caught = step(
  'outcome_recorded',
  { outcome: 'thief_caught', suspectUnharmed: true, facts: 'at the wall' },
  'squad_leader',
);
const policeArrived = step(
  'police_arrived',
  { officerName: 'Zhao', badgeNumber: '012345', ledInByGateGuard: true, cctvProvided: true },
  'gate_guard',
);
const investigationForm = step(
  'report_filed',
  { report: 'investigation_form', summary: 'done', customerUnit: '某公司', customerUnitInformed: true },
  'cs_agent',
);

/** Per deadline of each version (v2 adds the resident's notice and the police's arrival): the steps before it and the step it waits for. */
export const deadlineScenarios: DeadlineScenarios = (version) => ({
  dispatch: { before: [], step: dispatched },
  patrol_arrival: { before: [dispatched], step: arrived },
  ...(version >= 2
    ? {
        resident_notice: { before: [dispatched, arrived, intrusionV2, theftV2], step: residentNoPolice },
        police_arrival: { before: [dispatched, arrived, intrusionV2, caught], step: policeArrived },
        report: {
          before: [
            dispatched,
            arrived,
            intrusionV2,
            theftV2,
            residentNoPolice,
            perimeterReport('senior_management'),
            investigationForm,
          ],
          step: perimeterReport('incident_report'),
        },
      }
    : {
        report: {
          before: [
            dispatched,
            arrived,
            intrusion,
            theftNoPolice,
            perimeterReport('senior_management'),
            perimeterReport('investigation_form'),
          ],
          step: perimeterReport('incident_report'),
        },
      }),
});
