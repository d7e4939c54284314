/**
 * @jest-environment jsdom
 */
import { act, render } from '@testing-library/react';
import type { CaseView, Escalation, ProcedureDetail } from '../../ui/src/api/types';
import { Timeline } from '../../ui/src/components/Timeline';
import i18n from '../../ui/src/i18n';

// The timeline needs only role names of the session: 保安班长 for squad_leader.
jest.mock('../../ui/src/session', () => ({
  useSession: () => ({ roleName: (r: string) => (r === 'squad_leader' ? '保安班长' : r) }),
}));

const rung = (n: number, roster: Escalation['roster']): Escalation => ({
  n,
  timer: 'dispatch',
  level: n,
  to: 'squad_leader',
  channels: ['in_app'],
  dueAt: '2026-12-02T02:00:00.000Z',
  at: `2026-12-02T02:0${n}:00.000Z`,
  notifiedVia: ['in_app'],
  ...(roster ? { roster } : {}),
});
const view = {
  startedAt: '2026-12-02T01:00:00.000Z',
  history: [],
  escalations: [
    rung(1, { by: 'on_duty', user: 'li', name: '郑军', shift: { days: ['mon', 'tue'], from: '08:00', to: '20:00' } }),
    rung(2, { by: 'deputy', user: 'zhao', name: '赵磊' }),
    rung(3, { by: 'next_rung' }),
    rung(4, { by: 'no_roster' }),
    rung(5, undefined),
  ],
} as unknown as CaseView;
const def = { events: [], start: { schema: {} } } as unknown as ProcedureDetail;
const rosterLines = (container: HTMLElement) =>
  [...container.querySelectorAll('.escalation')].map((e) => e.querySelector('.roster')?.textContent ?? null);

describe('the timeline says who the on-duty roster picked for each rung', () => {
  it('in Chinese', async () => {
    await act(() => i18n.changeLanguage('zh-CN'));
    const { container } = render(<Timeline view={view} def={def} time={(iso) => iso ?? ''} />);
    expect(rosterLines(container)).toEqual([
      '值班：郑军（每周一、二 08:00–20:00），消息只发给此人',
      '无人值班，已通知代班：赵磊',
      '无人值班且未设代班：本级未通知任何人，已立即升级到下一级',
      '本站点未为此角色排班：已通知所有保安班长',
      null, // a case from before rosters records none
    ]);
  });

  it('in English', async () => {
    await act(() => i18n.changeLanguage('en'));
    const { container } = render(<Timeline view={view} def={def} time={(iso) => iso ?? ''} />);
    expect(rosterLines(container)[0]).toBe('On duty: 郑军 (Weekly Mon, Tue 08:00–20:00); the messages went to them');
    expect(rosterLines(container)[1]).toBe('Nobody on duty: the deputy 赵磊 was told');
  });
});
