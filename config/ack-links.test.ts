import { ackLinkTtlMs, signAckToken, verifyAckToken } from './ack-links';
import { ConfigError } from './env';

const claim = { caseId: 'perimeter-alarm-chengshi-garden-x', n: 2, site: 'chengshi-garden', role: 'squad_leader' };
const at = Date.parse('2026-11-24T02:08:20Z');

describe('acknowledge link tokens', () => {
  it('last 24 hours by default, or ACK_LINK_TTL; a bad ACK_LINK_TTL is refused by name', () => {
    expect(ackLinkTtlMs({})).toBe(24 * 3_600_000);
    expect(ackLinkTtlMs({ ACK_LINK_TTL: 'PT2H' })).toBe(2 * 3_600_000);
    expect(() => ackLinkTtlMs({ ACK_LINK_TTL: '2WD' })).toThrow(ConfigError);
    expect(() => ackLinkTtlMs({ ACK_LINK_TTL: 'PT0S' })).toThrow(/ACK_LINK_TTL: expected a duration longer than zero/);
  });

  it('give their claim back until they expire, then say expired; the same rung and time sign the same token', async () => {
    const token = await signAckToken(claim, at, 3_600_000);
    expect(await signAckToken(claim, at, 3_600_000)).toBe(token);
    expect(await verifyAckToken(token, at + 59 * 60_000)).toEqual({ claim, expiresAt: at + 3_600_000 });
    expect(await verifyAckToken(token, at + 3_601_000)).toEqual({ refused: 'expired' });
    const personal = await signAckToken({ ...claim, user: 'squad_leader' }, at, 3_600_000);
    expect(await verifyAckToken(personal, at)).toMatchObject({ claim: { user: 'squad_leader' } });
    expect(await verifyAckToken('not.a.token', at)).toEqual({ refused: 'invalid' });
  });
});
