import { step, type DeadlineScenarios } from '../../../tests/support/deadline-scenarios';

// How a new case reaches each deadline of this procedure and which step meets it: the conformance test
// (tests/conformance/procedures.test.ts) sends that step in time, late and never. Imported only by tests.
const sceneSecured = step(
  'scene_secured',
  { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true },
  'patrol_guard',
);
const exitsControlled = step('exits_controlled', { exitsChecked: true, entrySuspended: false }, 'gate_guard');
const residentDecided = step(
  'resident_decided',
  { residentConfirmedLoss: true, loss: 'laptop', police: 'no_police' },
  'cs_agent',
);
const cctvReviewed = step(
  'cctv_reviewed',
  { cameras: ['B3-lobby'], findings: 'a man at 02:10', footageKept: true },
  'monitor_guard',
);
const residentFollowedUp = step('resident_followed_up', { outcome: 'police investigating' }, 'cs_agent');

const reportFiled = step('report_filed', { summary: 'all of it', cause: 'window left open' }, 'security_captain');

// Version 3: the police called at once, awaited, or not coming; the resident confirms; a thief caught in the act.
const policeCalled = step('police_called', { calledBy: 'estate' }, 'monitor_guard');
const policeArrived = step('police_arrived', { officerName: '赵', ledToScene: true }, 'security_captain');
const residentConfirmed = step('resident_confirmed', { residentConfirmedLoss: true, loss: 'laptop' }, 'cs_agent');
const caught = step(
  'suspect_caught',
  { alarmRaised: true, supportCalled: true, postsAlerted: true, suspect: 'man, grey jacket', evidence: ['crowbar'] },
  'patrol_guard',
);

/** Version 3's deadlines: the three obligations run side by side, so each is reached from the start. */
const v3 = (): ReturnType<DeadlineScenarios> => ({
  scene_guard: { before: [], step: sceneSecured },
  exits_control: { before: [sceneSecured], step: exitsControlled },
  police_call: { before: [], step: policeCalled },
  police_arrival: { before: [policeCalled], step: policeArrived },
  resident_contact: { before: [], step: residentConfirmed },
  suspect_handover: {
    intake: { discoveredBy: 'staff', unit: '3-2-1201', description: 'thief inside', inProgress: true },
    before: [caught],
    step: step(
      'suspect_handed_over',
      { to: 'police_on_scene', officerName: '赵', evidenceHandedOver: true, ownerWitness: 'went_along' },
      'squad_leader',
    ),
  },
  report: {
    before: [
      sceneSecured,
      exitsControlled,
      policeCalled,
      policeArrived,
      residentConfirmed,
      cctvReviewed,
      residentFollowedUp,
    ],
    step: reportFiled,
  },
});

/**
 * Per deadline of each version (v2 adds the gates' exit control; v3 the police call and arrival, the suspect's
 * handover): the steps before it and the step it waits for.
 */
export const deadlineScenarios: DeadlineScenarios = (version) => {
  if (version >= 3) return v3();
  const toResident = version >= 2 ? [sceneSecured, exitsControlled] : [sceneSecured];
  return {
    scene_guard: { before: [], step: sceneSecured },
    ...(version >= 2 ? { exits_control: { before: [sceneSecured], step: exitsControlled } } : {}),
    resident_contact: { before: toResident, step: residentDecided },
    report: {
      before: [...toResident, residentDecided, cctvReviewed, residentFollowedUp],
      step: reportFiled,
    },
  };
};
