import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  done,
  engineActions,
  eventOf,
  type CaseMachineInput,
  type CasePolicy,
  type Done,
  type StepEventsOf,
} from '../../engine';
import {
  reportKinds,
  searchItems,
  type AlarmOpenedSchema,
  type OutcomeRecordedSchema,
  type PoliceArrivedSchema,
  type ReportKind,
  type SearchItem,
  type VerdictGivenSchema,
  type events,
} from './events';

export interface PerimeterContext {
  policy: CasePolicy;
  zone: string;
  source: 'panel' | 'manual';
  alarmAt: number;
  patrol: string[];
  climbingSeen: boolean | null;
  arrivedAt: number | null;
  verdict: z.infer<typeof VerdictGivenSchema> | null;
  checklist: Partial<Record<SearchItem, Done>>;
  outcome: z.infer<typeof OutcomeRecordedSchema> | null;
  police: z.infer<typeof PoliceArrivedSchema> | null;
  reports: Partial<Record<ReportKind, Done>>;
}

type PerimeterEvent = StepEventsOf<typeof events>;

const verdictOf = (event: PerimeterEvent) => eventOf(event, 'verdict_given').data.verdict;
const outcomeOf = (event: PerimeterEvent) => eventOf(event, 'outcome_recorded').data;
const reportOf = (event: PerimeterEvent) => eventOf(event, 'report_filed').data.report;

/** A new case's context (version 1's fields; version 2 adds its own): the alarm's zone and time, nothing done yet. */
export function perimeterContextOf(input: CaseMachineInput<z.infer<typeof AlarmOpenedSchema>>): PerimeterContext {
  return {
    policy: input.policy,
    zone: input.data.zone,
    source: input.data.source,
    alarmAt: input.startedAt,
    patrol: [],
    climbingSeen: null,
    arrivedAt: null,
    verdict: null,
    checklist: {},
    outcome: null,
    police: null,
    reports: {},
  };
}

/** The reports filed so far with the report of `event` added, stamped with who filed it and when. */
export const reportsWith = (
  reports: PerimeterContext['reports'],
  event: { data: { report: ReportKind }; actor: { id: string; role: string }; at: number },
): PerimeterContext['reports'] => ({ ...reports, [event.data.report]: done(event) });

/** Perimeter alarm response (周界报警应急处理), procedures.md §2; step numbers are the seed's. */
export const perimeterAlarmMachine = setup({
  types: {
    context: {} as PerimeterContext,
    events: {} as PerimeterEvent,
    input: {} as CaseMachineInput<z.infer<typeof AlarmOpenedSchema>>,
  },
  actions: {
    ...engineActions,
    recordReport: assign({
      reports: ({ context, event }) => reportsWith(context.reports, eventOf(event, 'report_filed')),
    }),
  },
  guards: {
    saysFalseAlarm: dataGuard(({ event }) => verdictOf(event) === 'false_alarm'),
    saysIntrusion: dataGuard(({ event }) => verdictOf(event) === 'intrusion'),
    // Nothing found may be recorded only after every search item is ticked (steps 8–10).
    nothingFoundAfterFullSearch: dataGuard(
      ({ context, event }) =>
        outcomeOf(event).outcome === 'nothing_found' && searchItems.every((item) => context.checklist[item]),
    ),
    // Police come when the thief is caught (step 12), or with the resident's consent (step 11.3).
    policeToBeCalled: dataGuard(({ event }) => {
      const data = outcomeOf(event);
      return (
        data.outcome === 'thief_caught' || (data.outcome === 'theft_thief_not_caught' && data.residentConsentsToPolice)
      );
    }),
    theftWithoutPolice: dataGuard(({ event }) => {
      const data = outcomeOf(event);
      return data.outcome === 'theft_thief_not_caught' && !data.residentConsentsToPolice;
    }),
    reportNotYetFiled: dataGuard(({ context, event }) => {
      const kind = reportOf(event);
      return kind !== undefined && !context.reports[kind];
    }),
    // The case closes with the last of the three reports.
    completesReports: dataGuard(({ context, event }) => {
      const kind = reportOf(event);
      return kind !== undefined && !context.reports[kind] && reportKinds.every((k) => k === kind || context.reports[k]);
    }),
  },
  delays: {
    dispatch: deadline<PerimeterContext>('dispatch', (context) => context.alarmAt),
    // "The patrol reaches the alarm point within 5 minutes" counts from the alarm (step 2).
    patrol_arrival: deadline<PerimeterContext>('patrol_arrival', (context) => context.alarmAt),
    report: deadline<PerimeterContext>('report'),
  },
}).createMachine({
  id: 'perimeter-alarm',
  context: ({ input }) => perimeterContextOf(input),
  on: {
    // Step 3: the monitoring room tracks the zone's cameras throughout and reports climbing to the squad leader.
    cameras_tracked: {
      actions: [
        assign({ climbingSeen: ({ event }) => event.data.climbingSeen }),
        { type: 'inform', params: { role: 'squad_leader', about: 'cameras_tracked' } },
      ],
    },
  },
  initial: 'responding',
  states: {
    responding: {
      after: { patrol_arrival: { actions: { type: 'escalate', params: { timer: 'patrol_arrival' } } } },
      on: {
        patrol_arrived: { target: 'assessing', actions: assign({ arrivedAt: ({ event }) => event.at }) },
      },
      initial: 'awaitingDispatch',
      states: {
        // Step 1: the monitoring guard radios the squad leader and the zone's patrol.
        awaitingDispatch: {
          after: { dispatch: { actions: { type: 'escalate', params: { timer: 'dispatch' } } } },
          on: {
            patrol_dispatched: {
              target: 'awaitingPatrol',
              actions: assign({ patrol: ({ event }) => event.data.patrol }),
            },
          },
        },
        // Step 2: the patrol is on its way.
        awaitingPatrol: {},
      },
    },
    // Verdict on scene: false alarm or intrusion (三.3, steps 4–6).
    assessing: {
      on: {
        verdict_given: [
          {
            guard: 'saysFalseAlarm',
            target: 'closedFalseAlarm',
            actions: assign({ verdict: ({ event }) => event.data }),
          },
          {
            guard: 'saysIntrusion',
            target: 'searching',
            actions: [
              assign({ verdict: ({ event }) => event.data }),
              { type: 'inform', params: { role: 'security_captain', about: 'intrusion' } },
              { type: 'inform', params: { role: 'office_director', about: 'intrusion' } },
            ],
          },
        ],
      },
    },
    // Steps 8–10: the search checklist, each item ticked with who and when.
    searching: {
      on: {
        search_item_done: {
          actions: assign({
            checklist: ({ context, event }) => ({ ...context.checklist, [event.data.item]: done(event) }),
          }),
        },
        outcome_recorded: [
          {
            guard: 'nothingFoundAfterFullSearch',
            target: 'reporting',
            actions: assign({ outcome: ({ event }) => event.data }),
          },
          {
            guard: 'policeToBeCalled',
            target: 'awaitingPolice',
            actions: [
              assign({ outcome: ({ event }) => event.data }),
              { type: 'inform', params: { role: 'gate_guard', about: 'police_called' } },
            ],
          },
          { guard: 'theftWithoutPolice', target: 'reporting', actions: assign({ outcome: ({ event }) => event.data }) },
        ],
      },
    },
    // Steps 13–14: the gate guard leads the police in; record officer, badge and police case number.
    awaitingPolice: {
      on: { police_arrived: { target: 'reporting', actions: assign({ police: ({ event }) => event.data }) } },
    },
    // Steps 15–17: management briefed, investigation form, incident report.
    reporting: {
      after: { report: { actions: { type: 'escalate', params: { timer: 'report' } } } },
      on: {
        report_filed: [
          { guard: 'completesReports', target: 'closedReported', actions: 'recordReport' },
          { guard: 'reportNotYetFiled', actions: 'recordReport' },
        ],
      },
    },
    closedFalseAlarm: { type: 'final' },
    closedReported: { type: 'final' },
  },
});
