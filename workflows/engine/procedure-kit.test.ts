import { z } from 'zod';
import { done, eventOf, isProbe, recorded, type StepEventsOf } from './procedure-kit';

const events = {
  patrol_arrived: { schema: z.object({ note: z.string().optional() }), roles: ['patrol_guard'] },
  verdict_given: { schema: z.object({ verdict: z.enum(['false_alarm', 'intrusion']) }), roles: ['squad_leader'] },
};
type Event = StepEventsOf<typeof events>;

const actor = { id: 'u-7', name: '王伟', role: 'squad_leader' };
// Built by a function, so the type is the whole union (as in a machine's action), not narrowed by the literal.
const stepEvent = (event: Event): Event => event;
const verdict = stepEvent({
  type: 'verdict_given',
  data: events.verdict_given.schema.parse({ verdict: 'intrusion' }),
  actor,
  at: 1_700_000_000_000,
});

describe('the procedure toolkit', () => {
  it('stamps a step with who did it, in what role, and when', () => {
    expect(done(verdict)).toEqual({ by: 'u-7', role: 'squad_leader', at: 1_700_000_000_000 });
    expect(recorded(eventOf(verdict, 'verdict_given'))).toEqual({
      verdict: 'intrusion',
      by: 'u-7',
      role: 'squad_leader',
      at: 1_700_000_000_000,
    });
  });

  it('narrows an event of the expected type (one or a list) and throws on any other', () => {
    expect(eventOf(verdict, 'verdict_given').data.verdict).toBe('intrusion');
    expect(eventOf(verdict, ['patrol_arrived', 'verdict_given']).type).toBe('verdict_given');
    expect(() => eventOf(verdict, 'patrol_arrived')).toThrow(
      /patrol_arrived.*verdict_given|verdict_given.*patrol_arrived/,
    );
  });

  it('tells the engine’s probe from a real step', () => {
    expect(isProbe({ ...verdict, data: {}, probe: true })).toBe(true);
    expect(isProbe(verdict)).toBe(false);
    expect(isProbe(undefined)).toBe(false);
  });
});
