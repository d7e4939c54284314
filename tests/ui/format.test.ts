import { duration, formatDate, formatMonth, formatTime, fromZonedInput, toZonedInput } from '../../ui/src/format';

describe('durations in words (issue 20 point 4: 「2天23小时」, not 「2d 23h」)', () => {
  const s = 1000;
  const min = 60 * s;
  const h = 60 * min;
  const d = 24 * h;
  it.each([
    [2 * d + 23 * h + 5 * min, '2天23小时', '2 days 23 hrs'],
    [3 * d, '3天', '3 days'],
    [1 * h + 5 * min + 9 * s, '1小时5分钟', '1 hr 5 mins'],
    [4 * min + 52 * s, '4分钟52秒', '4 mins 52 secs'],
    [5 * min, '5分钟', '5 mins'],
    [52 * s + 999, '52秒', '52 secs'],
    [0, '0秒', '0 secs'],
  ])('%d ms: %s / %s', (ms, zh, en) => {
    expect(duration(ms, 'zh-CN')).toBe(zh);
    expect(duration(ms, 'en')).toBe(en);
  });
  it('says how late without a sign', () => {
    expect(duration(-(2 * min + 3 * s), 'zh-CN')).toBe('2分钟3秒');
  });
});

describe('one date format per language, in the site’s zone', () => {
  it('formats an instant as 2026年12月2日 14:05 / 2 Dec 2026, 14:05 (Asia/Shanghai)', () => {
    expect(formatTime('2026-12-02T06:05:30Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026年12月2日 14:05');
    expect(formatTime('2026-12-02T06:05:30Z', 'Asia/Shanghai', 'en')).toBe('2 Dec 2026, 14:05');
    expect(formatTime(null, 'Asia/Shanghai', 'zh-CN')).toBe('—');
  });
  it('formats calendar dates and months the same way, whatever the zone of the machine', () => {
    expect(formatDate('2027-01-01', 'zh-CN')).toBe('2027年1月1日');
    expect(formatDate('2027-01-01', 'en')).toBe('1 Jan 2027');
    expect(formatMonth('2026-12', 'zh-CN')).toBe('2026年12月');
    expect(formatMonth('2026-12', 'en')).toBe('Dec 2026');
  });
});

describe('date-and-time pickers in the site’s zone (issue 20 point 6)', () => {
  it('sends the wall time picked as the instant with the site’s offset, whatever zone the browser is in', () => {
    expect(fromZonedInput('2026-11-24T14:30', 'Asia/Shanghai')).toBe('2026-11-24T14:30:00+08:00');
    expect(Date.parse(fromZonedInput('2026-11-24T14:30', 'Asia/Shanghai')!)).toBe(Date.parse('2026-11-24T06:30:00Z'));
    // A zone with summer time: the offset of that day, not of today.
    expect(fromZonedInput('2026-07-01T09:00', 'Europe/London')).toBe('2026-07-01T09:00:00+01:00');
    expect(fromZonedInput('2026-12-01T09:00', 'Europe/London')).toBe('2026-12-01T09:00:00+00:00');
    expect(fromZonedInput('', 'Asia/Shanghai')).toBeUndefined();
  });

  it('shows a recorded instant as the site’s wall time', () => {
    expect(toZonedInput('2026-11-24T06:30:00Z', 'Asia/Shanghai')).toBe('2026-11-24T14:30');
    expect(toZonedInput('2026-11-24T14:30:00+08:00', 'Asia/Shanghai')).toBe('2026-11-24T14:30');
    expect(toZonedInput('nonsense', 'Asia/Shanghai')).toBe('');
    expect(toZonedInput(fromZonedInput('2026-03-05T23:59', 'America/New_York'), 'America/New_York')).toBe(
      '2026-03-05T23:59',
    );
  });
});
