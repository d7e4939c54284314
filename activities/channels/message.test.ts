import { loadConfig } from '../../config';
import { escalationMessage } from './message';
import { rungPayload } from './test-support';
import { webhookBody } from './webhook';

// A rung the site's on-duty roster resolved (issue 21 point 3) names the person told, in both languages.
describe('the message of a rung under the on-duty roster', () => {
  const config = loadConfig();
  const withRoster = (roster: NonNullable<ReturnType<typeof rungPayload>['escalation']>['roster']) => {
    const payload = rungPayload('roster-msg');
    payload.escalation!.roster = roster;
    return payload;
  };
  const rungLine = (payload: ReturnType<typeof rungPayload>, lang: 'zh-CN' | 'en') =>
    escalationMessage(payload, lang, config).fields.find(([label]) => /本级通知|Told now/.test(label))?.[1];

  it('names the person on duty, or the deputy, after the role', () => {
    const onDuty = withRoster({
      by: 'on_duty',
      user: 'li',
      name: '队长 李强',
      shift: { days: ['mon'], from: '08:00', to: '20:00' },
    });
    expect(rungLine(onDuty, 'zh-CN')).toBe('第 2 级，保安队长（值班：队长 李强）');
    expect(rungLine(onDuty, 'en')).toMatch(/^level 2, .+ \(on duty: 队长 李强\)$/);
    const deputy = withRoster({ by: 'deputy', user: 'zhao' });
    expect(rungLine(deputy, 'zh-CN')).toBe('第 2 级，保安队长（无人值班，代班：zhao）');
    expect(JSON.parse(webhookBody(deputy)).escalation.roster).toEqual({ by: 'deputy', user: 'zhao' });
  });

  it('says nothing more when the rung went to everyone holding the role', () => {
    expect(rungLine(withRoster({ by: 'no_roster' }), 'zh-CN')).toBe('第 2 级，保安队长');
    expect(rungLine(rungPayload('plain'), 'zh-CN')).toBe('第 2 级，保安队长');
    expect(JSON.parse(webhookBody(rungPayload('plain'))).escalation).not.toHaveProperty('roster');
  });
});
