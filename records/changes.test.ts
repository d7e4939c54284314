import { perimeterCaseChanges } from '../tests/support/case-views';
import { changesBetween } from './changes';

describe('the entries between two snapshots of a case', () => {
  // The late patrol's rung (change 3) and its in-app delivery (change 4), from the real engine.
  const changes = perimeterCaseChanges('perimeter-alarm-test-site-changes-1');
  const fired = changes[2]!.view;
  const delivered = changes[3]!.view;

  it('records a channel’s permanent refusal of a rung once, with its reason, dated by the rung', () => {
    const refusal = { channel: 'wecom', reason: 'wecom refused: code 93000 invalid webhook url' };
    const refused = structuredClone(delivered);
    refused.escalations[0]!.undelivered = [refusal];
    const entries = changesBetween(delivered, refused);
    expect(entries).toEqual([
      {
        kind: 'undelivered',
        at: refused.escalations[0]!.at,
        body: { n: 1, refused: [refusal], at: refused.escalations[0]!.at },
      },
    ]);
    // The same refusal again (a later snapshot) adds nothing; a second channel adds only itself.
    const again = structuredClone(refused);
    expect(changesBetween(refused, again)).toEqual([]);
    const sms = { channel: 'sms', reason: 'isv.MOBILE_NUMBER_ILLEGAL' };
    again.escalations[0]!.undelivered!.push(sms);
    expect(changesBetween(refused, again)).toEqual([
      {
        kind: 'undelivered',
        at: refused.escalations[0]!.at,
        body: { n: 1, refused: [sms], at: refused.escalations[0]!.at },
      },
    ]);
  });

  it('keeps the refusal out of the escalation entry of a rung refused in the same change', () => {
    const refused = structuredClone(delivered);
    refused.escalations[0]!.undelivered = [{ channel: 'sms', reason: 'isv.MOBILE_NUMBER_ILLEGAL' }];
    const entries = changesBetween(changes[1]!.view, refused);
    const escalation = entries.find((e) => e.kind === 'escalation')!;
    expect(escalation.body).not.toHaveProperty('escalation.undelivered');
    expect(entries.map((e) => e.kind)).toContain('undelivered');
    expect(fired.escalations[0]!.undelivered).toBeUndefined();
  });

  it('records who the on-duty roster picked once, dated by the rung, also when it came after the rung', () => {
    const roster = {
      by: 'on_duty' as const,
      user: 'squad_leader',
      name: '班长 李强',
      shift: { days: ['mon'], from: '08:00', to: '20:00' },
    };
    const picked = structuredClone(delivered);
    picked.escalations[0]!.roster = roster;
    const at = picked.escalations[0]!.at;
    expect(changesBetween(delivered, picked)).toEqual([{ kind: 'roster', at, body: { n: 1, roster, at } }]);
    expect(changesBetween(picked, structuredClone(picked))).toEqual([]);
    // Decided in the same change as the rung: the escalation entry carries it, no entry of its own.
    const entries = changesBetween(changes[1]!.view, picked);
    expect(entries.find((e) => e.kind === 'escalation')!.body).toHaveProperty('escalation.roster', roster);
    expect(entries.map((e) => e.kind)).not.toContain('roster');
  });
});
