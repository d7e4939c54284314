import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const dispatched = step('guards_dispatched', { guards: ['孙伟', '李强'], policeCalled: true }, 'squad_leader');
const fled = step('scene_secured', { outcome: 'suspect_fled', sceneProtected: true }, 'squad_leader');
const policeArrived = step(
  'police_arrived',
  { officer: '王警官', rank: '二级警司', badgeNumber: '012345', suspectHandedOver: false },
  'security_captain',
);

/** Per deadline: the steps before it and the step it waits for; the intake is the example's. */
export const deadlineScenarios: DeadlineScenarios = () => ({
  dispatch: { before: [], step: dispatched },
  police_arrival: { before: [dispatched, fled], step: policeArrived },
  report: {
    before: [dispatched, fled, policeArrived],
    step: step(
      'report_filed',
      { summary: '储物柜被撬,嫌疑人逃离', evidenceRecorded: true, sentToGeneralOffice: true },
      'security_captain',
    ),
  },
});
