import { formatsByZone } from './zone-formats';

describe('formatsByZone', () => {
  const day = formatsByZone('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });

  it('makes one formatter per zone and keeps it', () => {
    expect(day('Asia/Shanghai')).toBe(day('Asia/Shanghai'));
    expect(day('Asia/Shanghai')).not.toBe(day('Europe/London'));
  });

  it('formats in the zone named, not the process’s', () => {
    const lateUtc = Date.parse('2026-02-28T23:30:00Z');
    expect(day('Asia/Shanghai').format(lateUtc)).toBe('2026-03-01');
    expect(day('Europe/London').format(lateUtc)).toBe('2026-02-28');
  });

  it('refuses a zone Intl does not know', () => {
    expect(() => day('Mars/Olympus')).toThrow(RangeError);
  });
});
