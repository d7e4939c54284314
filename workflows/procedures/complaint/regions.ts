// Regions and action helpers both versions of the complaint share, word for word (v1's machine.ts, v2/machine.ts).

/** Starts the policy's escalation ladder of `timer`. */
export const escalate = (timer: string) => ({ type: 'escalate', params: { timer } }) as const;
/** An in-app notice to `role` about `about`. */
export const inform = (role: string, about: string) => ({ type: 'inform', params: { role, about } }) as const;
// 规则 3: the day's call is made; the round's deadline is met though the calls go on in the same state.
export const followUpMet = { type: 'deadlineMet', params: { timer: 'follow_up' } } as const;

/** 规则 8: repair visits, asked for at intake or by the remedy (v1) / notice (v2). */
export const repairRegion = {
  initial: 'noVisitDue',
  states: {
    noVisitDue: { always: { guard: 'repairVisitDue', target: 'awaitingVisit' } },
    awaitingVisit: {
      initial: 'routing',
      on: { repair_visited: { target: 'noVisitDue', actions: 'recordRepairVisit' } },
      states: {
        routing: {
          always: [
            { guard: 'plumbingElectricalUnderRule8', target: 'plumbingElectrical' },
            { guard: 'otherRepairUnderRule8', target: 'otherRepair' },
            { target: 'noSeedDeadline' },
          ],
        },
        plumbingElectrical: {
          after: { repair_visit_utilities: { actions: escalate('repair_visit_utilities') } },
        },
        otherRepair: { after: { repair_visit_other: { actions: escalate('repair_visit_other') } } },
        // Under construction, not a construction site, or more than two months after handover.
        noSeedDeadline: {},
      },
    },
  },
} as const;

/** 规则 6: no follow-up calls for a customer who said so; otherwise customer service calls (state `calling`). */
export const followUpRouting = {
  routing: { always: [{ guard: 'declinedFollowUp', target: 'notWanted' }, { target: 'calling' }] },
  notWanted: {},
} as const;

/** 规则 3: a round a day; a round without a call escalates, and the next round starts from the last one's due time. */
export const followUpRounds = {
  follow_up: [
    {
      guard: 'noCallThisRound',
      target: 'calling',
      reenter: true,
      actions: [escalate('follow_up'), 'startNextFollowUpRound'],
    },
    { target: 'calling', reenter: true, actions: 'startNextFollowUpRound' },
  ],
} as const;

/** 二次投诉: each repeat is recorded (v1 charges it, v2 proposes its charge) and the owner is told. */
export const repeatsRegion = {
  initial: 'counting',
  states: {
    counting: {
      on: {
        repeat_complaint_received: {
          guard: 'repeatReasonApplies',
          actions: ['recordRepeat', 'informOwnerOfRepeat'],
        },
      },
    },
  },
} as const;
