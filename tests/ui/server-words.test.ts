import { duration, formatTime } from '../../ui/src/format';
import { durationInWords, formatInstant } from '../../config/words';

// The server writes instants and lengths of time into escalation explanations, e-mails, robot messages, acknowledge
// pages and PDFs; the UI formats them on its pages. Issue 20 point 4 asks one format per language: the two copies
// (the UI imports no part) must say the same.
describe('the server words times as the UI does', () => {
  const instants = ['2026-12-02T03:37:05.123Z', '2026-01-01T00:00:00Z', '2026-10-01T15:59:59Z'];
  const lengths = [
    0,
    999,
    52_000,
    4 * 60_000 + 52_000,
    3_600_000 + 5 * 60_000,
    3 * 86_400_000,
    2 * 86_400_000 + 23 * 3_600_000,
  ];
  for (const lang of ['zh-CN', 'en'] as const) {
    it.each(instants)(`instant %s in ${lang}`, (iso) => {
      expect(formatInstant(iso, 'Asia/Shanghai', lang)).toBe(formatTime(iso, 'Asia/Shanghai', lang));
    });
    it.each(lengths)(`length %d ms in ${lang}`, (ms) => {
      expect(durationInWords(ms, lang)).toBe(duration(ms, lang));
    });
  }
  it('writes zh-CN dates in the one Chinese format, without half-width separators', () => {
    expect(formatInstant('2026-12-02T03:37:05Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026年12月2日 11:37');
    expect(durationInWords(65 * 60_000, 'zh-CN')).toBe('1小时5分钟');
  });
});
