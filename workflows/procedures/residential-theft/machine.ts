import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  engineActions,
  eventOf,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type Done,
  type StepEventsOf,
} from '../../engine';
import type {
  CctvReviewedSchema,
  ExitsControlledSchema,
  PoliceArrivedSchema,
  ReportFiledSchema,
  ResidentDecidedSchema,
  ResidentFollowedUpSchema,
  SceneSecuredSchema,
  TheftReportedSchema,
  eventsV2,
} from './events';

/** A step as the case keeps it (with who did it and when), or null before it happened. */
type Recorded<S extends z.ZodType> = (z.infer<S> & Done) | null;

export interface ResidentialTheftContext {
  policy: CasePolicy;
  discoveredBy: 'resident' | 'staff';
  unit: string;
  reportedAt: number;
  scene: Recorded<typeof SceneSecuredSchema>;
  resident: Recorded<typeof ResidentDecidedSchema>;
  police: Recorded<typeof PoliceArrivedSchema>;
  cctv: Recorded<typeof CctvReviewedSchema>;
  followUp: Recorded<typeof ResidentFollowedUpSchema>;
  report: Recorded<typeof ReportFiledSchema>;
  /** Version 2 only. */
  exits?: Recorded<typeof ExitsControlledSchema>;
}

// Version 2's events include version 1's: one union serves the setup both versions share.
type ResidentialTheftEvent = StepEventsOf<typeof eventsV2>;

const policeOf = (event: ResidentialTheftEvent) => eventOf(event, 'resident_decided').data.police;

/**
 * The machine of each version. Version 1 is what open v1 cases run: it must never change (its generated page,
 * docs/procedures/residential-theft-v1.md, and its recorded histories fail the tests if it does). Version 2 adds
 * the gates' exit control as a step of its own between guarding the scene and reaching the resident.
 */
function residentialTheftMachineOf(version: 1 | 2) {
  const { securingScene, ...later } = states(version === 1 ? 'awaitingResident' : 'controllingExits');
  return residentialTheftSetup.createMachine({
    id: 'residential-theft',
    context: ({ input }) => ({
      policy: input.policy,
      discoveredBy: input.data.discoveredBy,
      unit: input.data.unit,
      reportedAt: input.startedAt,
      scene: null,
      resident: null,
      police: null,
      cctv: null,
      followUp: null,
      report: null,
    }),
    initial: 'securingScene',
    states: {
      securingScene,
      ...(version === 2
        ? {
            // 一.3, 花园 4.3: the gates check and register everyone leaving; entry may be suspended.
            controllingExits: residentialTheftSetup.createStateConfig({
              after: { exits_control: { actions: { type: 'escalate', params: { timer: 'exits_control' } } } },
              on: {
                exits_controlled: {
                  target: 'awaitingResident',
                  actions: assign({ exits: ({ event }) => recorded(event) }),
                },
              },
            }),
          }
        : {}),
      ...later,
    },
  });
}

/**
 * Residential theft (住宅盗窃事件处理): the scene guarded at once, the resident decides on the police, the police are
 * led in, CCTV reviewed, the resident told the outcome, the incident reported. Step numbers are the seed's
 * (盗窃事件处理程序管理制度范本 一/二, 花园物业盗窃案件处理流程 4.x).
 */
const residentialTheftSetup = setup({
  types: {
    context: {} as ResidentialTheftContext,
    events: {} as ResidentialTheftEvent,
    input: {} as CaseMachineInput<z.infer<typeof TheftReportedSchema>>,
  },
  actions: { ...engineActions },
  guards: {
    // 一.1 / 二.4: the resident decides whether the police are called; one already called counts too.
    policeToCome: dataGuard(({ event }) => policeOf(event) === 'already_reported' || policeOf(event) === 'report_now'),
    noPolice: dataGuard(({ event }) => policeOf(event) === 'no_police'),
  },
  // Deadlines are named delays read from the case's policy; the engine turns them into Temporal timers.
  delays: {
    // "Immediately" (一.2, 二.3); counted from the report.
    scene_guard: deadline<ResidentialTheftContext>('scene_guard', (context) => context.reportedAt),
    resident_contact: deadline<ResidentialTheftContext>('resident_contact', (context) => context.reportedAt),
    report: deadline<ResidentialTheftContext>('report'),
    // Version 2: counted from the report too.
    exits_control: deadline<ResidentialTheftContext>('exits_control', (context) => context.reportedAt),
  },
});

// The states both versions share; `afterScene` is where a guarded scene leads.
function states(afterScene: 'awaitingResident' | 'controllingExits') {
  return {
    // 一.2–3, 二.1–3: a guard posted outside the unit, nobody enters; the captain and the service-centre manager told.
    securingScene: residentialTheftSetup.createStateConfig({
      entry: [
        { type: 'inform', params: { role: 'security_captain', about: 'theft_reported' } },
        { type: 'inform', params: { role: 'office_director', about: 'theft_reported' } },
      ],
      after: { scene_guard: { actions: { type: 'escalate', params: { timer: 'scene_guard' } } } },
      on: {
        scene_secured: {
          target: afterScene,
          actions: assign({ scene: ({ event }) => recorded(event) }),
        },
      },
    }),
    // 一.1, 二.4: the resident is reached (asked to come back), confirms the loss and decides on the police.
    awaitingResident: residentialTheftSetup.createStateConfig({
      after: { resident_contact: { actions: { type: 'escalate', params: { timer: 'resident_contact' } } } },
      on: {
        resident_decided: [
          {
            guard: 'policeToCome',
            target: 'awaitingPolice',
            actions: [
              assign({ resident: ({ event }) => recorded(event) }),
              { type: 'inform', params: { role: 'gate_guard', about: 'police_called' } },
            ],
          },
          {
            guard: 'noPolice',
            target: 'reviewingCctv',
            actions: assign({ resident: ({ event }) => recorded(event) }),
          },
        ],
      },
    }),
    // 一.4: the security manager or the service-centre manager identifies themselves and leads the police in.
    awaitingPolice: residentialTheftSetup.createStateConfig({
      on: {
        police_arrived: {
          target: 'reviewingCctv',
          actions: assign({ police: ({ event }) => recorded(event) }),
        },
      },
    }),
    // 三.2, 城市花园 14: the monitoring centre reviews the zone's recordings; footage kept for the police.
    reviewingCctv: residentialTheftSetup.createStateConfig({
      on: {
        cctv_reviewed: {
          target: 'followingUp',
          actions: assign({ cctv: ({ event }) => recorded(event) }),
        },
      },
    }),
    // 城市花园 16: customer service tells the resident the outcome.
    followingUp: residentialTheftSetup.createStateConfig({
      on: {
        resident_followed_up: {
          target: 'reporting',
          actions: assign({ followUp: ({ event }) => recorded(event) }),
        },
      },
    }),
    // 注: the whole incident recorded, the cause investigated, estate security reviewed.
    reporting: residentialTheftSetup.createStateConfig({
      after: { report: { actions: { type: 'escalate', params: { timer: 'report' } } } },
      on: {
        report_filed: {
          target: 'closed',
          actions: [
            assign({ report: ({ event }) => recorded(event) }),
            { type: 'inform', params: { role: 'office_director', about: 'report_filed' } },
          ],
        },
      },
    }),
    closed: residentialTheftSetup.createStateConfig({ type: 'final' }),
  };
}

export const residentialTheftMachine = residentialTheftMachineOf(1);
export const residentialTheftMachineV2 = residentialTheftMachineOf(2);
