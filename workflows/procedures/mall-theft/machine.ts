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
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import type {
  ExitsClosedSchema,
  GuardsDispatchedSchema,
  InjuryReportedSchema,
  MonitoringStartedSchema,
  PoliceArrivedSchema,
  PoliceCaseNumberAddedSchema,
  PoliceNotComingSchema,
  ReportFiledSchema,
  SceneSecuredSchema,
  TheftReportedSchema,
  events,
} from './events';

/** What a mall-theft case keeps: the report, then each step as recorded (data, by, role, at in epoch ms). */
export interface MallTheftContext {
  policy: CasePolicy;
  /** When the theft was reported (epoch ms): the dispatch deadline counts from it (三.3 尽快). */
  reportedAt: number;
  floor: string;
  location: string;
  inProgress: boolean;
  suspect: string | null;
  monitoring: Recorded<typeof MonitoringStartedSchema> | null;
  dispatch: Recorded<typeof GuardsDispatchedSchema> | null;
  scene: Recorded<typeof SceneSecuredSchema> | null;
  injuries: Array<Recorded<typeof InjuryReportedSchema>>;
  exitsClosed: Array<Recorded<typeof ExitsClosedSchema>>;
  police: Recorded<typeof PoliceArrivedSchema> | null;
  policeNotComing: Recorded<typeof PoliceNotComingSchema> | null;
  /** Police report numbers added after the police left (三.8), oldest first. */
  policeCaseNumbers: Array<Recorded<typeof PoliceCaseNumberAddedSchema>>;
  report: Recorded<typeof ReportFiledSchema> | null;
}

type MallTheftEvent = StepEventsOf<typeof events>;

const outcomeOf = (event: MallTheftEvent) => eventOf(event, 'scene_secured').data.outcome;

/** 三.8: a report number comes only from police who took the case (they came); asked while open and after close. */
export const policeCame = (context: MallTheftContext): boolean => context.police !== null;

/**
 * A theft discovered in the mall (商场突发盗窃事件应急预案 三): guards sent and the police called, the scene handled
 * (suspect caught, fled, or no theft), the police met or not coming, the report to 总经办. Numbers in comments are
 * the seed's.
 */
export const mallTheftMachine = setup({
  types: {
    context: {} as MallTheftContext,
    events: {} as MallTheftEvent,
    input: {} as CaseMachineInput<z.infer<typeof TheftReportedSchema>>,
  },
  actions: {
    ...engineActions,
    recordMonitoring: assign({ monitoring: ({ event }) => recorded(eventOf(event, 'monitoring_started')) }),
    recordDispatch: assign({ dispatch: ({ event }) => recorded(eventOf(event, 'guards_dispatched')) }),
    recordScene: assign({ scene: ({ event }) => recorded(eventOf(event, 'scene_secured')) }),
    recordInjury: assign({
      injuries: ({ context, event }) => [...context.injuries, recorded(eventOf(event, 'injury_reported'))],
    }),
    recordExitsClosed: assign({
      exitsClosed: ({ context, event }) => [...context.exitsClosed, recorded(eventOf(event, 'exits_closed'))],
    }),
    recordPolice: assign({ police: ({ event }) => recorded(eventOf(event, 'police_arrived')) }),
    recordPoliceNotComing: assign({ policeNotComing: ({ event }) => recorded(eventOf(event, 'police_not_coming')) }),
    recordPoliceCaseNumber: assign({
      policeCaseNumbers: ({ context, event }) => [
        ...context.policeCaseNumbers,
        recorded(eventOf(event, 'police_case_number_added')),
      ],
    }),
    recordReport: assign({ report: ({ event }) => recorded(eventOf(event, 'report_filed')) }),
  },
  guards: {
    // 三.4 a caught suspect and 三.5 a fled one both wait for the police; no theft goes straight to the record.
    sceneNeedsPolice: dataGuard(({ event }) => outcomeOf(event) !== 'no_theft'),
    noTheftFound: dataGuard(({ event }) => outcomeOf(event) === 'no_theft'),
    // 三.8: a report number comes only from police who took the case.
    policeCame: ({ context }) => policeCame(context),
  },
  delays: {
    // (policy) guards sent and police called within 5 minutes of the report: the seed says 尽快 (三.3).
    dispatch: deadline<MallTheftContext>('dispatch', (context) => context.reportedAt),
    // (policy) the police at the scene within 30 minutes of the scene being handled, else escalate.
    police_arrival: deadline<MallTheftContext>('police_arrival'),
    // (policy) the report to 总经办 within 1 working day (三.11 sets no time).
    report: deadline<MallTheftContext>('report'),
  },
}).createMachine({
  id: 'mall-theft',
  context: ({ input }) => ({
    policy: input.policy,
    reportedAt: input.startedAt,
    floor: input.data.floor,
    location: input.data.location,
    inProgress: input.data.inProgress,
    suspect: input.data.suspect ?? null,
    monitoring: null,
    dispatch: null,
    scene: null,
    injuries: [],
    exitsClosed: [],
    police: null,
    policeNotComing: null,
    policeCaseNumbers: [],
    report: null,
  }),
  initial: 'responding',
  states: {
    // 三.1–三.7 while the theft is handled on the floor.
    responding: {
      // 三.1: the security manager and the squad leader told; the control room watches the cameras.
      entry: [
        { type: 'inform', params: { role: 'security_captain', about: 'theft_reported' } },
        { type: 'inform', params: { role: 'squad_leader', about: 'theft_reported' } },
        { type: 'inform', params: { role: 'monitor_guard', about: 'theft_reported' } },
      ],
      on: {
        monitoring_started: { actions: 'recordMonitoring' }, // 三.1 中控室
        injury_reported: { actions: 'recordInjury' }, // 三.6
        exits_closed: { actions: 'recordExitsClosed' }, // 三.7
      },
      initial: 'awaitingDispatch',
      states: {
        // 三.3: guards sent at once, the police called at the same time.
        awaitingDispatch: {
          after: { dispatch: { actions: { type: 'escalate', params: { timer: 'dispatch' } } } },
          on: { guards_dispatched: { target: 'securingScene', actions: 'recordDispatch' } },
        },
        // 三.4–三.5: stop the theft, catch the suspect if possible, or protect the scene.
        securingScene: {
          on: {
            scene_secured: [
              { guard: 'sceneNeedsPolice', target: 'awaitingPolice', actions: 'recordScene' },
              { guard: 'noTheftFound', target: '#mall-theft.reporting', actions: 'recordScene' },
            ],
          },
        },
        // 三.8: the security manager meets the police; a wait with an exit when they do not come.
        awaitingPolice: {
          after: { police_arrival: { actions: { type: 'escalate', params: { timer: 'police_arrival' } } } },
          on: {
            police_arrived: { target: '#mall-theft.reporting', actions: 'recordPolice' },
            police_not_coming: {
              target: '#mall-theft.reporting',
              actions: [
                'recordPoliceNotComing',
                { type: 'inform', params: { role: 'gm', about: 'police_not_coming' } },
              ],
            },
          },
        },
      },
    },
    // 三.9–三.11: losses and witnesses documented, the record kept, the report to 总经办.
    reporting: {
      after: { report: { actions: { type: 'escalate', params: { timer: 'report' } } } },
      on: {
        police_case_number_added: { guard: 'policeCame', actions: 'recordPoliceCaseNumber' },
        report_filed: {
          target: 'closed',
          actions: ['recordReport', { type: 'inform', params: { role: 'gm', about: 'report_filed' } }],
        },
      },
    },
    closed: { type: 'final' },
  },
});
