import { as, caseStart, rejectionOf } from '../../tests/support/fixtures';
import { getProcedure } from '../procedures';
import { CaseCore, MAX_REQUEST_KEYS, REQUEST_KEY_TTL_MS } from './case-core';

// The case's memory of idempotency keys, driven with the pure core and its own clock.
const T0 = Date.parse('2026-12-01T08:00:00Z');
const def = getProcedure('perimeter-alarm');
const open = () => CaseCore.start(def, caseStart('perimeter-alarm', { zone: 'north-wall-3' }), T0).core;
const tracked = (climbingSeen: boolean, key?: string, fingerprint = `fp-${climbingSeen}`) => ({
  type: 'cameras_tracked',
  data: { climbingSeen },
  actor: as('monitor_guard'),
  ...(key ? { request: { key, fingerprint } } : {}),
});

describe('idempotency keys in the case core', () => {
  it('applies a keyed step once, refuses the key for another request, and changes nothing then', () => {
    const core = open();
    core.applyStep(tracked(false, 'k1'), T0 + 1000);
    expect(core.isRepeat({ key: 'k1', fingerprint: 'fp-false' })).toBe(true);
    expect(core.applyStep(tracked(false, 'k1'), T0 + 2000)).toEqual([]);
    const refused = rejectionOf(() => core.applyStep(tracked(true, 'k1'), T0 + 3000));
    expect(refused.kind).toBe('IdempotencyKeyReused');
    expect(refused.details).toEqual({ appliedAt: new Date(T0 + 1000).toISOString() });
    expect(core.view(T0 + 3000).history.map((h) => h.data)).toEqual([{ climbingSeen: false }]);
  });

  it('carries its keys over continue-as-new, and a case without keys persists as before', () => {
    expect(open().persist()).not.toHaveProperty('requests');
    const core = open();
    core.applyStep(tracked(true, 'k1'), T0 + 1000);
    const resumed = CaseCore.resume(def, JSON.parse(JSON.stringify(core.persist())));
    expect(resumed.isRepeat({ key: 'k1', fingerprint: 'fp-true' })).toBe(true);
    expect(rejectionOf(() => resumed.isRepeat({ key: 'k1', fingerprint: 'other' })).kind).toBe('IdempotencyKeyReused');
  });

  it('forgets keys after a day, and beyond the most recent ones', () => {
    const core = open();
    core.applyStep(tracked(true, 'old'), T0);
    core.applyStep(tracked(true, 'new'), T0 + REQUEST_KEY_TTL_MS + 1);
    expect(core.isRepeat({ key: 'old', fingerprint: 'x' })).toBe(false);
    for (let i = 0; i < MAX_REQUEST_KEYS; i++) core.applyStep(tracked(true, `k${i}`), T0 + REQUEST_KEY_TTL_MS + 2);
    expect(core.persist().requests).toHaveLength(MAX_REQUEST_KEYS);
    expect(core.isRepeat({ key: 'new', fingerprint: 'x' })).toBe(false);
    expect(core.isRepeat({ key: `k${MAX_REQUEST_KEYS - 1}`, fingerprint: 'fp-true' })).toBe(true);
  });
});
