/**
 * @jest-environment jsdom
 */
import { act, render } from '@testing-library/react';
import { jsonSchemaOf } from '../../api/procedures/json-schema';
import { ApiError } from '../../ui/src/api/client';
import { failureOf } from '../../ui/src/components/Steps';
import { RecordedData } from '../../ui/src/components/RecordedData';
import type { JsonSchema } from '../../ui/src/forms/schema';
import i18n from '../../ui/src/i18n';
import { getProcedure } from '../../workflows/procedures';

const complaint = getProcedure('complaint', 1);
const labelsOf = (lang: 'zh-CN' | 'en') => ({
  fields: complaint.i18n[lang].fields as Record<string, string>,
  values: complaint.i18n[lang].values as Record<string, string>,
});
const time = (iso: string) => `@${iso.slice(11, 16)}`;

beforeEach(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

describe('RecordedData: a step’s data in words', () => {
  const contact = { method: 'phone', summary: '已致歉', severity: 'normal', onSiteVisitNeeded: false };
  const schema = jsonSchemaOf(complaint.events.customer_contacted!.schema) as JsonSchema;

  it('labels each field and translates choices and yes/no from the procedure’s i18n', () => {
    const { container } = render(
      <RecordedData data={contact} schema={schema} labels={labelsOf('zh-CN')} time={time} />,
    );
    const pairs = [...container.querySelectorAll('.recorded-field')].map((f) => [
      f.querySelector('dt')!.textContent,
      f.querySelector('dd')!.textContent,
    ]);
    expect(pairs).toEqual([
      ['方式', '电话'],
      ['沟通情况', '已致歉'],
      ['投诉等级', '一般'],
      ['需上门协商', '否'],
    ]);
  });

  it('speaks English with the switch', async () => {
    await act(() => i18n.changeLanguage('en'));
    const { container } = render(<RecordedData data={contact} schema={schema} labels={labelsOf('en')} time={time} />);
    expect(container.textContent).toContain('On-site visit needed');
    expect(container.textContent).toMatch(/No$/);
  });

  it('nests lists of objects and objects, translates choices only where the schema has them, and shows times', () => {
    const intake = {
      customer: { name: '张女士', phone: '13800138000' },
      channel: 'phone',
      category: 'product',
      description: 'phone', // free text that happens to be a choice's code stays as written
      amountClaimed: 0,
    };
    const start = jsonSchemaOf(complaint.start.schema) as JsonSchema;
    const { container } = render(<RecordedData data={intake} schema={start} labels={labelsOf('zh-CN')} time={time} />);
    const text = container.textContent!;
    expect(text).toContain('客户姓名张女士电话13800138000');
    expect(text).toContain('投诉渠道电话');
    expect(text).toContain('投诉类别商品');
    expect(text).toContain('投诉内容phone');
    expect(text).toContain('索赔金额（元）0');
    const follow = jsonSchemaOf(complaint.events.follow_up_called!.schema) as JsonSchema;
    const { container: c2 } = render(
      <RecordedData
        data={{ reached: true, outcome: '约好上门', appointment: { at: '2026-12-01T02:30:00.000Z', purpose: '维修' } }}
        schema={follow}
        labels={labelsOf('zh-CN')}
        time={time}
      />,
    );
    expect(c2.textContent).toContain('预约上门时间@02:30事由维修');
    const witnesses = jsonSchemaOf(complaint.events.witnesses_recorded!.schema) as JsonSchema;
    const { container: c3 } = render(
      <RecordedData
        data={{ witnesses: [{ name: '李先生', phone: '13900000000', writtenStatement: true }], noWitnesses: false }}
        schema={witnesses}
        labels={labelsOf('zh-CN')}
        time={time}
      />,
    );
    expect(c3.querySelectorAll('.recorded-list > li')).toHaveLength(1);
    expect(c3.textContent).toContain('书面证言是');
    expect(c3.textContent).toContain('无目击证人否');
  });
});

describe('failureOf: a step refused by the server, in the UI’s language with the field’s label', () => {
  const refused = new ApiError({
    status: 422,
    detail: 'data for customer_contacted is invalid: onSiteVisitNeeded: Invalid input',
    issues: [
      {
        path: 'data.onSiteVisitNeeded',
        message: 'Invalid input: expected boolean, received undefined',
        code: 'invalid_type',
      },
      {
        path: 'data.department',
        message: 'this reason names its department (rules 8, 10, 11, 12, 14)',
        code: 'custom',
      },
    ],
  });
  const labels = { onSiteVisitNeeded: '需上门协商', department: '责任部门' };

  it('names the fields by label and words each issue in Chinese, never the raw path or English', () => {
    const f = failureOf(refused, i18n.t, labels, 'zh-CN');
    expect(f.message).toBe('请更正标出的内容：需上门协商、责任部门');
    expect(f.fields).toEqual({ onSiteVisitNeeded: { code: 'required' }, department: { code: 'conflict' } });
  });

  it('keeps a rule’s own English wording in the English UI', async () => {
    await act(() => i18n.changeLanguage('en'));
    const f = failureOf(refused, i18n.t, { onSiteVisitNeeded: 'On-site visit needed', department: 'Department' }, 'en');
    expect(f.message).toBe('Please correct the marked fields: On-site visit needed, Department');
    expect(f.fields!.department).toBe('this reason names its department (rules 8, 10, 11, 12, 14)');
  });
});
