import { assign, setup } from 'xstate';
import type { z } from 'zod';
import {
  dataGuard,
  deadline,
  done,
  engineActions,
  eventOf,
  recorded,
  type CaseMachineInput,
  type CasePolicy,
  type PersonFacts,
  type Recorded,
  type StepEventsOf,
} from '../../engine';
import type {
  CamerasTrackedSchema,
  CustomerInterceptedSchema,
  CustomerPaidSchema,
  DecisionMadeSchema,
  FemaleStaffPresentSchema,
  Gender,
  InterviewStartedSchema,
  ReportFiledSchema,
  SuspectLeftSchema,
  SuspectNoticedSchema,
  SuspicionDroppedSchema,
  TheftConfirmedSchema,
  events,
} from './events';

export interface StoreTheftContext {
  policy: CasePolicy;
  location: string;
  description: string;
  noticedAt: number;
  /** From the intake when seen, then as recorded when the customer refuses; the office rule reads it. */
  customerGender: Gender | null;
  cameras: Recorded<typeof CamerasTrackedSchema> | null;
  theft: Recorded<typeof TheftConfirmedSchema> | null;
  squadLeaderArrivedAt: number | null;
  interceptions: Array<Recorded<typeof CustomerInterceptedSchema>>;
  payment: Recorded<typeof CustomerPaidSchema> | null;
  /** When the customer went to the office: from then on they are kept only by their own will. */
  officeAt: number | null;
  femaleStaff: Recorded<typeof FemaleStaffPresentSchema> | null;
  interview: Recorded<typeof InterviewStartedSchema> | null;
  decision: Recorded<typeof DecisionMadeSchema> | null;
  /** Total value of the goods in the decision, yuan. */
  goodsValue: number | null;
  suspectLeft: Recorded<typeof SuspectLeftSchema> | null;
  suspicionDropped: Recorded<typeof SuspicionDroppedSchema> | null;
  report: Recorded<typeof ReportFiledSchema> | null;
  /** 严禁搜身 (5.1.3 4)): no step can record a search, and the case says none took place. */
  searchPerformed: false;
}

type StoreTheftEvent = StepEventsOf<typeof events>;

// Sums in fen so that 0.1 + 0.2 stays 0.3.
/**
 * The police were involved: the suspect was handed to them (预案 4, 8) or they were called when the suspect left
 * (预案 3, 5). Only then may a police case number be added after the case closed (issue 18 point 2).
 */
export const policeInvolved = (context: StoreTheftContext): boolean =>
  context.decision?.outcome === 'handed_to_police' || context.suspectLeft?.policeCalled === true;

const totalValue = (goods: ReadonlyArray<{ value: number }> | undefined): number | null =>
  goods === undefined ? null : goods.reduce((fen, line) => fen + Math.round(line.value * 100), 0) / 100;

// Nobody is stopped from leaving; the security captain hears of it at once.
const suspectLeftActions = [
  'recordSuspectLeft',
  { type: 'inform', params: { role: 'security_captain', about: 'suspect_left' } },
] as const;

/** The staff record a version 2 or 3 step names in `staffId` (EventSpec.people), if the API handed one over. */
function namedStaff(event: StoreTheftEvent): (PersonFacts & { id: string }) | undefined {
  const id = (event.data as { staffId?: unknown }).staffId;
  const facts = typeof id === 'string' ? event.people?.[id] : undefined;
  return facts && typeof id === 'string' ? { ...facts, id } : undefined;
}

/**
 * The female staff member as a version 3 case records her: the step's user id and note, her name and gender as the
 * staff records gave them (StepEvent.people), who sent the step and when — the shape version 2's stamped steps had.
 */
function femaleStaffOf(event: StoreTheftEvent): Recorded<typeof FemaleStaffPresentSchema> {
  const person = namedStaff(event);
  if (person?.gender !== 'female') throw new Error('female_staff_present names no female staff member of the site');
  const { note } = event.data as { note?: string };
  return {
    staffId: person.id,
    staffName: person.name,
    gender: 'female',
    ...(note === undefined ? {} : { note }),
    ...done(eventOf(event, 'female_staff_present')),
  };
}

/**
 * Version 2's female staff record: the step's data with her name and gender from the staff record it carries
 * (replacing anything typed), or as recorded when it carries none — the steps recorded while an API check stamped them
 * into the data, which replay as they ran.
 */
function stampedFemaleStaff(event: StoreTheftEvent): Recorded<typeof FemaleStaffPresentSchema> {
  const step = recorded(eventOf(event, 'female_staff_present'));
  const person = namedStaff(event);
  if (!person) return step;
  const { gender: _typed, ...rest } = step;
  return { ...rest, staffName: person.name, ...(person.gender ? { gender: person.gender } : {}) } as Recorded<
    typeof FemaleStaffPresentSchema
  >;
}

/**
 * Store theft interception (商场偷盗处理), procedures.md §3; step numbers are the seed's. Version 1's machine, and
 * (`version` 3) the one whose female staff member is a person the staff records give as female (偷盗 5.1.3 4)).
 */
const storeTheftMachineOf = (version: 1 | 2 | 3) =>
  setup({
    types: {
      context: {} as StoreTheftContext,
      events: {} as StoreTheftEvent,
      input: {} as CaseMachineInput<z.infer<typeof SuspectNoticedSchema>>,
    },
    actions: {
      ...engineActions,
      recordCameras: assign({ cameras: ({ event }) => recorded(eventOf(event, 'cameras_tracked')) }),
      recordTheft: assign({ theft: ({ event }) => recorded(eventOf(event, 'theft_confirmed')) }),
      recordSuspicionDropped: assign({
        suspicionDropped: ({ event }) => recorded(eventOf(event, 'suspicion_dropped')),
      }),
      recordSquadLeaderArrival: assign({ squadLeaderArrivedAt: ({ event }) => event.at }),
      recordInterception: assign({
        interceptions: ({ context, event }) => [
          ...context.interceptions,
          recorded(eventOf(event, 'customer_intercepted')),
        ],
      }),
      recordPayment: assign({ payment: ({ event }) => recorded(eventOf(event, 'customer_paid')) }),
      recordRefusal: assign({
        customerGender: ({ event }) => eventOf(event, 'customer_refused').data.customerGender,
        officeAt: ({ event }) => event.at,
      }),
      recordFemaleStaff: assign({
        femaleStaff: ({ event }) =>
          version >= 3
            ? femaleStaffOf(event)
            : version === 2
              ? stampedFemaleStaff(event)
              : recorded(eventOf(event, 'female_staff_present')),
      }),
      recordInterview: assign({ interview: ({ event }) => recorded(eventOf(event, 'interview_started')) }),
      recordDecision: assign(({ event }) => {
        const decision = recorded(eventOf(event, 'decision_made'));
        return { decision, goodsValue: totalValue('goods' in decision ? decision.goods : undefined) };
      }),
      recordSuspectLeft: assign({ suspectLeft: ({ event }) => recorded(eventOf(event, 'suspect_left')) }),
      recordReport: assign({ report: ({ event }) => recorded(eventOf(event, 'report_filed')) }),
    },
    guards: {
      // 5.1.3 4): 如顾客为女性,在办公室询问时,必须要有女性工作人员在场. Unknown gender counts as female.
      femaleStaffPresentForFemaleCustomer: ({ context }) =>
        context.customerGender === 'male' ||
        (version >= 2 ? context.femaleStaff?.gender === 'female' : context.femaleStaff !== null),
      // 5.1.3 4), version 3: the person named is on the site's staff and the staff records give her as female.
      femaleByStaffRecords: dataGuard(({ event }) => namedStaff(event)?.gender === 'female'),
    },
    delays: {
      // Counted from theft_confirmed, which enters the state that owns each deadline (the default anchor).
      squad_leader_arrival: deadline<StoreTheftContext>('squad_leader_arrival'),
      // Counted from the customer entering the office: waiting for female staff is time held too.
      interview_decision: deadline<StoreTheftContext>('interview_decision'),
      report: deadline<StoreTheftContext>('report'),
    },
  }).createMachine({
    id: 'store-theft',
    context: ({ input }) => ({
      policy: input.policy,
      location: input.data.location,
      description: input.data.description,
      noticedAt: input.startedAt,
      customerGender: input.data.suspectGender === 'unknown' ? null : input.data.suspectGender,
      cameras: null,
      theft: null,
      squadLeaderArrivedAt: null,
      interceptions: [],
      payment: null,
      officeAt: null,
      femaleStaff: null,
      interview: null,
      decision: null,
      goodsValue: null,
      suspectLeft: null,
      suspicionDropped: null,
      report: null,
      searchPerformed: false,
    }),
    initial: 'tailingSuspect',
    states: {
      // 5.1.1: a guard tails the suspect; every post has the features; the monitoring room follows on camera (预案 1).
      tailingSuspect: {
        entry: { type: 'inform', params: { role: 'monitor_guard', about: 'suspect_noticed' } },
        on: {
          cameras_tracked: { actions: 'recordCameras' },
          // 5.1.2: report to the squad leader and warn the gate, briefly and in code words.
          theft_confirmed: {
            target: 'theftConfirmed',
            actions: [
              'recordTheft',
              { type: 'inform', params: { role: 'squad_leader', about: 'theft_confirmed' } },
              { type: 'inform', params: { role: 'gate_guard', about: 'theft_confirmed' } },
            ],
          },
          suspicion_dropped: { target: 'closedNoTheft', actions: 'recordSuspicionDropped' },
        },
      },
      // From the confirmed theft to the decision the squad leader's arrival runs beside the customer's path.
      theftConfirmed: {
        type: 'parallel',
        on: { cameras_tracked: { actions: 'recordCameras' } },
        states: {
          squadLeader: {
            initial: 'awaitingSquadLeader',
            states: {
              // 5.1.3: 班长应立即赶到现场 — on scene within the policy's minutes, else the ladder runs.
              awaitingSquadLeader: {
                after: {
                  squad_leader_arrival: { actions: { type: 'escalate', params: { timer: 'squad_leader_arrival' } } },
                },
                on: { squad_leader_arrived: { target: 'squadLeaderOnScene', actions: 'recordSquadLeaderArrival' } },
              },
              squadLeaderOnScene: {},
            },
          },
          customer: {
            initial: 'awaitingInterception',
            states: {
              // 5.1.3: the gate is on alert; the guard keeps a discreet distance until the customer heads out unpaid.
              awaitingInterception: {
                on: {
                  customer_intercepted: { target: 'customerIntercepted', actions: 'recordInterception' },
                  suspicion_dropped: { target: '#store-theft.closedNoTheft', actions: 'recordSuspicionDropped' },
                  suspect_left: { target: '#store-theft.reporting', actions: suspectLeftActions },
                },
              },
              // 5.1.3 1)–3): the reminder script, then the customer pays or refuses.
              customerIntercepted: {
                on: {
                  // Reminded on the way, then again at the exit.
                  customer_intercepted: { actions: 'recordInterception' },
                  customer_paid: { target: '#store-theft.closedPaidAtTill', actions: 'recordPayment' },
                  customer_refused: {
                    target: 'inOffice',
                    actions: [
                      'recordRefusal',
                      // 立即上报部门负责人,请营运部负责人协助处理.
                      { type: 'inform', params: { role: 'security_captain', about: 'customer_refused' } },
                      { type: 'inform', params: { role: 'ops_manager', about: 'customer_refused' } },
                    ],
                  },
                  suspect_left: { target: '#store-theft.reporting', actions: suspectLeftActions },
                },
              },
              // 5.1.3 4): the office. No one is held against their will: 30 min without a decision alerts the captain.
              inOffice: {
                after: {
                  interview_decision: { actions: { type: 'escalate', params: { timer: 'interview_decision' } } },
                },
                on: { suspect_left: { target: '#store-theft.reporting', actions: suspectLeftActions } },
                initial: 'awaitingInterview',
                states: {
                  awaitingInterview: {
                    on: {
                      female_staff_present:
                        version >= 3
                          ? { guard: 'femaleByStaffRecords', actions: 'recordFemaleStaff' }
                          : { actions: 'recordFemaleStaff' },
                      interview_started: {
                        guard: 'femaleStaffPresentForFemaleCustomer',
                        target: 'interviewing',
                        actions: 'recordInterview',
                      },
                    },
                  },
                  interviewing: {
                    on: {
                      // 5.1.4 / 预案 4, 8, 9: settled, handed to police or released; every one is reported.
                      decision_made: {
                        target: '#store-theft.reporting',
                        actions: [
                          'recordDecision',
                          { type: 'inform', params: { role: 'security_captain', about: 'decision_made' } },
                        ],
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      // 预案 10–11: the security department reports the incident to the general manager's office.
      reporting: {
        after: { report: { actions: { type: 'escalate', params: { timer: 'report' } } } },
        on: { report_filed: { target: 'closedReported', actions: 'recordReport' } },
      },
      closedPaidAtTill: { type: 'final' },
      closedNoTheft: { type: 'final' },
      closedReported: { type: 'final' },
    },
  });

/** Store theft interception (商场偷盗处理), version 1: a typed name and gender for the female staff member. */
export const storeTheftMachine = storeTheftMachineOf(1);

/**
 * Version 2: the same machine, but the female staff member counts only when her record says `gender: 'female'`. Until
 * version 3 an API middleware checked the staff records and stamped her name and gender into the step; the recorded
 * steps keep what it wrote, so version 2 replays on its own data. Its steps since carry her staff record (the engine's
 * `people` facts), from which the name and gender are recorded. 5.1.3 4): 如顾客为女性,在办公室询问时,必须要有女性工作人员在场.
 */
export const storeTheftMachineV2 = storeTheftMachineOf(2);

/**
 * Version 3 (issue 18): the female staff member is named by user id and judged by the machine on the staff records the
 * step carries (EventSpec.people): a step naming someone the records do not give as female is refused (rule
 * femaleByStaffRecords), and a female customer's interview starts only after one that passed. 5.1.3 4).
 */
export const storeTheftMachineV3 = storeTheftMachineOf(3);
