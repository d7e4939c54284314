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

/** Per deadline: the steps before it and the step it waits for. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  dispatch: { before: [], step: dispatched },
  patrol_arrival: { before: [dispatched], step: arrived },
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
});
