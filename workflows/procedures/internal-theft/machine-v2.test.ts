import { dueAt } from '../../calendar';
import { CaseCore } from '../../engine/case-core';
import { StepRejected } from '../../engine/errors';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath, stateKey } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { assistantSupervisorAndAbove, confidentialRolesV2, eventsV2 } from './events';
import { internalTheftMachineV2, type InternalTheftContext } from './machine';
import { AT, T0, intake, modelStep, sharedStepData, simplePaths } from './test-data';

// Version 2 of internal theft (issue 18): the outcome is the LP supervisor's proposal that company leadership decides
// (二.2(5)); the site's policy bounds what may be proposed; the employee's own account is a step (二.2(2)); a caught
// employee is handled by an assistant supervisor or above (二.2(1), (3)). Version 1's tests are in machine.test.ts.
const def = getProcedure('internal-theft', 2);
/** A v2 case start, reported by `by`, with the site's `thresholds` over the defaults. */
const reported = (extra: Record<string, unknown> = {}, by = 'cs_agent', thresholds: Record<string, number> = {}) => {
  const start = caseStart('internal-theft', intake(extra), undefined, 2);
  return {
    ...start,
    policy: { ...start.policy, thresholds: { ...start.policy.thresholds, ...thresholds } },
    startedBy: as(by),
  };
};

const data = {
  ...sharedStepData,
  account_given: { outcome: 'given', position: 'admits', summary: '我拿了两瓶酒,愿意赔偿' },
  account_declined: { outcome: 'declined', witnessedBy: '周宁' },
  // The seed's measures: dismissal, 2× compensation, the residence notice, handed to the police.
  full_proposal: {
    dismissal: true,
    compensationMultiple: 2,
    residenceNotice: true,
    referral: { grounds: ['uncooperative'], authority: '星河派出所' },
    reasoning: '拒不配合',
  },
  // No measure beyond what HR decides itself.
  mild_proposal: { dismissal: false, residenceNotice: false, reasoning: '初犯,已退赔' },
  approved: { decision: 'approved' },
  amended: {
    decision: 'amended',
    outcome: { dismissal: true, compensationMultiple: 1, residenceNotice: false },
    reasoning: '不通报,赔偿一倍',
  },
  refused: { decision: 'refused', reason: '证据链不完整,重新建议' },
  case_closed: { loss: '白酒两瓶 199.90 元,已追回', investigation: '监控取证,本人陈述', responsibility: '按领导决定' },
};

type Snap = { context: InternalTheftContext };
const step = modelStep;

// Every event a person could send from where v1's tests do not already reach (gathering is version 1's, tested there):
// one evidence item, one proposal of each kind, leadership refuses at most once, the reward after the notice or close.
function eventsFor({ context: c }: Snap) {
  return [
    step('goods_recovered', data.goods_recovered, 'lp_assistant_supervisor'),
    ...(c.evidence.length === 0 ? [step('evidence_added', data.evidence_added, 'lp_officer')] : []),
    step('reported_to_supervisor', data.reported_to_supervisor, 'lp_officer'),
    step('review_done', data.facts_established, 'lp_supervisor'),
    step('review_done', data.unfounded, 'lp_supervisor'),
    step('employee_account_recorded', data.account_given, 'lp_assistant_supervisor'),
    step('employee_account_recorded', data.account_declined, 'lp_supervisor'),
    step('outcome_proposed', data.full_proposal, 'lp_supervisor'),
    ...(c.proposals?.length === 0 ? [step('outcome_proposed', data.mild_proposal, 'lp_supervisor')] : []),
    step('leadership_decided', data.approved, 'executive'),
    step('leadership_decided', data.amended, 'executive'),
    ...(c.leadershipDecisions?.length === 0 ? [step('leadership_decided', data.refused, 'executive')] : []),
    step('reward_recorded', data.reward_recorded, 'lp_supervisor'),
    step('residence_notified', data.residence_notified, 'lp_supervisor'),
    step('case_closed', data.case_closed, 'lp_supervisor'),
  ];
}

// A compact state key for path finding: what the v2 rules care about, not the whole context.
const keyOf = (c: InternalTheftContext) => [
  c.goodsRecovered !== null,
  c.evidence.length,
  c.reviews.map((r) => r.verdict),
  c.employeeAccount?.outcome,
  c.proposals?.map((p) => p.dismissal),
  c.leadershipDecisions?.map((d) => d.decision),
  c.residenceNotice !== null,
  c.reward !== null,
];
const stateOf = (snapshot: { value: unknown; context: InternalTheftContext }) =>
  JSON.stringify([snapshot.value, ...keyOf(snapshot.context)]);

const starts = {
  'reported by an employee': reported(),
  'caught in the act by loss prevention': reported({ caughtInAct: true }, 'lp_officer'),
};
// Only the paths that end the case: the v2 invariants are about how it ends (the others are their prefixes).
const walks = simplePaths(internalTheftMachineV2, starts, eventsFor, stateOf).filter((w) =>
  ['closedDecided', 'closedUnfounded'].includes(stateKey(w.path.state.value)),
);

const title = (w: (typeof walks)[number]) =>
  `${w.name}: ` +
  w.path.steps
    .map((s) => {
      const d = (s.event as { data?: Record<string, unknown> }).data;
      const tag =
        d?.verdict ??
        d?.decision ??
        (typeof d?.outcome === 'string' ? d.outcome : undefined) ??
        (d && 'dismissal' in d ? `dismissal=${String(d.dismissal)}` : '');
      return [s.event.type, tag].filter(Boolean).join(':');
    })
    .join(' → ');

describe('internal-theft v2, every simple path to an end through the pure engine', () => {
  it('reaches both ends from both kinds of report, through every v2 state', () => {
    for (const name of Object.keys(starts)) {
      const ends = new Set(walks.filter((w) => w.name === name).map((w) => stateKey(w.path.state.value)));
      expect([...ends].sort()).toEqual(['closedDecided', 'closedUnfounded']);
    }
    const seen = new Set(walks.flatMap((w) => w.path.steps.map((s) => stateKey(s.state.value))));
    for (const state of ['hearingEmployee', 'proposing', 'awaitingLeadershipDecision', 'concluding'])
      expect(seen).toContain(state);
    // Version 1's decision states are gone.
    for (const state of ['deciding', 'awaitingLeadershipApproval']) expect(seen).not.toContain(state);
  });

  it.each(walks.map((w) => [title(w), w] as const))('%s', (_name, { start, path }) => {
    const opened = CaseCore.start(def, start, T0);
    walkPath(opened.core, path.steps, AT, ({ view: v, state, steps }) => {
      const c = v.context as unknown as Omit<InternalTheftContext, 'policy'>;
      const types = v.history.map((h) => h.type);
      expect(v.state).toBe(stateKey(state.value));
      // confidential: only loss prevention, its assistant supervisors and leadership act;
      for (const allowed of v.allowedEvents) expect(confidentialRolesV2).toEqual(expect.arrayContaining(allowed.roles));
      // a caught employee: goods recovered first, by an assistant supervisor or above (二.2(1));
      if (c.caughtInAct && steps) {
        expect(v.history[0]).toMatchObject({ type: 'goods_recovered' });
        expect(assistantSupervisorAndAbove).toContain(v.history[0]!.role);
      }
      // the employee is heard (or declines) before anything is proposed (二.2(2));
      if (types.includes('outcome_proposed'))
        expect(types.indexOf('employee_account_recorded')).toBeLessThan(types.indexOf('outcome_proposed'));
      // leadership's deadline runs exactly while a proposal waits for it;
      expect(v.timers.some((t) => t.id.startsWith('leadership_decision'))).toBe(
        v.state === 'awaitingLeadershipDecision',
      );
      // nothing is carried out before leadership decides (二.2(5)); what is in force is what it decided;
      const decisions = c.leadershipDecisions ?? [];
      if (c.outcome) {
        const last = decisions.at(-1)!;
        expect(last.decision).not.toBe('refused');
        expect(c.outcome.decidedBy).toMatchObject({ role: 'executive' });
        if (last.decision === 'approved') expect(c.outcome.dismissal).toBe(c.proposals!.at(-1)!.dismissal);
        else expect(c.outcome).toMatchObject({ dismissal: true, compensationMultiple: 1, residenceNotice: false });
      } else expect(['concluding', 'closedDecided']).not.toContain(v.state);
      // a refused proposal goes back to the supervisor;
      if (decisions.at(-1)?.decision === 'refused' && c.proposals!.length === decisions.length)
        expect(v.state).toBe('proposing');
      // the residence notice only when leadership's outcome has it (一.7);
      if (c.residenceNotice) expect(c.outcome?.residenceNotice).toBe(true);
      if (v.state === 'closedDecided') {
        expect(c.residenceNotice !== null).toBe(c.outcome!.residenceNotice);
        if (c.rewardDue) expect(c.reward).not.toBeNull();
      }
      if (v.state === 'closedUnfounded') expect([c.proposals, c.outcome, c.residenceNotice]).toEqual([[], null, null]);
      if (v.status === 'closed') expect(v.timers).toEqual([]);
    });
  });
});

describe('internal-theft v2 rules', () => {
  const open = (extra: Record<string, unknown> = {}, by = 'cs_agent', thresholds: Record<string, number> = {}) =>
    CaseCore.start(def, reported(extra, by, thresholds), T0);
  const apply = (core: CaseCore, type: string, d: Record<string, unknown>, role: string, at = AT) =>
    core.applyStep({ type, data: d, actor: as(role) }, at);
  const attempt = (core: CaseCore, type: string, d: Record<string, unknown>, role: string) =>
    rejectionOf(() => core.validate({ type, data: d, actor: as(role) }, AT));
  const ctx = (core: CaseCore) => core.view(AT).context as unknown as InternalTheftContext;
  /** A case at the proposal, with the site's `thresholds`. */
  const proposing = (thresholds: Record<string, number> = {}) => {
    const { core } = open({}, 'cs_agent', thresholds);
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    apply(core, 'review_done', data.facts_established, 'lp_supervisor');
    apply(core, 'employee_account_recorded', data.account_declined, 'lp_assistant_supervisor');
    return core;
  };

  it('new cases get version 2; version 1 stays registered for open cases', () => {
    expect(getProcedure('internal-theft').version).toBe(2);
    expect(getProcedure('internal-theft', 1).events.decision_made).toBeDefined();
    expect(def.events.decision_made).toBeUndefined();
    expect(def.visibleTo).toEqual(confidentialRolesV2);
    for (const [type, spec] of Object.entries(eventsV2))
      expect([type, confidentialRolesV2]).toEqual([type, expect.arrayContaining(spec.roles)]);
    expect(def.start.roles).toContain('lp_assistant_supervisor');
  });

  it('a caught employee is handled by an assistant supervisor or above, not a plain LP officer (二.2(1), (3))', () => {
    const { core } = open({ caughtInAct: true }, 'lp_officer');
    expect(attempt(core, 'goods_recovered', data.goods_recovered, 'lp_officer')).toMatchObject({
      kind: 'RoleNotAllowed',
      details: { roles: ['lp_assistant_supervisor', 'lp_supervisor'] },
    });
    apply(core, 'goods_recovered', data.goods_recovered, 'lp_assistant_supervisor');
    apply(core, 'statement_taken', data.statement_taken, 'lp_officer'); // the officer on the spot takes it down
    expect(attempt(core, 'supervisor_arrived', {}, 'lp_officer').kind).toBe('RoleNotAllowed');
    apply(core, 'supervisor_arrived', {}, 'lp_assistant_supervisor');
    expect(core.stateName()).toBe('awaitingSupervisorReport.gatheringEvidence.collecting');
    expect(ctx(core).rewardDue).toBe(false);
    // The assistant supervisor's own finding is loss prevention's work, not an informant's tip (一.6).
    expect(ctx(open({}, 'lp_assistant_supervisor').core).rewardDue).toBe(false);
  });

  it('hears the employee before any proposal: an account given, or declined before a witness (二.2(2))', () => {
    const { core } = open();
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    apply(core, 'review_done', data.facts_established, 'lp_supervisor');
    expect(core.stateName()).toBe('hearingEmployee');
    expect(attempt(core, 'outcome_proposed', data.mild_proposal, 'lp_supervisor').kind).toBe('EventNotAllowed');
    expect(attempt(core, 'employee_account_recorded', data.account_given, 'lp_officer').kind).toBe('RoleNotAllowed');
    expect(attempt(core, 'employee_account_recorded', { outcome: 'declined' }, 'lp_supervisor').details.issues).toEqual(
      [expect.objectContaining({ path: 'witnessedBy' })],
    );
    apply(core, 'employee_account_recorded', data.account_declined, 'lp_supervisor');
    expect(ctx(core).employeeAccount).toMatchObject({ outcome: 'declined', witnessedBy: '周宁', by: 'lp_supervisor' });
    expect(core.stateName()).toBe('proposing');
  });

  it('the seed’s measures are the default policy: dismissal, 1–10× the goods value, the residence notice', () => {
    const core = proposing();
    expect(ctx(core).outcomePolicy).toEqual({
      dismissal: true,
      compensationMultipleMin: 1,
      compensationMultipleMax: 10,
      compensationCapYuan: null,
      residenceNotice: true,
    });
    expect(ctx(core).compensationRange).toEqual({ minMultiple: 1, maxMultiple: 10, minAmount: 199.9, maxAmount: 1999 });
    expect(
      attempt(core, 'outcome_proposed', { ...data.full_proposal, compensationMultiple: 0.5 }, 'lp_supervisor'),
    ).toMatchObject({ kind: 'EventNotAllowed', details: { blockedBy: ['proposalWithinSitePolicy'] } });
    expect(
      attempt(core, 'outcome_proposed', { ...data.full_proposal, compensationMultiple: 11 }, 'lp_supervisor').details
        .issues,
    ).toEqual([expect.objectContaining({ path: 'compensationMultiple' })]);
    // Only the LP supervisor proposes; leadership decides.
    expect(attempt(core, 'outcome_proposed', data.full_proposal, 'executive').kind).toBe('RoleNotAllowed');
    const effects = apply(core, 'outcome_proposed', data.full_proposal, 'lp_supervisor');
    expect(effects).toContainEqual(
      expect.objectContaining({
        payload: expect.objectContaining({ params: { role: 'executive', about: 'outcome_proposed' } }),
      }),
    );
    expect(ctx(core).proposals).toEqual([
      expect.objectContaining({ dismissal: true, compensationAmount: 399.8, compensationCapped: false }),
    ]);
    expect(ctx(core).outcome).toBeNull();
  });

  it('a site’s policy turns compensation off, caps it, rules out notices or dismissal, and says which rule', () => {
    const off = proposing({ compensationMultipleMax: 0, residenceNotice: 0, dismissal: 0 });
    for (const change of [{ compensationMultiple: 1 }, { residenceNotice: true }, { dismissal: true }]) {
      const r = attempt(off, 'outcome_proposed', { ...data.mild_proposal, ...change }, 'lp_supervisor');
      expect(r).toMatchObject({ kind: 'EventNotAllowed', details: { blockedBy: ['proposalWithinSitePolicy'] } });
    }
    apply(off, 'outcome_proposed', data.mild_proposal, 'lp_supervisor');
    expect(off.stateName()).toBe('awaitingLeadershipDecision');
    // Leadership cannot go beyond the site's policy either.
    const r = attempt(off, 'leadership_decided', data.amended, 'executive');
    expect(r.kind).toBe('EventNotAllowed');
    expect(r.details.blockedBy).toContain('amendmentWithinSitePolicy');

    const capped = proposing({ compensationCapYuan: 300 });
    apply(capped, 'outcome_proposed', { ...data.full_proposal, compensationMultiple: 3 }, 'lp_supervisor');
    expect(ctx(capped).proposals![0]).toMatchObject({ compensationAmount: 300, compensationCapped: true });
  });

  it('leadership approves, changes or refuses; a refusal goes back for a new proposal (二.2(5))', () => {
    const core = proposing();
    apply(core, 'outcome_proposed', data.full_proposal, 'lp_supervisor');
    expect(attempt(core, 'leadership_decided', data.approved, 'lp_supervisor').kind).toBe('RoleNotAllowed');
    expect(attempt(core, 'residence_notified', data.residence_notified, 'lp_supervisor').kind).toBe('EventNotAllowed');
    const refusedEffects = apply(core, 'leadership_decided', data.refused, 'executive');
    expect(refusedEffects).toContainEqual(
      expect.objectContaining({
        payload: expect.objectContaining({ params: { role: 'lp_supervisor', about: 'proposal_refused' } }),
      }),
    );
    expect(core.stateName()).toBe('proposing');
    apply(core, 'outcome_proposed', { ...data.full_proposal, referral: undefined }, 'lp_supervisor');
    apply(core, 'leadership_decided', data.amended, 'executive');
    expect(core.stateName()).toBe('concluding');
    expect(ctx(core).outcome).toMatchObject({
      dismissal: true,
      compensationMultiple: 1,
      compensationAmount: 199.9,
      residenceNotice: false,
      decidedBy: { by: 'executive', role: 'executive' },
    });
    expect(ctx(core).leadershipDecisions!.map((d) => d.decision)).toEqual(['refused', 'amended']);
  });

  it('the authorities only with leadership’s consent: a referral is part of the proposal it approves (一.5, 二.2(6))', () => {
    const core = proposing();
    const noAuthority = { ...data.full_proposal, referral: { grounds: ['serious'] } };
    expect(attempt(core, 'outcome_proposed', noAuthority, 'lp_supervisor').details.issues).toEqual([
      expect.objectContaining({ path: 'referral.authority' }),
    ]);
    const noGrounds = { ...data.full_proposal, referral: { grounds: [], authority: '派出所' } };
    expect(attempt(core, 'outcome_proposed', noGrounds, 'lp_supervisor').details.issues).toEqual([
      expect.objectContaining({ path: 'referral.grounds' }),
    ]);
    apply(core, 'outcome_proposed', data.full_proposal, 'lp_supervisor');
    apply(core, 'leadership_decided', data.approved, 'executive');
    expect(ctx(core).outcome?.referral).toEqual({ grounds: ['uncooperative'], authority: '星河派出所' });
  });

  it('carries out only what leadership decided: no notice unless decided, and closes without one', () => {
    const core = proposing();
    apply(core, 'outcome_proposed', data.mild_proposal, 'lp_supervisor');
    apply(core, 'leadership_decided', data.approved, 'executive');
    expect(attempt(core, 'residence_notified', data.residence_notified, 'lp_supervisor').details.blockedBy).toEqual([
      'residenceNoticeDecided',
    ]);
    expect(attempt(core, 'case_closed', data.case_closed, 'lp_supervisor').details.blockedBy).toEqual([
      'decidedNoticeSentAndRewardSettled',
    ]);
    apply(core, 'reward_recorded', data.reward_recorded, 'lp_supervisor');
    apply(core, 'case_closed', data.case_closed, 'lp_supervisor');
    expect(core.view(AT)).toMatchObject({ status: 'closed', state: 'closedDecided', timers: [] });
  });

  it('a rejected step changes nothing', () => {
    const core = proposing({ compensationMultipleMax: 0 });
    const before = JSON.stringify(core.view(AT));
    expect(() => apply(core, 'outcome_proposed', data.full_proposal, 'lp_supervisor')).toThrow(StepRejected);
    expect(() => apply(core, 'leadership_decided', data.approved, 'executive')).toThrow(StepRejected);
    expect(JSON.stringify(core.view(AT))).toBe(before);
  });

  it('escalates leadership’s overdue decision to leadership, then to the proposer, and stops when it comes', () => {
    const core = proposing();
    const cal = reported().policy.calendar;
    const effects = apply(core, 'outcome_proposed', data.full_proposal, 'lp_supervisor');
    const due = dueAt('2WD', AT, cal);
    const timer = effects.find((e) => e.kind === 'startTimer' && e.key.includes('leadership_decision'));
    expect(timer).toMatchObject({ dueAt: due });
    const fired = core.fireTimer((timer as { key: string }).key, due);
    expect(fired).toContainEqual({
      kind: 'startTimer',
      key: 'rung:leadership_decision:2',
      dueAt: dueAt('1WD', due, cal),
    });
    expect(core.view(due).escalations).toEqual([
      expect.objectContaining({ timer: 'leadership_decision', level: 1, to: 'executive' }),
    ]);
    const after = apply(core, 'leadership_decided', data.approved, 'executive', due + 60_000);
    expect(after).toContainEqual({ kind: 'cancelTimer', key: 'rung:leadership_decision:2' });
    expect(core.view(due + 60_000).timers).toEqual([]);
  });
});
