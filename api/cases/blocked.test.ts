import { getProcedure } from '../../workflows/procedures';
import { blockedEventsFor } from './blocked';

const storeTheft = getProcedure('store-theft', 1);
const inOffice = {
  status: 'open' as const,
  state: 'theftConfirmed.squadLeader.awaitingSquadLeader,theftConfirmed.customer.inOffice.awaitingInterview',
  allowedEvents: [
    { type: 'squad_leader_arrived', roles: ['squad_leader'] },
    { type: 'female_staff_present', roles: ['squad_leader', 'ops_manager'] },
    { type: 'suspect_left', roles: ['ops_manager'] },
  ],
};

describe('blockedEventsFor', () => {
  it('names a step the state accepts but a guard refuses, with the rule from the procedure’s i18n', () => {
    expect(blockedEventsFor(storeTheft, inOffice, ['ops_manager'], 'en')).toEqual([
      {
        type: 'interview_started',
        reasons: [expect.stringContaining('female staff member is recorded as present')],
      },
    ]);
    expect(blockedEventsFor(storeTheft, inOffice, ['ops_manager'], 'zh-CN')[0]!.reasons[0]).toContain('女性工作人员');
  });

  it('leaves out steps the caller’s roles may not send, allowed steps, and closed cases', () => {
    expect(blockedEventsFor(storeTheft, inOffice, ['gate_guard'], 'en')).toEqual([]);
    const allowed = {
      ...inOffice,
      allowedEvents: [...inOffice.allowedEvents, { type: 'interview_started', roles: ['ops_manager'] }],
    };
    expect(blockedEventsFor(storeTheft, allowed, ['ops_manager'], 'en')).toEqual([]);
    expect(blockedEventsFor(storeTheft, { ...inOffice, status: 'closed' }, ['ops_manager'], 'en')).toEqual([]);
  });

  it('does not treat an unguarded step as blocked', () => {
    const view = { status: 'open' as const, state: 'tailingSuspect', allowedEvents: [] };
    expect(blockedEventsFor(storeTheft, view, ['patrol_guard', 'squad_leader', 'ops_manager'], 'en')).toEqual([]);
  });
});
