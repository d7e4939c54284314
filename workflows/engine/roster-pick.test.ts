import { as, caseStart } from '../../tests/support/fixtures';
import { getProcedure } from '../procedures';
import { CaseCore } from './case-core';
import type { Effect } from './case-records';

// What the case core does with the onDuty activity's answer for a rung (issue 21 point 3), without Temporal.
const def = getProcedure('perimeter-alarm');
const T0 = Date.parse('2026-12-02T02:00:00Z');
const base = caseStart('perimeter-alarm', { zone: 'north-wall-3' }, 'perimeter-alarm-roster-core-1');
const start = {
  ...base,
  policy: {
    ...base.policy,
    ladders: {
      ...base.policy.ladders,
      dispatch: [
        { role: 'guard_b', after: 'PT0S', channels: ['in_app' as const] },
        { role: 'squad_leader', after: 'PT10M', channels: ['in_app' as const] },
      ],
    },
  },
};
const timerOf = (effects: Effect[], prefix: string) =>
  effects.find((e): e is Extract<Effect, { kind: 'startTimer' }> => e.kind === 'startTimer' && e.key.includes(prefix));

/** A case whose dispatch deadline passed: rung 1 (guard_b) fired, rung 2 (squad_leader) waits 10 minutes. */
function escalated() {
  const { core, effects } = CaseCore.start(def, start, T0);
  const deadline = timerOf(effects, 'xstate.after.dispatch.')!;
  const fired = core.fireTimer(deadline.key, deadline.dueAt);
  return { core, at: deadline.dueAt, next: timerOf(fired, 'rung:dispatch:2')! };
}

describe('the roster’s answer for a rung', () => {
  it('sends the rung to the person on duty or the deputy, recorded once', () => {
    const { core, at } = escalated();
    const found = { by: 'on_duty' as const, user: 'li', shift: { days: ['mon'], from: '08:00', to: '20:00' } };
    expect(core.assignRoster(1, found, at + 100)).toEqual({ send: true, effects: [] });
    // A second answer (a replayed or repeated activity) changes nothing and sends nothing.
    expect(core.assignRoster(1, { by: 'deputy', user: 'zhao' }, at + 200)).toEqual({ send: false, effects: [] });
    expect(core.view(at + 300).escalations[0]!.roster).toEqual(found);
  });

  it('passes the rung over when nobody is on duty: the next rung fires now and its timer is cancelled', () => {
    const { core, at, next } = escalated();
    expect(next.dueAt).toBe(at + 10 * 60_000);
    const { send, effects } = core.assignRoster(1, { by: 'nobody' }, at + 100);
    expect(send).toBe(false);
    expect(effects[0]).toEqual({ kind: 'cancelTimer', key: next.key });
    const notify = effects.find((e) => e.kind === 'activity' && e.name === 'notify');
    expect(notify).toMatchObject({ payload: { escalation: { n: 2, level: 2, to: 'squad_leader' } } });
    const view = core.view(at + 100);
    expect(view.escalations.map((e) => [e.to, e.roster?.by])).toEqual([
      ['guard_b', 'next_rung'],
      ['squad_leader', undefined], // asked of the roster in its turn
    ]);
    // On the last rung nobody on duty means everyone holding the role.
    expect(core.assignRoster(2, { by: 'nobody' }, at + 200)).toEqual({ send: true, effects: [] });
    expect(core.view(at + 200).escalations[1]!.roster).toEqual({ by: 'everyone' });
  });

  it('fires nothing more when the deadline’s state was left before the answer came', () => {
    const { core, at } = escalated();
    core.applyStep(
      { type: 'patrol_dispatched', data: { patrol: ['孙伟'], squadLeaderInformed: true }, actor: as('monitor_guard') },
      at + 50,
    );
    expect(core.assignRoster(1, { by: 'nobody' }, at + 100)).toEqual({ send: false, effects: [] });
    expect(core.view(at + 100).escalations.map((e) => e.roster)).toEqual([{ by: 'next_rung' }]);
  });
});
