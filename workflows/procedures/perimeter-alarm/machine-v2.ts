import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  done,
  engineActions,
  eventOf,
  isProbe,
  recorded,
  type CaseMachineInput,
  type PersonFacts,
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import {
  commanderRanks,
  reportKinds,
  searchItems,
  type AlarmOpenedSchema,
  type OutcomeRecordedSchemaV2,
  type PoliceArrivedSchemaV2,
  type VerdictGivenSchemaV2,
  type PoliceNotComingSchema,
  type ResidentInformedSchema,
  type ReportKind,
  type eventsV2,
} from './events';
import { perimeterContextOf, reportsWith, type PerimeterContext } from './machine';

/** The on-scene commander (城市花园 四.2) as the staff records named them when they took command. */
export interface Commander {
  /** User id in the site's staff records. */
  id: string;
  name: string;
  /** Their highest commanding role at the site (squad_leader < security_captain < office_director). */
  role: (typeof commanderRanks)[number];
  /** Workflow time (epoch ms) they took command. */
  since: number;
}

/**
 * What a version 2 case keeps: version 1's record, with the commander as a person of the site, customer service's
 * notice to the resident, the police's absence and a case number added later.
 */
export interface PerimeterContextV2 extends Omit<PerimeterContext, 'police' | 'verdict' | 'outcome'> {
  verdict: z.infer<typeof VerdictGivenSchemaV2> | null;
  outcome: z.infer<typeof OutcomeRecordedSchemaV2> | null;
  commander: Commander | null;
  resident: Recorded<typeof ResidentInformedSchema> | null;
  police: Recorded<typeof PoliceArrivedSchemaV2> | null;
  policeNotComing: Recorded<typeof PoliceNotComingSchema> | null;
  /** The police case number, from the arrival step or added later (the latest one given). */
  policeCaseNumber: string | null;
}

type PerimeterEventV2 = StepEventsOf<typeof eventsV2>;
type PerimeterInput = CaseMachineInput<z.infer<typeof AlarmOpenedSchema>>;

/** Rank of the highest commanding role among `roles`: 0 for none, 1 squad leader … 3 office director. */
const rankOf = (roles: readonly string[]): number =>
  Math.max(0, ...roles.map((role) => commanderRanks.indexOf(role as (typeof commanderRanks)[number]) + 1));

/** The staff record of the commander an event names (its `commander` field), if the API found one. */
function namedCommander(event: PerimeterEventV2): (PersonFacts & { id: string }) | undefined {
  const id = (event.data as { commander?: unknown }).commander;
  const facts = typeof id === 'string' ? event.people?.[id] : undefined;
  return facts && typeof id === 'string' ? { ...facts, id } : undefined;
}

/** The commander an accepted event names, stamped with the time they took command. */
function commanderOf(event: PerimeterEventV2): Commander {
  const person = namedCommander(event);
  if (!person) throw new Error(`event ${event.type} names no commander on the staff records`);
  return { id: person.id, name: person.name, role: commanderRanks[rankOf(person.roles) - 1]!, since: event.at };
}

/**
 * A guard on who sends a step, by person. The engine lists allowed steps with a probe that carries a role but no
 * person: the probe passes for the roles that could be that person (`roles`), the real step is judged by `check`.
 */
const senderGuard =
  (roles: readonly string[], check: (args: { context: PerimeterContextV2; event: PerimeterEventV2 }) => boolean) =>
  (args: { context: PerimeterContextV2; event: PerimeterEventV2 }): boolean =>
    isProbe(args.event) ? roles.includes(args.event.actor.role) : check(args);

const reportOf = (event: PerimeterEventV2) => eventOf(event, 'report_filed').data.report;
const outcomeOf = (event: PerimeterEventV2) => eventOf(event, 'outcome_recorded').data;
const residentOf = (event: PerimeterEventV2) => eventOf(event, 'resident_informed').data;
const byCommander = (context: PerimeterContextV2, event: PerimeterEventV2) =>
  context.commander !== null && event.actor.id === context.commander.id;

/**
 * 七.4, 四.2: an intrusion is declared by the squad leader or above, naming a commander of the site's staff who ranks at
 * least as high as whoever declares (both are on scene).
 */
function intrusionBySquadLeaderOrAbove(event: PerimeterEventV2): boolean {
  const data = eventOf(event, 'verdict_given').data;
  const commander = namedCommander(event);
  return (
    data.verdict === 'intrusion' &&
    rankOf([event.actor.role]) > 0 &&
    commander !== undefined &&
    rankOf(commander.roles) >= rankOf([event.actor.role])
  );
}

/** 四.2, 七.7: the person `event` names is of the staff and outranks the commander. */
function outranks(context: PerimeterContextV2, event: PerimeterEventV2): boolean {
  const commander = namedCommander(event);
  return commander !== undefined && rankOf(commander.roles) > rankOf([context.commander?.role ?? '']);
}

/** Whether the report of `event` is of `kind`, not filed yet, and (with `closes`) the last of the three. */
function reportStep(kind: ReportKind, closes: boolean) {
  return ({ context, event }: { context: PerimeterContextV2; event: PerimeterEventV2 }) =>
    reportOf(event) === kind &&
    !context.reports[kind] &&
    reportKinds.every((k) => k === kind || Boolean(context.reports[k])) === closes;
}

/** The report guards: each report's kind, its filer (城市花园 七.15–17) and whether it is the last. */
const reportGuards = {
  // 七.15: the commander or the 管理处主任/经理 reports the result to senior management.
  resultByCommanderOrDirector: reportStep('senior_management', false),
  resultByCommanderOrDirectorCloses: reportStep('senior_management', true),
  // 七.16: customer service fills 《突发事件调查表》 and tells the customer's unit.
  formByCustomerService: reportStep('investigation_form', false),
  formByCustomerServiceCloses: reportStep('investigation_form', true),
  // 七.17: the commander writes the incident report 事故报告 for management.
  incidentReportByCommander: reportStep('incident_report', false),
  incidentReportByCommanderCloses: reportStep('incident_report', true),
};
const filers: Record<
  string,
  { roles: readonly string[]; may: (c: PerimeterContextV2, e: PerimeterEventV2) => boolean }
> = {
  resultByCommanderOrDirector: {
    roles: commanderRanks,
    may: (c, e) => byCommander(c, e) || e.actor.role === 'office_director',
  },
  formByCustomerService: { roles: ['cs_agent'], may: (_c, e) => e.actor.role === 'cs_agent' },
  incidentReportByCommander: { roles: commanderRanks, may: byCommander },
};
// Each report guard: the report's data (judged on the real step), then its filer (judged on the probe by role too).
const guardedReports = Object.fromEntries(
  Object.entries(reportGuards).map(([name, isReport]) => {
    const filer = filers[name.replace(/Closes$/, '')]!;
    return [name, senderGuard(filer.roles, (args) => isReport(args) && filer.may(args.context, args.event))] as const;
  }),
) as Record<keyof typeof reportGuards, ReturnType<typeof senderGuard>>;

/** The engine's `escalate` action for deadline `timer`: its policy ladder starts. */
const escalate = (timer: string) => ({ type: 'escalate' as const, params: { timer } });

const informAll = (roles: readonly string[], about: string) =>
  roles.map((role) => ({ type: 'inform' as const, params: { role, about } }));

/**
 * Perimeter alarm response (周界报警应急处理), version 2 (issue 18). Version 1 (machine.ts) stays as open v1 cases run
 * it. What changes, each rule citing its clause of 城市花园盗窃事件应急处理预案: the commander is a person of the site's
 * staff; only the squad leader and above declare an intrusion; progress and management reports are delivered as
 * notices; customer service gives the resident's notice; the wait on the police has a deadline, a ladder and an exit;
 * the police case number may come later; the apartment-entry tick is needed only where the site has apartments.
 */
/**
 * The police were called (七.12, 七.11.3): they came, or a commander recorded that they are not coming. Only then is
 * there a police case number to add, while the case runs or after it closed (issue 18 point 2).
 */
export const policeWereCalled = (context: PerimeterContextV2): boolean =>
  context.police !== null || context.policeNotComing !== null;

const perimeterAlarmMachineOf = (version: 2 | 3) =>
  setup({
    types: { context: {} as PerimeterContextV2, events: {} as PerimeterEventV2, input: {} as PerimeterInput },
    actions: {
      ...engineActions,
      recordReport: assign({
        reports: ({ context, event }) => reportsWith(context.reports, eventOf(event, 'report_filed')),
      }),
      recordPatrol: assign({ patrol: ({ event }) => eventOf(event, 'patrol_dispatched').data.patrol }),
      recordArrival: assign({ arrivedAt: ({ event }) => eventOf(event, 'patrol_arrived').at }),
      recordClimbing: assign({ climbingSeen: ({ event }) => eventOf(event, 'cameras_tracked').data.climbingSeen }),
      recordVerdict: assign({ verdict: ({ event }) => eventOf(event, 'verdict_given').data }),
      recordCommander: assign({ commander: ({ event }) => commanderOf(event) }),
      recordSearchItem: assign({
        checklist: ({ context, event }) => {
          const e = eventOf(event, 'search_item_done');
          return { ...context.checklist, [e.data.item]: done(e) };
        },
      }),
      recordOutcome: assign({ outcome: ({ event }) => eventOf(event, 'outcome_recorded').data }),
      recordResident: assign({ resident: ({ event }) => recorded(eventOf(event, 'resident_informed')) }),
      recordPolice: assign({
        police: ({ event }) => recorded(eventOf(event, 'police_arrived')),
        policeCaseNumber: ({ event }) => eventOf(event, 'police_arrived').data.policeCaseNumber ?? null,
      }),
      recordPoliceAbsence: assign({ policeNotComing: ({ event }) => recorded(eventOf(event, 'police_not_coming')) }),
      recordCaseNumber: assign({
        policeCaseNumber: ({ event }) => eventOf(event, 'police_case_number_added').data.policeCaseNumber,
      }),
    },
    guards: {
      saysFalseAlarm: dataGuard(({ event }) => eventOf(event, 'verdict_given').data.verdict === 'false_alarm'),
      // 七.4: declaring an intrusion (and telling the captain) is the squad leader's duty, not the patrol guard's; 四.2:
      // the commander named is on the site's staff and ranks at least as high as whoever declares (both are on scene).
      intrusionBySquadLeaderOrAbove: senderGuard(commanderRanks, ({ event }) => intrusionBySquadLeaderOrAbove(event)),
      // 四.2, 七.7: command passes only to someone of the staff who outranks the commander.
      outranksCommander: dataGuard(({ context, event }) => outranks(context, event)),
      // Version 3, 七.4: 辖区内职务最高人员 — the commander is also a person on duty at the site when named (the roster's
      // fact recorded with the step; a person none of whose roles the roster lists is not judged on it).
      intrusionByCommanderOnDuty: senderGuard(
        commanderRanks,
        ({ event }) => intrusionBySquadLeaderOrAbove(event) && namedCommander(event)?.onDuty !== false,
      ),
      outranksCommanderOnDuty: dataGuard(
        ({ context, event }) => outranks(context, event) && namedCommander(event)?.onDuty !== false,
      ),
      // 七.6: the commander reports progress.
      fromCommander: senderGuard(commanderRanks, ({ context, event }) => byCommander(context, event)),
      // 七.8–10 then "nothing found": every search item, the apartments' only where the site has apartments (七.9).
      nothingFoundAfterFullSearch: dataGuard(
        ({ context, event }) =>
          outcomeOf(event).outcome === 'nothing_found' &&
          searchItems.every(
            (item) =>
              context.checklist[item] ||
              (item === 'apartment_entry_controlled' && context.policy.thresholds.hasApartments === 0),
          ),
      ),
      // 七.12: a caught thief is handed to the police.
      thiefCaught: dataGuard(({ event }) => outcomeOf(event).outcome === 'thief_caught'),
      theftThiefNotCaught: dataGuard(({ event }) => outcomeOf(event).outcome === 'theft_thief_not_caught'),
      // 七.11.3: the police are called after asking the resident.
      residentConsentsToPolice: dataGuard(({ event }) => residentOf(event).residentConsentsToPolice),
      residentDeclinesPolice: dataGuard(({ event }) => !residentOf(event).residentConsentsToPolice),
      // A number can only be added where the police were called.
      policeWereCalled: ({ context }) => policeWereCalled(context),
      ...guardedReports,
    },
    delays: {
      dispatch: deadline<PerimeterContextV2>('dispatch', (context) => context.alarmAt),
      // 七.2 (and 四.4): the patrol reaches the alarm point within 5 minutes of the alarm.
      patrol_arrival: deadline<PerimeterContextV2>('patrol_arrival', (context) => context.alarmAt),
      // 七.11.2: customer service tells the resident at once.
      resident_notice: deadline<PerimeterContextV2>('resident_notice'),
      // The police are waited for from the call (policy: the seed gives no time).
      police_arrival: deadline<PerimeterContextV2>('police_arrival'),
      report: deadline<PerimeterContextV2>('report'),
    },
  }).createMachine({
    id: 'perimeter-alarm',
    context: ({ input }) => ({
      ...perimeterContextOf(input),
      verdict: null,
      outcome: null,
      commander: null,
      resident: null,
      police: null,
      policeNotComing: null,
      policeCaseNumber: null,
    }),
    on: {
      // 七.3: the monitoring room tracks the zone's cameras throughout and reports climbing to the squad leader.
      cameras_tracked: { actions: ['recordClimbing', ...informAll(['squad_leader'], 'cameras_tracked')] },
    },
    initial: 'responding',
    states: {
      responding: {
        after: { patrol_arrival: { actions: escalate('patrol_arrival') } },
        on: {
          patrol_arrived: { target: 'assessing', actions: 'recordArrival' },
        },
        initial: 'awaitingDispatch',
        states: {
          // 七.1: the monitoring guard radios the squad leader and the zone's patrol.
          awaitingDispatch: {
            after: { dispatch: { actions: escalate('dispatch') } },
            on: {
              patrol_dispatched: { target: 'awaitingPatrol', actions: 'recordPatrol' },
            },
          },
          // 七.2: the patrol is on its way.
          awaitingPatrol: {},
        },
      },
      // Verdict on scene: false alarm (范本 三.3) or intrusion (七.4–6).
      assessing: {
        on: {
          verdict_given: [
            { guard: 'saysFalseAlarm', target: 'closedFalseAlarm', actions: 'recordVerdict' },
            {
              guard: version >= 3 ? 'intrusionByCommanderOnDuty' : 'intrusionBySquadLeaderOrAbove',
              target: 'commanding',
              actions: [
                'recordVerdict',
                'recordCommander',
                // 七.4: the captain and 管理处 told; 七.6: the commander reports to the 主任/经理 and the 物业部经理.
                ...informAll(['security_captain', 'office_director', propertyManagerOf(version)], 'intrusion'),
              ],
            },
          ],
        },
      },
      // From the intrusion to the last report the case is under the on-scene commander (四.2).
      commanding: {
        on: {
          // 四.2, 七.7: the 主任/经理 (or the captain) arrives and takes command.
          command_taken_over: {
            guard: version >= 3 ? 'outranksCommanderOnDuty' : 'outranksCommander',
            actions: [
              'recordCommander',
              ...informAll(['office_director', propertyManagerOf(version)], 'command_taken_over'),
            ],
          },
          // 七.6: "随时报告处理进展" — each progress report goes to the 主任/经理 and the 物业部经理.
          progress_reported: {
            guard: 'fromCommander',
            actions: informAll(['office_director', propertyManagerOf(version)], 'progress_reported'),
          },
          // The police case number, when the police give it (often after they left).
          police_case_number_added: {
            guard: 'policeWereCalled',
            actions: 'recordCaseNumber',
          },
        },
        initial: 'searching',
        states: {
          // 七.8–10: the search checklist, each item ticked with who and when.
          searching: {
            on: {
              search_item_done: { actions: 'recordSearchItem' },
              outcome_recorded: [
                { guard: 'nothingFoundAfterFullSearch', target: 'reporting', actions: 'recordOutcome' },
                {
                  // 七.12: 人赃俱获, facts established, the police called.
                  guard: 'thiefCaught',
                  target: 'awaitingPolice',
                  actions: ['recordOutcome', ...informAll(['gate_guard'], 'police_called')],
                },
                {
                  // 七.11.1: scene sealed; customer service is asked to tell the resident (七.11.2).
                  guard: 'theftThiefNotCaught',
                  target: 'informingResident',
                  actions: ['recordOutcome', ...informAll(['cs_agent'], 'resident_to_inform')],
                },
              ],
            },
          },
          // 七.11.2–3: customer service tells the resident, who confirms the loss and is asked about the police.
          informingResident: {
            after: { resident_notice: { actions: escalate('resident_notice') } },
            on: {
              resident_informed: [
                {
                  guard: 'residentConsentsToPolice',
                  target: 'awaitingPolice',
                  // 七.13: the gate guard meets the police car.
                  actions: ['recordResident', ...informAll(['gate_guard'], 'police_called')],
                },
                { guard: 'residentDeclinesPolice', target: 'reporting', actions: 'recordResident' },
              ],
            },
          },
          // 七.13–14: the gate guard leads the police in. They may not come: the commander records why and goes on.
          awaitingPolice: {
            after: { police_arrival: { actions: escalate('police_arrival') } },
            on: {
              police_arrived: { target: 'reporting', actions: 'recordPolice' },
              police_not_coming: {
                target: 'reporting',
                actions: [
                  'recordPoliceAbsence',
                  ...informAll(['security_captain', 'office_director'], 'police_not_coming'),
                ],
              },
            },
          },
          // 七.15–17: management briefed, investigation form, incident report — each by its filer, each delivered.
          reporting: {
            after: { report: { actions: escalate('report') } },
            on: {
              report_filed: [
                {
                  guard: 'resultByCommanderOrDirectorCloses',
                  target: '#perimeter-alarm.closedReported',
                  actions: ['recordReport', ...informAll(['executive'], 'result_reported')],
                },
                {
                  guard: 'resultByCommanderOrDirector',
                  actions: ['recordReport', ...informAll(['executive'], 'result_reported')],
                },
                {
                  guard: 'formByCustomerServiceCloses',
                  target: '#perimeter-alarm.closedReported',
                  actions: 'recordReport',
                },
                { guard: 'formByCustomerService', actions: 'recordReport' },
                {
                  guard: 'incidentReportByCommanderCloses',
                  target: '#perimeter-alarm.closedReported',
                  actions: ['recordReport', ...informAll(['executive', 'gm'], 'incident_report_filed')],
                },
                {
                  guard: 'incidentReportByCommander',
                  actions: ['recordReport', ...informAll(['executive', 'gm'], 'incident_report_filed')],
                },
              ],
            },
          },
        },
      },
      closedFalseAlarm: { type: 'final' },
      closedReported: { type: 'final' },
    },
  });

/**
 * The role 七.6's reports go to: 物业部经理, the property department manager (version 3); version 2 sent them to the
 * department manager, who stood in for the role before the site role table had it.
 */
const propertyManagerOf = (version: 2 | 3) => (version >= 3 ? 'property_manager' : 'dept_manager');

/** Perimeter alarm response, version 2 (issue 18): see above. */
export const perimeterAlarmMachineV2 = perimeterAlarmMachineOf(2);

/**
 * Version 3 (issue 18): the commander named (at the intrusion, or taking over) must be on duty at the site by its
 * on-duty roster when the step comes (七.4 辖区内职务最高人员; the fact travels with the step, EventSpec.people); 七.6's
 * intrusion notice and progress reports go to the 物业部经理 (property_manager), not the department manager.
 */
export const perimeterAlarmMachineV3 = perimeterAlarmMachineOf(3);
