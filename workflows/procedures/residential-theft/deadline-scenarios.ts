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

/** Per deadline of each version (v2 adds the gates' exit control): the steps before it and the step it waits for. */
export const deadlineScenarios: DeadlineScenarios = (version) => {
  const toResident = version >= 2 ? [sceneSecured, exitsControlled] : [sceneSecured];
  return {
    scene_guard: { before: [], step: sceneSecured },
    ...(version >= 2 ? { exits_control: { before: [sceneSecured], step: exitsControlled } } : {}),
    resident_contact: { before: toResident, step: residentDecided },
    report: {
      before: [...toResident, residentDecided, cctvReviewed, residentFollowedUp],
      step: step('report_filed', { summary: 'all of it', cause: 'window left open' }, 'security_captain'),
    },
  };
};
