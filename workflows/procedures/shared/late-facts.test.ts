import { getProcedure } from '..';
import { policeCaseNumbersIn } from './late-facts';

/** The refusal rule of a procedure version's late police case number, on a final context. */
const ruleOf = (id: string, version: number) => {
  const spec = getProcedure(id, version).lateFacts?.police_case_number_added;
  if (!spec) throw new Error(`${id} v${version} takes no police case number after close`);
  return (context: Record<string, unknown>, earlier: Array<Record<string, unknown>> = []) =>
    spec.refusal(context, earlier);
};

describe('the police case number added after close (issue 18 point 2)', () => {
  it('finds a number wherever a step recorded one, and only non-empty ones', () => {
    expect(
      policeCaseNumbersIn({
        police: { policeCaseNumber: 'A-1', officer: '王' },
        caseNumbers: [{ policeCaseNumber: 'B-2' }],
        decision: { policeCaseNumber: '' },
        policy: { deadlines: {} },
      }),
    ).toEqual(['A-1', 'B-2']);
  });

  it('perimeter v2 (七.14): only where the police were called, once', () => {
    const rule = ruleOf('perimeter-alarm', 2);
    expect(rule({ police: null, policeNotComing: null, policeCaseNumber: null })).toBe('police_not_involved');
    expect(rule({ police: { officerName: '赵' }, policeNotComing: null, policeCaseNumber: null })).toBeUndefined();
    expect(
      rule({ police: null, policeNotComing: { reason: 'police_declined' }, policeCaseNumber: null }),
    ).toBeUndefined();
    expect(rule({ police: { officerName: '赵' }, policeNotComing: null, policeCaseNumber: 'JB-1' })).toBe(
      'number_already_recorded',
    );
    expect(rule({ police: { officerName: '赵' }, policeNotComing: null, policeCaseNumber: null }, [{}])).toBe(
      'number_already_recorded',
    );
  });

  it('store theft (预案 3–5, 8): handed to the police or called when the suspect left', () => {
    for (const version of [1, 2]) {
      const rule = ruleOf('store-theft', version);
      expect(rule({ decision: { outcome: 'settled' }, suspectLeft: null })).toBe('police_not_involved');
      expect(rule({ decision: null, suspectLeft: { policeCalled: false } })).toBe('police_not_involved');
      expect(rule({ decision: null, suspectLeft: { policeCalled: true } })).toBeUndefined();
      expect(rule({ decision: { outcome: 'handed_to_police', policeCaseNumber: 'GA-1' }, suspectLeft: null })).toBe(
        'number_already_recorded',
      );
    }
  });

  it('residential theft v3 (花园 4.2, 楚世家 1.3.2–1.3.3) and mall theft (三.8) ask their machines’ own guards', () => {
    const residential = ruleOf('residential-theft', 3);
    const told = { policeCalled: null, atStation: null, handover: null, caught: null, caseNumbers: [] };
    expect(residential(told)).toBe('police_not_involved');
    expect(residential({ ...told, atStation: { station: '城南派出所' } })).toBeUndefined();
    expect(residential({ ...told, policeCalled: { calledBy: 'estate', policeCaseNumber: 'X' } })).toBe(
      'number_already_recorded',
    );
    const mall = ruleOf('mall-theft', 1);
    expect(mall({ police: null, policeCaseNumbers: [] })).toBe('police_not_involved');
    expect(mall({ police: { officer: '王', policeCaseNumber: '' }, policeCaseNumbers: [] })).toBeUndefined();
  });

  it('is not offered where the number was always required at the scene (perimeter v1, residential v1–v2)', () => {
    expect(getProcedure('perimeter-alarm', 1).lateFacts).toBeUndefined();
    expect(getProcedure('residential-theft', 2).lateFacts).toBeUndefined();
  });
});
