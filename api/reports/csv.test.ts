import { parse } from 'csv-parse/sync';
import { csvWords, safeCell, toCsv } from './csv';

describe('reports CSV', () => {
  it('starts with a UTF-8 BOM so Excel reads Chinese, and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(
      ['名称', '说明'],
      [
        ['张女士', '说"退款",\n马上'],
        ['李', 3],
      ],
    );
    expect(csv.startsWith('\uFEFF名称,说明\n')).toBe(true);
    expect(parse(csv.slice(1))).toEqual([
      ['名称', '说明'],
      ['张女士', '说"退款",\n马上'],
      ['李', '3'],
    ]);
  });

  it.each(['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'writes %j as text, not a formula',
    (cell) => {
      expect(safeCell(cell)).toBe(`'${cell}`);
      const [, row] = parse(toCsv(['a'], [[cell]]).slice(1), { relax_column_count: true }) as string[][];
      expect(row![0]).toBe(`'${cell}`);
    },
  );

  it('leaves ordinary text and numbers (a negative amount too) as they are', () => {
    expect(safeCell('设计部')).toBe('设计部');
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell(-200)).toBe(-200);
    expect(toCsv(['金额'], [[-200]])).toBe('\uFEFF金额\n-200\n');
  });

  it('names ids in words, and writes an id it has no word for as it is', () => {
    const messages = {
      'zh-CN': {
        name: '客户投诉处理',
        timers: { contact: '联系时限' },
        values: { design: '设计部', unresolved: '未解决' },
      },
      en: { name: 'Complaint', timers: { contact: 'Contact deadline' }, values: { design: 'Design' } },
    };
    const procedureOf = (id: string) => (id === 'complaint' ? { i18n: messages } : undefined);
    const zh = csvWords('zh-CN', (id) => (id === 'xinghe-mall' ? '星河购物中心' : undefined), procedureOf);
    expect(zh.site('xinghe-mall')).toBe('星河购物中心');
    expect(zh.site('elsewhere')).toBe('elsewhere');
    expect(zh.procedure('complaint')).toBe('客户投诉处理');
    expect(zh.procedure('unknown')).toBe('unknown');
    expect(zh.timer('complaint', 'contact')).toBe('联系时限');
    expect(zh.value('complaint', 'design')).toBe('设计部');
    expect(zh.reason('complaint', 'rule 11: unresolved')).toBe('未解决');
    const en = csvWords('en', () => undefined, procedureOf);
    expect(en.reason('complaint', 'rule 11: unresolved')).toBe('rule 11: unresolved');
    expect(zh.reason('complaint', 'rule 12: other')).toBe('第 12 条：other');
    expect(en.value('complaint', 'design')).toBe('Design');
  });
});
