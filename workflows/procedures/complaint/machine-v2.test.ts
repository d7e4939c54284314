import { TestModel } from 'xstate/graph';
import { loadConfig } from '../../../config/load';
import { casePolicyFor } from '../../engine/policy';
import { CaseCore, type Effect } from '../../engine/case-core';
import { as, caseStart, rejectionOf } from '../../../tests/support/fixtures';
import { walkPath } from '../../../tests/support/machine-walks';
import { getProcedure } from '..';
import { decorationSteps as s } from './deadline-scenarios';
import type { DecorationContext } from './v2/machine';

// Complaint version 2, the home-decoration contractor's procedure (处理客诉原则及流程, 客诉规则 1–14): every simple path
// of a bounded model through the pure engine, then one test per point of issue 19, each beside what version 1 does
// with the same steps (the failure that version 2 fixes; open v1 cases keep it).

const v1 = getProcedure('complaint', 1);
const v2 = getProcedure('complaint', 2);
const T0 = Date.parse('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const intake = v2.example.data;
const v1Intake = { ...v1.example.data, declinesFollowUp: false };

type Step = { type: string; data: Record<string, unknown>; role: string; id?: string };
const ev = (step: Step, data: Record<string, unknown> = {}, role = step.role, id = role) => ({
  type: step.type,
  data: v2.events[step.type]!.schema.parse({ ...step.data, ...data }),
  actor: as(role, id),
});

/** A case of `version` driven through the pure engine with its own clock; timers fire as time passes. */
function open(version: 1 | 2, data: Record<string, unknown> = version === 2 ? intake : v1Intake) {
  const def = version === 2 ? v2 : v1;
  const started = CaseCore.start(def, caseStart('complaint', data, undefined, version), T0);
  const core = started.core;
  let now = T0;
  const effects: Effect[] = [...started.effects];
  const send = (step: Step, extra: Record<string, unknown> = {}, role = step.role, id = role) => {
    advanceTo(now + 1000);
    const out = core.applyStep({ type: step.type, data: { ...step.data, ...extra }, actor: as(role, id) }, now);
    effects.push(...out);
    return out;
  };
  const refusal = (step: Step, extra: Record<string, unknown> = {}, role = step.role, id = role) =>
    rejectionOf(() => core.validate({ type: step.type, data: { ...step.data, ...extra }, actor: as(role, id) }, now));
  // Fires the timers due by `to` in due order (as the workflow does), keeping what they do.
  const advanceTo = (to: number) => {
    for (;;) {
      const next = core
        .openTimerEffects()
        .filter((t): t is Extract<Effect, { kind: 'startTimer' }> => t.kind === 'startTimer' && t.dueAt <= to)
        .sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!next) break;
      now = Math.max(now, next.dueAt);
      effects.push(...core.fireTimer(next.key, now));
    }
    now = to;
  };
  const view = () => core.view(now);
  const ctx = () => view().context as unknown as DecorationContext & { owner: string };
  const told = () => view().escalations.map((e) => `${e.timer}:${e.to}`);
  const notices = () =>
    effects.flatMap((e) =>
      e.kind === 'activity' && e.name === 'inform' ? [`${e.payload.params.role}:${e.payload.params.about}`] : [],
    );
  const ledger = () => def.ledger!(view().context as Record<string, unknown>);
  return { core, send, refusal, advanceTo, view, ctx, told, notices, ledger, now: () => now };
}

// ---------------------------------------------------------------------------------------------------------------
// Model-based: every simple path of a bounded event generator.

type Snap = { value: unknown; context: DecorationContext };
const main = (snap: Snap): string => {
  const h = (snap.value as { open?: { handling?: unknown } }).open?.handling;
  return typeof h === 'string' ? h : String(snap.value);
};

/**
 * What a person could send now, in an order that keeps the paths finite: the read-back settled (confirmed or the
 * customer unreachable), the notice issued (or first handed to engineering), proposed penalties confirmed or rejected
 * and appeals decided before the main line goes on; a repeat complaint and an agreed visit at most once.
 */
function eventsFor(snap: Snap) {
  const c = snap.context;
  if (!c.record && !c.unreachable) return [ev(s.recordConfirmed), ev(s.unreachable)];
  if (!c.rectification) {
    const engineering = c.handler === 'engineering';
    return [
      ev(
        s.rectificationIssued,
        engineering ? { responsibleDept: 'engineering' } : {},
        engineering ? 'engineering_dept' : 'qc_inspector',
      ),
      ...(c.intake.siteStage === 'under_construction' && !engineering ? [ev(s.handedToEngineering)] : []),
    ];
  }
  const proposed = c.penalties.find((l) => l.status === 'proposed');
  if (proposed)
    return [
      ev(s.penaltyConfirmed, { penalty: proposed.n }, c.owner),
      ev(s.penaltyConfirmed, { penalty: proposed.n, confirmed: false, note: '非项目部责任' }, c.owner),
    ];
  const appealed = c.penalties.find((l) => l.status === 'under_appeal');
  if (appealed)
    return [
      ev(s.appealDecided, { penalty: appealed.n }),
      ev(s.appealDecided, { penalty: appealed.n, granted: true, reason: '属实,撤销' }),
    ];
  if (c.agreedVisit) return [ev(s.visitMade)];
  switch (main(snap)) {
    case 'awaitingContact':
      return [
        ...(c.owner === 'dept_manager'
          ? [ev({ type: 'escalated_by_hand', data: { reason: '客户要求' }, role: 'dept_manager' })]
          : []),
        ev(s.contacted, {}, c.owner),
        ...(c.owner === 'dept_manager' ? [ev(s.contactedVisit, {}, c.owner)] : []),
      ];
    case 'visitingOnSite':
      return [
        ev(s.onSiteVisited, {}, c.owner),
        ev({ type: 'case_closed', data: { basis: 'manager_decision', reason: '客户撤回投诉' }, role: c.owner }),
      ];
    case 'rectifying':
      return [ev(s.rectified)];
    case 'awaitingResult':
      if (c.repair.due) return [ev(s.repairVisited)];
      return [ev(s.resultAccepted), ...(c.followUp.calls.length === 0 ? [ev(s.visitAgreed)] : [])];
    case 'awaitingClosure': {
      const confirmed = c.penalties.find((l) => l.status === 'confirmed' && !l.appeal);
      return [
        ev(s.closed),
        ...(c.repeats.length === 0 ? [ev(s.repeat)] : []),
        ...(confirmed ? [ev(s.penaltyAppealed, { penalty: confirmed.n })] : []),
      ];
    }
    default:
      return [];
  }
}

const serialized = new WeakMap<object, string>();
function serializeState(snap: Snap): string {
  let key = serialized.get(snap);
  if (key === undefined) {
    const { policy: _policy, ...context } = snap.context;
    key = JSON.stringify({ value: snap.value, context });
    serialized.set(snap, key);
  }
  return key;
}

function modelPaths(data: Record<string, unknown>) {
  const start = caseStart('complaint', data, undefined, 2);
  const parsed = v2.start.schema.parse(data);
  const model = new TestModel(v2.machine, {
    input: { ...start, data: parsed, drill: false, startedAt: T0 } as never,
    events: ((snap: Snap) => eventsFor(snap).map((e) => ({ ...e, at: T0 + MIN }))) as never,
  });
  return model.getSimplePaths({
    filterEvents: (_s: unknown, e: { type: string }) => 'actor' in e,
    toState: (st: { status: string }) => st.status === 'done',
    serializeState,
  } as never);
}

describe.each([
  ['under construction', intake],
  [
    'completed, plumbing repair, no calls wanted',
    {
      ...intake,
      category: 'repair',
      siteStage: 'completed',
      handoverDate: '2026-10-15',
      repairKind: 'plumbing_electrical',
      declinesFollowUp: true,
    },
  ],
])('complaint v2, every simple path (%s)', (_name, data) => {
  const paths = modelPaths(data as Record<string, unknown>).filter((p) => p.state.status === 'done');

  it('has paths that close both ways, with a repeat, an appeal and a hand-over among them', () => {
    const types = paths.flatMap((p) => p.steps.map((x) => (x.event as { type: string }).type));
    expect(paths.length).toBeGreaterThan(5);
    for (const t of [
      'case_closed',
      'repeat_complaint_received',
      'penalty_confirmed',
      'penalty_appealed',
      'customer_unreachable',
    ])
      expect(types).toContain(t);
  });

  it.each(paths.map((p) => [p.steps.map((x) => (x.event as { type: string }).type).join(' → '), p] as const))(
    '%s',
    (_n, path) => {
      const { core } = CaseCore.start(v2, caseStart('complaint', data as Record<string, unknown>, undefined, 2), T0);
      walkPath(core, path.steps, T0 + MIN, ({ view }) => {
        const c = view.context as unknown as DecorationContext;
        // 规则 4: no complaint closes without its rectification notice.
        if (view.status === 'closed') {
          expect(c.rectification).not.toBeNull();
          expect(view.timers).toEqual([]);
        }
        // Only confirmed penalties, not overturned on appeal, are in the ledger.
        const counted = c.penalties.filter((l) => l.status === 'confirmed' || l.status === 'appeal_refused');
        expect(v2.ledger!(c as never).map((e) => e.amount)).toEqual(counted.map((l) => l.amount));
      });
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Issue 19, point by point.

describe('客诉规则 3: an agreed visit missed two days running goes to the general manager at once', () => {
  const agreed = { ...s.visitAgreed.data, appointment: { at: '2026-11-25T10:00:00+08:00', purpose: '上门查漏' } };
  const visitAt = Date.parse('2026-11-25T10:00:00+08:00');

  it('v2: the agreed time starts a timer; with no call at all, two days later the GM owns the case and is told', () => {
    const c = open(2);
    c.send(s.visitAgreed, agreed);
    c.advanceTo(visitAt + 2 * DAY - MIN);
    expect(c.ctx().owner).toBe('dept_manager');
    expect(c.told()).not.toContain('agreed_visit:gm');
    c.advanceTo(visitAt + 2 * DAY + MIN);
    expect(c.ctx().owner).toBe('gm');
    expect(c.ctx().ownerChanges.at(-1)).toMatchObject({ to: 'gm', why: 'agreed_visit_missed' });
    expect(c.told()).toContain('agreed_visit:gm');
    expect(c.notices()).toContain('gm:agreed_visit_missed');
  });

  it('v2: calls on the days between (or none) change nothing; a visit made in time ends the watch', () => {
    const c = open(2);
    c.send(s.visitAgreed, agreed);
    c.advanceTo(visitAt + DAY);
    c.send(s.called); // a call without news about the visit
    c.advanceTo(visitAt + 2 * DAY + MIN);
    expect(c.ctx().owner).toBe('gm');
    const ok = open(2);
    ok.send(s.visitAgreed, agreed);
    ok.advanceTo(visitAt + DAY);
    ok.send(s.visitMade);
    ok.advanceTo(visitAt + 3 * DAY);
    expect(ok.ctx().owner).toBe('dept_manager');
    expect(ok.told()).not.toContain('agreed_visit:gm');
  });

  it('v1 (kept for open cases) needed "nobody came" on two call rounds: the same two silent days told nobody', () => {
    const c = open(1);
    c.send({ type: 'follow_up_called', data: agreed, role: 'cs_agent' });
    c.advanceTo(visitAt + 2 * DAY + MIN);
    expect(c.ctx().owner).toBe('dept_manager');
    expect(c.notices()).not.toContain('gm:agreed_visit_missed');
  });
});

describe('客诉规则 4: every complaint gets a rectification notice', () => {
  const managerClose = {
    type: 'case_closed',
    data: { basis: 'manager_decision', reason: '客户撤回投诉' },
    role: 'dept_manager',
  };

  it('v2: a manager cannot close before the notice; after it, the close goes through', () => {
    const c = open(2);
    c.send(s.contacted);
    expect(c.refusal(managerClose).details.blockedBy).not.toHaveLength(0);
    c.send(s.recordConfirmed);
    c.send(s.rectificationIssued);
    c.send(managerClose);
    expect(c.view().status).toBe('closed');
  });

  it('v1 let a manager close without any notice', () => {
    const c = open(1);
    c.send({ type: 'customer_contacted', data: s.contacted.data, role: 'dept_manager' });
    c.send(managerClose);
    expect(c.view().status).toBe('closed');
    expect((c.view().context as { rectification: unknown }).rectification).toBeNull();
  });
});

describe('客诉规则 5: the one-working-day notice is not held up by a read-back without a deadline', () => {
  const letter = { ...intake, channel: 'letter' };

  it('v2: a letter whose customer cannot be reached: "could not reach" ends the read-back and the notice is issued', () => {
    const c = open(2, letter);
    expect(c.refusal(s.rectificationIssued).details.blockedBy).not.toHaveLength(0);
    c.send(s.unreachable);
    c.send(s.rectificationIssued);
    expect(c.ctx().rectification).not.toBeNull();
    expect(c.told()).toEqual([]);
  });

  it('v2: the read-back has its own deadline (2 working hours, customer service’s manager told); after it the notice does not wait', () => {
    const c = open(2, letter);
    c.advanceTo(T0 + 2 * HOUR + MIN);
    expect(c.told()).toContain('read_back:dept_manager');
    c.send(s.rectificationIssued);
    expect(c.ctx().rectification).not.toBeNull();
    expect(c.told()).not.toContain('rectification:branch_gm');
  });

  it('v1 refused the notice until the customer confirmed, so the 1-working-day deadline escalated', () => {
    const c = open(1, { ...v1Intake, channel: 'letter' });
    c.advanceTo(T0 + DAY + MIN);
    expect(
      c.refusal({
        type: 'rectification_issued',
        data: { noticeNo: 'ZG-1', requiredActions: '整改', handedToCustomerService: true },
        role: 'qc_inspector',
      }).details.blockedBy,
    ).not.toHaveLength(0);
    expect(c.view().escalations.map((e) => e.timer)).toContain('rectification');
  });
});

describe('客诉规则 14: before completion, the complaint goes to 工程部 when quality inspection cannot take it', () => {
  it('v2: handed over, engineering is told, the notice names engineering, and an engineering repeat charges engineering ¥100', () => {
    const c = open(2);
    c.send(s.handedToEngineering);
    expect(c.notices()).toContain('engineering_dept:handed_to_engineering');
    c.send(s.recordConfirmed);
    expect(c.refusal(s.rectificationIssued).details.blockedBy).not.toHaveLength(0);
    c.send(s.rectificationIssued, { responsibleDept: 'engineering' }, 'engineering_dept');
    c.send(s.repeat, { reason: 'engineering_unresolved', department: 'engineering' });
    expect(c.ctx().penalties.at(-1)).toMatchObject({
      department: 'engineering',
      rule: 14,
      amount: 100,
      status: 'proposed',
    });
  });

  it('v2: a completed site is not handed over, and a complaint QC kept cannot be charged to engineering', () => {
    const done = open(2, { ...intake, siteStage: 'completed', handoverDate: '2026-10-15' });
    expect(done.refusal(s.handedToEngineering).details.blockedBy).not.toHaveLength(0);
    const qc = open(2);
    expect(
      qc.refusal(s.repeat, { reason: 'engineering_unresolved', department: 'engineering' }).details.blockedBy,
    ).not.toHaveLength(0);
  });

  it('v1 had no hand-over step', () => {
    expect(v1.events.handed_to_engineering).toBeUndefined();
  });
});

describe('penalties (规则 8–14): proposed by the recorder, confirmed by the responsible manager, appealable', () => {
  const withRepeat = () => {
    const c = open(2);
    c.send(s.repeat); // cs_agent proposes ¥100 to the project (规则 11)
    return c;
  };

  it('v2: a proposal reaches no ledger; the recorder and customer service cannot confirm; the manager’s confirmation does', () => {
    const c = withRepeat();
    expect(c.ctx().penalties).toEqual([expect.objectContaining({ n: 1, status: 'proposed', amount: 100, rule: 11 })]);
    expect(c.ledger()).toEqual([]);
    expect(c.refusal(s.penaltyConfirmed, {}, 'cs_agent').kind).toBe('RoleNotAllowed');
    expect(c.refusal(s.penaltyConfirmed, {}, 'dept_manager', 'cs_agent').details.blockedBy).not.toHaveLength(0);
    c.send(s.penaltyConfirmed);
    expect(c.ledger()).toEqual([expect.objectContaining({ account: 'project', amount: 100 })]);
  });

  it('v2: a late confirmation climbs the ladder (branch GM at 1 working day, GM half a working day later)', () => {
    const c = withRepeat();
    c.advanceTo(T0 + DAY + MIN); // Wed 10:00 + a minute
    expect(c.told()).toContain('penalty_confirmation:branch_gm');
    expect(c.told()).not.toContain('penalty_confirmation:gm');
    c.advanceTo(T0 + DAY + 5 * HOUR);
    expect(c.told()).toContain('penalty_confirmation:gm');
  });

  it('v2: the department appeals within 3 working days; a manager above the confirmer grants it and the charge falls', () => {
    const c = withRepeat();
    c.send(s.penaltyConfirmed);
    c.send(s.penaltyAppealed);
    expect(c.ledger()).toEqual([]); // under appeal: waits for the decision
    expect(c.refusal(s.appealDecided, {}, 'gm', 'dept_manager').details.blockedBy).not.toHaveLength(0); // the confirmer
    c.send(s.appealDecided, { granted: true, reason: '核实为楼上住户原因' });
    expect(c.ledger()).toEqual([]);
    expect(c.ctx().penalties[0]!.status).toBe('appeal_granted');
  });

  it('v2: a refused appeal keeps the charge; an appeal after the window is refused', () => {
    const c = withRepeat();
    c.send(s.penaltyConfirmed);
    c.send(s.penaltyAppealed);
    c.send(s.appealDecided);
    expect(c.ledger()).toHaveLength(1);
    const late = withRepeat();
    late.send(s.penaltyConfirmed);
    late.advanceTo(T0 + 3 * DAY + MIN); // Tue + 3 working days = Fri 10:00
    expect(late.refusal(s.penaltyAppealed).details.blockedBy).not.toHaveLength(0);
  });

  it('v2: a case does not close while a penalty waits for its confirmation', () => {
    const c = withRepeat();
    for (const step of [s.recordConfirmed, s.rectificationIssued, s.contacted, s.rectified, s.resultAccepted])
      c.send(step);
    expect(c.refusal(s.closed).details.blockedBy).not.toHaveLength(0);
    c.send(s.penaltyConfirmed);
    c.send(s.closed);
    expect(c.view().status).toBe('closed');
  });

  it('v1 charged the department at once on the recorder’s word', () => {
    const c = open(1);
    c.send({ type: 'repeat_complaint_received', data: { ...s.repeat.data }, role: 'cs_agent' });
    expect(c.ledger()).toEqual([expect.objectContaining({ account: 'project', amount: 100 })]);
  });
});

describe('working-time deadlines on 家逸装饰’s calendar over the 2026 National Day holiday and its make-up days', () => {
  const site = loadConfig().sites.get('jiayi-decoration')!;
  /** A v2 case at the demo site, registered at `at` (ISO with offset), with the site's calendar for that year. */
  const openAt = (at: string) => {
    const t = Date.parse(at);
    const start = {
      ...caseStart('complaint', intake, undefined, 2),
      site: site.id,
      policy: casePolicyFor(v2, site, t),
    };
    const { core } = CaseCore.start(v2, start, t);
    return { core, t, due: (id: string) => core.view(t).timers.find((x) => x.id === id)?.dueAt };
  };
  const iso = (local: string) => new Date(local).toISOString();

  it('规则 5: registered Wednesday 09-30 17:00, the notice is due Thursday 10-08 17:00 (10-01…10-07 off)', () => {
    expect(openAt('2026-09-30T17:00:00+08:00').due('rectification')).toBe(iso('2026-10-08T17:00:00+08:00'));
  });

  it('规则 5: registered Friday 10-09 17:00, the notice is due on the make-up working Saturday 10-10 17:00', () => {
    expect(openAt('2026-10-09T17:00:00+08:00').due('rectification')).toBe(iso('2026-10-10T17:00:00+08:00'));
  });

  it('the read-back’s 2 working hours: the last hour of Wednesday 09-30, then the holiday skipped, Thursday 10-08 10:00', () => {
    expect(openAt('2026-09-30T17:00:00+08:00').due('read_back')).toBe(iso('2026-10-08T10:00:00+08:00'));
  });

  it('a penalty proposed Friday 10-09 17:00 is due for confirmation on the make-up Saturday; appealable for 3 working days', () => {
    const c = openAt('2026-10-09T17:00:00+08:00');
    c.core.applyStep({ type: s.repeat.type, data: s.repeat.data, actor: as('cs_agent') }, c.t);
    expect(c.core.view(c.t).timers.find((x) => x.id === 'penalty_confirmation')?.dueAt).toBe(
      iso('2026-10-10T17:00:00+08:00'),
    );
    c.core.applyStep({ type: s.penaltyConfirmed.type, data: s.penaltyConfirmed.data, actor: as('dept_manager') }, c.t);
    // Saturday 10-10 (make-up), Monday 10-12, Tuesday 10-13: the window ends Tuesday 17:00.
    const appeal = (at: string) =>
      rejectionOrNull(() =>
        c.core.validate(
          { type: s.penaltyAppealed.type, data: s.penaltyAppealed.data, actor: as('qc_inspector') },
          Date.parse(at),
        ),
      );
    expect(appeal('2026-10-13T16:59:00+08:00')).toBeNull();
    expect(appeal('2026-10-13T17:01:00+08:00')).not.toBeNull();
  });
});

function rejectionOrNull(fn: () => unknown) {
  try {
    fn();
    return null;
  } catch (err) {
    return err;
  }
}
