/**
 * @jest-environment jsdom
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import i18n from '../../ui/src/i18n';
import { SchemaForm, type FormLabels } from '../../ui/src/forms/SchemaForm.tsx';
import {
  cleaned,
  initialValue,
  kindOf,
  validate,
  withConstants,
  type FieldError,
  type FormValue,
  type JsonSchema,
} from '../../ui/src/forms/schema';

// Shapes as the API sends them (zod's JSON Schema): the perimeter verdict's discriminated union, a list of goods.
const verdict: JsonSchema = {
  type: 'object',
  oneOf: [
    {
      type: 'object',
      properties: {
        verdict: { type: 'string', const: 'false_alarm' },
        cause: { type: 'string', enum: ['equipment_fault', 'weather_or_animal'] },
        panelReset: { type: 'boolean', const: true },
        causeNote: { type: 'string', maxLength: 2000 },
      },
      required: ['verdict', 'cause', 'panelReset'],
    },
    {
      type: 'object',
      properties: {
        verdict: { type: 'string', const: 'intrusion' },
        commander: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['name'],
        },
        searchPerformed: { type: 'boolean', const: false },
      },
      required: ['verdict', 'commander', 'searchPerformed'],
    },
  ],
};

const settled: JsonSchema = {
  type: 'object',
  properties: {
    amount: { type: 'number', minimum: 0, maximum: 100, multipleOf: 0.01 },
    count: { type: 'integer', minimum: 1 },
    phone: { type: 'string', pattern: '^[0-9+()\\- ]{5,32}$' },
    goods: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { item: { type: 'string', minLength: 1 }, quantity: { type: 'integer', minimum: 1 } },
        required: ['item', 'quantity'],
      },
    },
    actions: { type: 'array', items: { type: 'string', enum: ['refund', 'explanation'] } },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['goods', 'count'],
};

const labels: FormLabels = {
  fields: {
    verdict: '判定',
    cause: '误报原因',
    panelReset: '报警主机已复位',
    commander: '现场指挥',
    name: '姓名',
    amount: '金额',
    goods: '商品',
    item: '品名',
  },
  values: { false_alarm: '误报', intrusion: '确有入侵', weather_or_animal: '天气或动物', refund: '退款' },
};

/** The form as a screen holds it: state outside, errors computed on demand. */
function Harness({ schema, check }: { schema: JsonSchema; check?: boolean }) {
  const [value, setValue] = useState<FormValue>(() => initialValue(schema));
  const [errors, setErrors] = useState<Record<string, FieldError | string>>({});
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setErrors(validate(schema, value));
      }}
    >
      <SchemaForm
        schema={schema}
        value={value}
        onChange={setValue}
        labels={labels}
        errors={check ? errors : {}}
        idPrefix="t"
      />
      <button type="submit">send</button>
      <output data-testid="value">{JSON.stringify(withConstants(schema, cleaned(value)))}</output>
    </form>
  );
}

const sent = () => JSON.parse(screen.getByTestId('value').textContent!) as Record<string, unknown>;

beforeEach(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

describe('kindOf: one control per JSON Schema shape', () => {
  it.each<[JsonSchema, string]>([
    [{ type: 'string' }, 'text'],
    [{ type: 'string', maxLength: 2000 }, 'textarea'],
    [{ type: 'string', format: 'date-time' }, 'datetime'],
    [{ type: 'string', enum: ['a'] }, 'select'],
    [{ type: 'string', const: 'a' }, 'fixed'],
    [{ type: 'boolean' }, 'yesno'],
    [{ type: 'boolean', const: true }, 'checkbox'],
    [{ type: 'boolean', const: false }, 'fixed'],
    [{ type: 'number' }, 'number'],
    [{ type: 'integer' }, 'integer'],
    [{ type: 'object' }, 'object'],
    [{ type: 'array', items: { type: 'object' } }, 'list'],
    [{ type: 'array', items: { type: 'string', enum: ['a'] } }, 'multiselect'],
  ])('%j → %s', (schema, kind) => {
    expect(kindOf(schema)).toBe(kind);
  });
});

describe('SchemaForm', () => {
  it('labels fields and choices from the procedure’s i18n and marks required ones', () => {
    render(<Harness schema={verdict} />);
    const choice = screen.getByLabelText(/判定/) as HTMLSelectElement;
    expect([...choice.options].map((o) => o.textContent)).toEqual(['请选择', '误报', '确有入侵']);
    expect(choice.getAttribute('aria-required')).toBe('true');
    // A branch's own fields appear once it is chosen.
    expect(screen.queryByLabelText(/误报原因/)).toBeNull();
    fireEvent.change(choice, { target: { value: 'false_alarm' } });
    expect(screen.getByLabelText(/误报原因/).tagName).toBe('SELECT');
    expect(screen.getByRole('option', { name: '天气或动物' })).toBeTruthy();
    expect((screen.getByLabelText(/报警主机已复位/) as HTMLInputElement).type).toBe('checkbox');
    expect(screen.getByLabelText('causeNote').tagName).toBe('TEXTAREA'); // no label: the field's name
  });

  it('shows inline messages for missing fields and an unticked confirmation, tied to their inputs', () => {
    render(<Harness schema={verdict} check />);
    fireEvent.click(screen.getByText('send'));
    expect(screen.getByRole('alert').textContent).toBe('必填');
    fireEvent.change(screen.getByLabelText(/判定/), { target: { value: 'false_alarm' } });
    fireEvent.click(screen.getByText('send'));
    const cause = screen.getByLabelText(/误报原因/);
    expect(cause.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(cause.getAttribute('aria-describedby')!)!.textContent).toBe('必填');
    const reset = screen.getByLabelText(/报警主机已复位/);
    expect(document.getElementById(reset.getAttribute('aria-describedby')!)!.textContent).toBe('请勾选确认');
    fireEvent.change(cause, { target: { value: 'weather_or_animal' } });
    fireEvent.click(reset);
    fireEvent.click(screen.getByText('send'));
    expect(screen.queryAllByRole('alert')).toEqual([]);
    expect(sent()).toEqual({ verdict: 'false_alarm', cause: 'weather_or_animal', panelReset: true });
  });

  it('switching the branch drops the other branch’s fields and fills its constants', () => {
    render(<Harness schema={verdict} />);
    fireEvent.change(screen.getByLabelText(/判定/), { target: { value: 'false_alarm' } });
    fireEvent.change(screen.getByLabelText(/误报原因/), { target: { value: 'weather_or_animal' } });
    fireEvent.change(screen.getByLabelText(/判定/), { target: { value: 'intrusion' } });
    fireEvent.change(screen.getByLabelText(/姓名/), { target: { value: '郑军' } });
    expect(screen.getByRole('group', { name: '现场指挥' })).toBeTruthy();
    expect(screen.queryByLabelText(/searchPerformed/)).toBeNull(); // a `false` constant is not an input
    expect(sent()).toEqual({ verdict: 'intrusion', commander: { name: '郑军' }, searchPerformed: false });
  });

  it('numbers, ranges, patterns, lists of objects and multi-choice', () => {
    render(<Harness schema={settled} check />);
    fireEvent.click(screen.getByText('send'));
    expect(document.getElementById('t-goods-error')!.textContent).toBe('必填'); // an empty required list
    expect(document.getElementById('t-count-error')!.textContent).toBe('必填');
    fireEvent.change(screen.getByLabelText('金额'), { target: { value: '150' } });
    fireEvent.change(screen.getByLabelText('phone'), { target: { value: 'abc' } });
    fireEvent.click(screen.getByText('添加商品'));
    fireEvent.click(screen.getByText('send'));
    expect(document.getElementById('t-amount-error')!.textContent).toBe('不能大于 100');
    expect(document.getElementById('t-phone-error')!.textContent).toBe('格式不正确');
    expect(document.getElementById('t-goods-0-item-error')!.textContent).toBe('必填');
    fireEvent.change(screen.getByLabelText('金额'), { target: { value: '12.5' } });
    fireEvent.change(screen.getByLabelText('phone'), { target: { value: '13800138000' } });
    fireEvent.change(screen.getByLabelText(/品名/), { target: { value: '口红' } });
    fireEvent.change(screen.getByLabelText(/quantity/), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText(/count/), { target: { value: '1' } });
    fireEvent.click(screen.getByLabelText('退款'));
    fireEvent.click(screen.getByText('send'));
    expect(screen.queryAllByRole('alert')).toEqual([]);
    expect(sent()).toEqual({
      amount: 12.5,
      count: 1,
      phone: '13800138000',
      goods: [{ item: '口红', quantity: 2 }],
      actions: ['refund'],
    });
    expect((screen.getByLabelText('at') as HTMLInputElement).type).toBe('datetime-local');
  });

  it('speaks English when switched, keeping the procedure’s labels as the API gave them', async () => {
    await act(() => i18n.changeLanguage('en'));
    render(<Harness schema={settled} check />);
    fireEvent.click(screen.getByText('send'));
    expect(document.getElementById('t-count-error')!.textContent).toBe('Required');
    expect(screen.getByText('Add 商品')).toBeTruthy();
  });
});

describe('validate', () => {
  it('checks lengths, integers and exclusive bounds', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        reason: { type: 'string', minLength: 2, maxLength: 4 },
        n: { type: 'integer', exclusiveMinimum: 0 },
      },
      required: ['reason'],
    };
    expect(validate(schema, { reason: 'a', n: 1.5 })).toEqual({
      reason: { code: 'tooShort', limit: 2 },
      n: { code: 'notInteger' },
    });
    expect(validate(schema, { reason: 'abcde', n: 0 })).toEqual({
      reason: { code: 'tooLong', limit: 4 },
      n: { code: 'tooSmall', limit: 0 },
    });
    expect(validate(schema, { reason: 'abc' })).toEqual({});
  });
});
