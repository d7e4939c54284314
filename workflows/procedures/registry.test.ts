import { getProcedure, newestProcedures, procedures, registryProblems, triggeredBy, versionsOf } from '.';

describe('procedure registry', () => {
  it('has one definition per procedure and version, machine ids equal to procedure ids, unique number prefixes', () => {
    expect(registryProblems()).toEqual([]);
  });

  it('finds a given version, and the newest when none is named', () => {
    for (const def of procedures) expect(getProcedure(def.id, def.version)).toBe(def);
    for (const def of newestProcedures()) {
      expect(def.version).toBe(Math.max(...versionsOf(def.id).map((v) => v.version)));
    }
    expect(() => getProcedure('perimeter-alarm', 99)).toThrow('unknown procedure perimeter-alarm version 99');
  });

  it('names what is wrong with a bad registry', () => {
    const alarm = getProcedure('perimeter-alarm', 1);
    const store = getProcedure('store-theft');
    expect(
      registryProblems([alarm, alarm, { ...store, numberPrefix: alarm.numberPrefix, triggers: alarm.triggers }]),
    ).toEqual([
      'perimeter-alarm version 1 is registered twice',
      `store-theft: number prefix ${alarm.numberPrefix} is taken by perimeter-alarm`,
      'store-theft: trigger alarm-panel is taken by perimeter-alarm',
    ]);
  });

  it('finds the procedure an outside source opens cases of, by the source', () => {
    const found = triggeredBy('alarm-panel');
    expect(found?.procedure).toBe(getProcedure('perimeter-alarm'));
    expect(found?.trigger.toIntake({ eventId: 'E1', zone: 'north-wall-3' })).toEqual({
      zone: 'north-wall-3',
      source: 'panel',
      panelEventId: 'E1',
    });
  });
});
