import { dueAt } from '../../calendar';
import { CaseCore } from '../../engine/case-core';
import type { CaseView } from '../../engine/contract';
import { StepRejected } from '../../engine/errors';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath, stateKey } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { confidentialRoles, events, reporterRoles } from './events';
import { internalTheftMachine, type InternalTheftContext } from './machine';
import { AT, T0, file, intake, modelStep, sharedStepData, simplePaths } from './test-data';

const def = getProcedure('internal-theft', 1); // version 1; version 2 in machine-v2.test.ts
const sha = (c: string) => c.repeat(64);
/** A case reported by an ordinary employee (reward due), or by loss prevention itself (caught in the act). */
const reported = (extra: Record<string, unknown> = {}, by = 'cs_agent') => ({
  ...caseStart('internal-theft', intake(extra), undefined, 1),
  startedBy: as(by),
});

// One data set per step, valid for its schema.
const data = {
  ...sharedStepData,
  decided_with_referral: {
    dismissed: true,
    compensationMultiple: 3,
    referToAuthorities: true,
    referralGrounds: ['uncooperative'],
    reasoning: '拒不配合',
  },
  decided: { dismissed: true, compensationMultiple: 2, referToAuthorities: false, reasoning: '初犯,认错' },
  referral_decided: { approved: true, authority: '星河派出所' },
  referral_refused: { approved: false },
  case_closed: { loss: '白酒两瓶 199.90 元,已追回', investigation: '监控取证,本人陈述', responsibility: '辞退,赔偿' },
};

type Snap = { context: InternalTheftContext };
const step = modelStep;

// Every event a person could send; one evidence item per investigation round, one statement and the reward after the
// notice keep the paths finite and few.
function eventsFor({ context: c }: Snap) {
  return [
    step('goods_recovered', data.goods_recovered, 'lp_officer'),
    ...(c.evidence.length <= c.reviews.length ? [step('evidence_added', data.evidence_added, 'lp_officer')] : []),
    ...(c.statements.length === 0 ? [step('statement_taken', data.statement_taken, 'lp_officer')] : []),
    step('supervisor_arrived', data.supervisor_arrived, 'lp_supervisor'),
    step('reported_to_supervisor', data.reported_to_supervisor, 'lp_officer'),
    step('review_done', data.facts_established, 'lp_supervisor'),
    step('review_done', data.unfounded, 'lp_supervisor'),
    ...(c.reviews.length === 0 ? [step('review_done', data.more_evidence_needed, 'lp_supervisor')] : []),
    step('decision_made', data.decided_with_referral, 'lp_supervisor'),
    step('decision_made', data.decided, 'lp_supervisor'),
    step('referral_decided', data.referral_decided, 'executive'),
    step('referral_decided', data.referral_refused, 'executive'),
    step('residence_notified', data.residence_notified, 'lp_supervisor'),
    ...(c.residenceNotice ? [step('reward_recorded', data.reward_recorded, 'lp_supervisor')] : []),
    step('case_closed', data.case_closed, 'lp_supervisor'),
  ];
}

// Two snapshots are the same state for path finding when they agree on what the spec cares about; a compact key keeps
// the traversal fast (the default serialises the whole context, policy included, for every visit).
const stateOf = ({ value, context: c }: { value: unknown; context: InternalTheftContext }) =>
  JSON.stringify([
    value,
    c.goodsRecovered !== null,
    c.evidence.length,
    c.statements.length,
    c.supervisorArrivals.length,
    c.reportsToSupervisor.length,
    c.reviews.map((r) => r.verdict),
    c.decision?.referToAuthorities,
    c.referral?.approved,
    c.residenceNotice !== null,
    c.reward !== null,
  ]);

const starts = {
  'reported by an employee': reported(),
  'caught in the act by loss prevention': reported({ caughtInAct: true }, 'lp_officer'),
};
const walks = simplePaths(internalTheftMachine, starts, eventsFor, stateOf);

const lastReview = (v: CaseView) => (v.context.reviews as Array<{ verdict: string }>).at(-1);

describe('internal-theft machine, every simple path through the pure engine', () => {
  it('reaches both ends from both kinds of report, through every state', () => {
    for (const name of Object.keys(starts)) {
      const ends = new Set(walks.filter((w) => w.name === name).map((w) => stateKey(w.path.state.value)));
      expect([...ends]).toEqual(expect.arrayContaining(['closedDecided', 'closedUnfounded']));
    }
    const seen = new Set(walks.flatMap((w) => w.path.steps.map((s) => stateKey(s.state.value))));
    expect([...seen].sort()).toEqual(
      [
        'awaitingLeadershipApproval',
        'awaitingSupervisorReport.gatheringEvidence.collecting',
        'awaitingSupervisorReport.gatheringEvidence.employeeKeptApart',
        'awaitingSupervisorReport.recoveringGoods',
        'closedDecided',
        'closedUnfounded',
        'closingUnfounded',
        'concluding',
        'deciding',
        'gatheringMoreEvidence.collecting',
        'gatheringMoreEvidence.employeeKeptApart',
        'underReview',
      ].sort(),
    );
  });

  const title = (w: (typeof walks)[number]) =>
    `${w.name}: ` +
    w.path.steps
      .map((s) => {
        const d = (s.event as { data?: { verdict?: string; referToAuthorities?: boolean; approved?: boolean } }).data;
        const tag = d?.verdict ?? (d?.referToAuthorities ? 'referral' : undefined) ?? d?.approved;
        return [s.event.type, tag].filter((x) => x !== undefined).join(':');
      })
      .join(' → ');

  it.each(walks.map((w) => [title(w), w] as const))('%s', (_name, { start, path }) => {
    walkPath(CaseCore.start(def, start, T0).core, path.steps, AT, ({ core, view: v, state, steps }) => {
      expect(core.stateName()).toBe(stateKey(state.value));
      const c = v.context as unknown as Omit<InternalTheftContext, 'policy'>;
      const types = v.history.map((h) => h.type);
      // What the spec says must hold at every step:
      // confidential — only loss prevention and leadership can act on the case;
      for (const allowed of v.allowedEvents) expect(confidentialRoles).toEqual(expect.arrayContaining(allowed.roles));
      // caught in the act — the goods are recovered before anything else;
      if (c.caughtInAct && steps) expect(types[0]).toBe('goods_recovered');
      // do not talk to the employee first — every statement comes after evidence or recovered goods;
      const firstStatement = types.indexOf('statement_taken');
      if (firstStatement >= 0)
        expect(types.slice(0, firstStatement)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^(evidence_added|goods_recovered)$/)]),
        );
      // kept apart until a supervisor arrives;
      if (v.state.endsWith('employeeKeptApart')) {
        expect(c.keptApartSince).toBe(AT);
        expect(types.lastIndexOf('statement_taken')).toBeGreaterThan(types.lastIndexOf('supervisor_arrived'));
      } else expect(c.keptApartSince).toBeNull();
      // the reporting deadline runs until the supervisor is told, the review deadline while the case is under review;
      const timerIds = v.timers.map((t) => t.id);
      expect(timerIds.includes('supervisor_report')).toBe(v.state.startsWith('awaitingSupervisorReport'));
      expect(timerIds.includes('review')).toBe(v.state === 'underReview');
      if (v.state === 'underReview') expect(c.reportsToSupervisor).toHaveLength(c.reviews.length + 1);
      // the range is computed from the established goods value, the decision records a multiple inside it;
      if (c.goodsValue !== null)
        expect(c.compensationRange).toEqual({ minMultiple: 1, maxMultiple: 10, minAmount: 199.9, maxAmount: 1999 });
      if (c.decision) {
        expect(lastReview(v)?.verdict).toBe('facts_established');
        expect(c.decision.dismissed).toBe(true);
        expect(c.decision.compensationAmount).toBe(199.9 * c.decision.compensationMultiple);
      }
      if (v.state === 'awaitingLeadershipApproval') expect(c.decision?.referToAuthorities).toBe(true);
      if (c.referral) expect(c.decision?.referToAuthorities).toBe(true);
      // closed with the notice sent, the reward (if due) and a written summary;
      if (v.state === 'closedDecided') {
        expect(c.residenceNotice).not.toBeNull();
        if (c.rewardDue) expect(c.reward).toMatchObject({ amount: 50, recipient: { name: 'cs_agent' } });
        expect(c.summary).toMatchObject({ loss: expect.any(String), responsibility: expect.any(String) });
      }
      if (v.state === 'closedUnfounded') {
        expect(lastReview(v)?.verdict).toBe('unfounded');
        expect([c.decision, c.reward, c.residenceNotice]).toEqual([null, null, null]);
        expect(c.summary).not.toBeNull();
      }
      if (v.status === 'closed') expect(v.timers).toEqual([]);
    });
  });
});

describe('internal-theft rules the machine enforces', () => {
  const open = (extra: Record<string, unknown> = {}, by = 'cs_agent') => CaseCore.start(def, reported(extra, by), T0);
  const apply = (core: CaseCore, type: keyof typeof data | string, d: Record<string, unknown>, role: string) =>
    core.applyStep({ type, data: d, actor: as(role) }, AT);
  const reason = rejectionOf;
  const attempt = (core: CaseCore, type: string, d: Record<string, unknown>, role: string) =>
    reason(() => core.validate({ type, data: d, actor: as(role) }, AT));
  const ctx = (core: CaseCore) => core.view(AT).context as unknown as InternalTheftContext;
  /** A case on the supervisor's desk with the facts established. */
  const decidingCase = (extra: Record<string, unknown> = {}, by = 'cs_agent') => {
    const { core } = open(extra, by);
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    apply(core, 'review_done', data.facts_established, 'lp_supervisor');
    return core;
  };

  it('is confidential: visible to loss prevention and leadership only, every step theirs, any employee may report', () => {
    expect(def.visibleTo).toEqual(['lp_officer', 'lp_assistant_supervisor', 'lp_supervisor', 'executive']);
    for (const [type, spec] of Object.entries(events))
      expect([type, confidentialRoles]).toEqual([type, expect.arrayContaining(spec.roles)]);
    expect(def.start.roles).toEqual(reporterRoles);
    expect(def.start.roles).toEqual(expect.arrayContaining(['cs_agent', 'gate_guard', 'ops_manager', 'lp_officer']));
    for (const rung of Object.values(def.policy.ladders).flat())
      expect(confidentialRoles).toContain((rung as { role: string }).role);
    const { core } = open();
    expect(attempt(core, 'evidence_added', data.evidence_added, 'cs_agent')).toMatchObject({
      kind: 'RoleNotAllowed',
      details: { roles: ['lp_officer', 'lp_supervisor'] },
    });
  });

  it('keeps the reporter in the case for loss prevention and tells the investigator', () => {
    const { core, effects } = open();
    expect(ctx(core).reporter).toEqual({ id: 'cs_agent', name: 'cs_agent', role: 'cs_agent' });
    expect(ctx(core).rewardDue).toBe(true);
    expect(effects).toContainEqual(
      expect.objectContaining({
        kind: 'activity',
        name: 'inform',
        payload: expect.objectContaining({ params: { role: 'lp_officer', about: 'theft_reported' } }),
      }),
    );
    const onBehalf = open({ informant: { name: '李四', employeeNo: 'E2048' } }, 'lp_officer').core;
    expect(ctx(onBehalf)).toMatchObject({ reporter: { name: '李四', employeeNo: 'E2048' }, rewardDue: true });
    expect(ctx(open({}, 'lp_officer').core).rewardDue).toBe(false);
  });

  it('refuses a report whose reporter has not acknowledged the confidentiality rules', () => {
    const r = reason(() => CaseCore.start(def, reported({ rulesAcknowledged: false }), T0));
    expect(r.kind).toBe('InvalidData');
    expect(r.details.issues).toEqual([expect.objectContaining({ path: 'rulesAcknowledged' })]);
  });

  it('caught in the act: the goods are recovered first, then a statement may follow', () => {
    const { core } = open({ caughtInAct: true }, 'lp_officer');
    expect(core.stateName()).toBe('awaitingSupervisorReport.recoveringGoods');
    const r = attempt(core, 'evidence_added', data.evidence_added, 'lp_officer');
    expect(r).toMatchObject({
      kind: 'EventNotAllowed',
      details: { state: 'awaitingSupervisorReport.recoveringGoods' },
    });
    expect(r.details.allowed).toEqual(['goods_recovered']);
    expect(attempt(core, 'statement_taken', data.statement_taken, 'lp_officer').kind).toBe('EventNotAllowed');
    apply(
      core,
      'goods_recovered',
      {
        ...data.goods_recovered,
        items: [
          { description: 'a', quantity: 1, value: 0.1 },
          { description: 'b', quantity: 1, value: 0.2 },
        ],
      },
      'lp_officer',
    );
    expect(ctx(core).goodsRecovered).toMatchObject({ totalValue: 0.3, by: 'lp_officer' });
    apply(core, 'statement_taken', data.statement_taken, 'lp_officer');
    expect(core.stateName()).toBe('awaitingSupervisorReport.gatheringEvidence.employeeKeptApart');
  });

  it('do not talk to the employee first: no statement and no report before evidence, naming the rule', () => {
    const { core } = open();
    for (const type of ['statement_taken', 'reported_to_supervisor'] as const) {
      const r = attempt(core, type, data[type], 'lp_officer');
      expect(r.kind).toBe('EventNotAllowed');
      expect(r.details.blockedBy).toEqual(['evidenceOnFile']);
      expect(r.message).toContain('rule: evidenceOnFile');
    }
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    expect(() =>
      core.validate({ type: 'statement_taken', data: data.statement_taken, actor: as('lp_officer') }, AT),
    ).not.toThrow();
  });

  it('takes a statement only when the employee admits of their own accord and is kept apart', () => {
    const { core } = open();
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    for (const field of ['admittedVoluntarily', 'employeeKeptApart']) {
      const r = attempt(core, 'statement_taken', { ...data.statement_taken, [field]: false }, 'lp_officer');
      expect(r.kind).toBe('InvalidData');
      expect(r.details.issues).toEqual([expect.objectContaining({ path: field })]);
    }
  });

  it('keeps the employee apart until a supervisor arrives: no report meanwhile, only the supervisor ends it', () => {
    const { core } = open();
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    const effects = apply(core, 'statement_taken', data.statement_taken, 'lp_officer');
    expect(effects).toContainEqual(
      expect.objectContaining({
        name: 'inform',
        payload: expect.objectContaining({ params: { role: 'lp_supervisor', about: 'statement_taken' } }),
      }),
    );
    expect(ctx(core).keptApartSince).toBe(AT);
    const r = attempt(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    expect(r).toMatchObject({
      kind: 'EventNotAllowed',
      details: { state: 'awaitingSupervisorReport.gatheringEvidence.employeeKeptApart' },
    });
    expect(attempt(core, 'supervisor_arrived', {}, 'lp_officer').kind).toBe('RoleNotAllowed');
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer'); // evidence may still be added meanwhile
    apply(core, 'supervisor_arrived', {}, 'lp_supervisor');
    expect(ctx(core).keptApartSince).toBeNull();
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    expect(core.stateName()).toBe('underReview');
  });

  it('the report to the supervisor hides nothing and stays within loss prevention', () => {
    const { core } = open();
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    for (const field of ['nothingWithheld', 'keptWithinLossPrevention']) {
      const r = attempt(
        core,
        'reported_to_supervisor',
        { ...data.reported_to_supervisor, [field]: false },
        'lp_officer',
      );
      expect(r.details.issues).toEqual([expect.objectContaining({ path: field })]);
    }
  });

  it('keeps evidence files by their sha256 and refuses anything else', () => {
    const { core } = open();
    for (const bad of [
      { ...file('x'), sha256: 'ABC' },
      { ...file('x'), sha256: 'A'.repeat(64) },
      { name: 'x', size: 1 },
    ]) {
      const r = attempt(core, 'evidence_added', { ...data.evidence_added, attachments: [bad] }, 'lp_officer');
      expect(r.kind).toBe('InvalidData');
      expect(r.details.issues).toEqual([expect.objectContaining({ path: 'attachments.0.sha256' })]);
    }
    expect(
      attempt(core, 'evidence_added', { ...data.evidence_added, attachments: [] }, 'lp_officer').details.issues,
    ).toEqual([expect.objectContaining({ path: 'attachments' })]);
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    expect(ctx(core).evidence[0]).toMatchObject({
      n: 1,
      attachments: [{ sha256: sha('a'), size: 1024 }],
      by: 'lp_officer',
      at: AT,
    });
  });

  it('review: facts clear and evidence conclusive, or back to evidence gathering with new evidence required', () => {
    const { core } = open();
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    expect(attempt(core, 'review_done', data.facts_established, 'lp_officer').kind).toBe('RoleNotAllowed');
    expect(
      attempt(core, 'review_done', { ...data.facts_established, evidenceConclusive: false }, 'lp_supervisor').details
        .issues,
    ).toEqual([expect.objectContaining({ path: 'evidenceConclusive' })]);
    apply(core, 'review_done', data.more_evidence_needed, 'lp_supervisor');
    expect(core.stateName()).toBe('gatheringMoreEvidence.collecting');
    const r = attempt(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    expect(r.details.blockedBy).toEqual(['newEvidenceSinceReview']);
    apply(core, 'evidence_added', { ...data.evidence_added, kind: 'inventory_record' }, 'lp_officer');
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    expect(core.stateName()).toBe('underReview');
  });

  it('computes the compensation range from the goods value and records the multiple chosen within 1–10', () => {
    const core = decidingCase();
    expect(ctx(core).compensationRange).toEqual({ minMultiple: 1, maxMultiple: 10, minAmount: 199.9, maxAmount: 1999 });
    for (const multiple of [0, 0.9, 10.5, 11]) {
      const r = attempt(core, 'decision_made', { ...data.decided, compensationMultiple: multiple }, 'lp_supervisor');
      expect(r.kind).toBe('InvalidData');
      expect(r.details.issues).toEqual([expect.objectContaining({ path: 'compensationMultiple' })]);
    }
    expect(
      attempt(core, 'decision_made', { ...data.decided, dismissed: false }, 'lp_supervisor').details.issues,
    ).toEqual([expect.objectContaining({ path: 'dismissed' })]);
    apply(core, 'decision_made', { ...data.decided, compensationMultiple: 3.5 }, 'lp_supervisor');
    expect(ctx(core).decision).toMatchObject({
      compensationMultiple: 3.5,
      compensationAmount: 699.65,
      by: 'lp_supervisor',
    });
  });

  it('rounds compensation to the fen', () => {
    const { core } = open();
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer');
    apply(core, 'reported_to_supervisor', data.reported_to_supervisor, 'lp_officer');
    apply(core, 'review_done', { ...data.facts_established, goodsValue: 123.45 }, 'lp_supervisor');
    apply(core, 'decision_made', { ...data.decided, compensationMultiple: 3.5 }, 'lp_supervisor');
    expect(ctx(core).compensationRange).toMatchObject({ minAmount: 123.45, maxAmount: 1234.5 });
    expect(ctx(core).decision?.compensationAmount).toBe(432.08);
  });

  it('goes to the authorities only on named grounds and with leadership approval', () => {
    const core = decidingCase();
    const r = attempt(core, 'decision_made', { ...data.decided, referToAuthorities: true }, 'lp_supervisor');
    expect(r.details.issues).toEqual([expect.objectContaining({ path: 'referralGrounds' })]);
    const effects = apply(core, 'decision_made', data.decided_with_referral, 'lp_supervisor');
    expect(effects).toContainEqual(
      expect.objectContaining({
        payload: expect.objectContaining({ params: { role: 'executive', about: 'referral_requested' } }),
      }),
    );
    expect(core.stateName()).toBe('awaitingLeadershipApproval');
    expect(attempt(core, 'referral_decided', data.referral_decided, 'lp_supervisor').kind).toBe('RoleNotAllowed');
    expect(attempt(core, 'residence_notified', data.residence_notified, 'lp_supervisor').kind).toBe('EventNotAllowed');
    expect(attempt(core, 'referral_decided', { approved: true }, 'executive').details.issues).toEqual([
      expect.objectContaining({ path: 'authority' }),
    ]);
    apply(core, 'referral_decided', data.referral_decided, 'executive');
    expect(ctx(core).referral).toMatchObject({ approved: true, authority: '星河派出所', by: 'executive' });
    expect(core.stateName()).toBe('concluding');
  });

  it('rewards a confirmed report with at least ¥50, once, to the reporter', () => {
    const core = decidingCase({ informant: { name: '李四' } }, 'lp_officer');
    apply(core, 'decision_made', data.decided, 'lp_supervisor');
    const r = attempt(core, 'reward_recorded', { amount: 49.99 }, 'lp_supervisor');
    expect(r.kind).toBe('InvalidData');
    expect(r.details.issues).toEqual([
      expect.objectContaining({ path: 'amount', message: expect.stringContaining('¥50') }),
    ]);
    apply(core, 'reward_recorded', { amount: 200 }, 'executive');
    expect(ctx(core).reward).toMatchObject({ amount: 200, recipient: { name: '李四' }, by: 'executive' });
    expect(attempt(core, 'reward_recorded', { amount: 50 }, 'lp_supervisor').details.blockedBy).toEqual([
      'rewardNotYetRecorded',
    ]);
  });

  it('closes only with the residence notified and the reward recorded, with a written summary', () => {
    const core = decidingCase();
    apply(core, 'decision_made', data.decided, 'lp_supervisor');
    expect(attempt(core, 'case_closed', data.case_closed, 'lp_supervisor').details.blockedBy).toEqual([
      'noticeSentAndRewardSettled',
    ]);
    apply(core, 'residence_notified', data.residence_notified, 'lp_supervisor');
    expect(attempt(core, 'residence_notified', data.residence_notified, 'lp_supervisor').details.blockedBy).toEqual([
      'residenceNotYetNotified',
    ]);
    expect(attempt(core, 'case_closed', data.case_closed, 'lp_supervisor').details.blockedBy).toEqual([
      'noticeSentAndRewardSettled',
    ]);
    apply(core, 'reward_recorded', data.reward_recorded, 'lp_supervisor');
    expect(
      attempt(core, 'case_closed', { ...data.case_closed, responsibility: '' }, 'lp_supervisor').details.issues,
    ).toEqual([expect.objectContaining({ path: 'responsibility' })]);
    const effects = apply(core, 'case_closed', data.case_closed, 'lp_supervisor');
    expect(core.view(AT)).toMatchObject({ status: 'closed', state: 'closedDecided', timers: [] });
    expect(effects).toContainEqual(
      expect.objectContaining({
        payload: expect.objectContaining({ params: { role: 'executive', about: 'case_closed' } }),
      }),
    );
  });

  it('a case loss prevention found itself closes without a reward', () => {
    const core = decidingCase({}, 'lp_officer');
    apply(core, 'decision_made', data.decided, 'lp_supervisor');
    apply(core, 'residence_notified', data.residence_notified, 'lp_supervisor');
    apply(core, 'case_closed', data.case_closed, 'lp_supervisor');
    expect(core.stateName()).toBe('closedDecided');
  });

  it('a rejected step changes nothing', () => {
    const { core } = open();
    const before = JSON.stringify(core.view(AT));
    expect(() => apply(core, 'statement_taken', data.statement_taken, 'lp_officer')).toThrow(StepRejected);
    expect(() => apply(core, 'evidence_added', data.evidence_added, 'cs_agent')).toThrow(StepRejected);
    expect(JSON.stringify(core.view(AT))).toBe(before);
  });

  it('escalates a late report to the supervisor, then leadership, and stops when the report is made', () => {
    const { core, effects } = open();
    const cal = reported().policy.calendar;
    const due = dueAt('1WD', T0, cal);
    expect(effects).toContainEqual({
      kind: 'startTimer',
      key: expect.stringContaining('supervisor_report'),
      dueAt: due,
    });
    const key = effects.find((e) => e.kind === 'startTimer')!.key;
    const fired = core.fireTimer(key, due);
    expect(fired).toEqual([
      expect.objectContaining({ kind: 'activity', name: 'notify' }),
      { kind: 'startTimer', key: 'rung:supervisor_report:2', dueAt: dueAt('1WD', due, cal) },
    ]);
    expect(core.view(due).escalations).toEqual([
      expect.objectContaining({ n: 1, timer: 'supervisor_report', level: 1, to: 'lp_supervisor' }),
    ]);
    apply(core, 'evidence_added', data.evidence_added, 'lp_officer'); // the ladder keeps running while gathering
    expect(core.view(due).timers.map((t) => t.id)).toEqual(['supervisor_report#2']);
    const reportAt = due + 60_000;
    const after = core.applyStep(
      { type: 'reported_to_supervisor', data: data.reported_to_supervisor, actor: as('lp_officer') },
      reportAt,
    );
    expect(after).toContainEqual({ kind: 'cancelTimer', key: 'rung:supervisor_report:2' });
    expect(after).toContainEqual({
      kind: 'startTimer',
      key: expect.stringContaining('review'),
      dueAt: dueAt('3WD', reportAt, cal),
    });
    expect(core.view(reportAt).timers.map((t) => t.id)).toEqual(['review']);
  });
});
