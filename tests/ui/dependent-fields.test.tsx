/**
 * @jest-environment jsdom
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { jsonSchemaOf } from '../../api/procedures/json-schema';
import { getProcedure, procedures } from '../../workflows/procedures';
import i18n from '../../ui/src/i18n';
import { hintsOf, SchemaForm } from '../../ui/src/forms/SchemaForm';
import {
  cleaned,
  initialValue,
  kindOf,
  validate,
  withoutGroups,
  type FormValue,
  type JsonSchema,
} from '../../ui/src/forms/schema';
import { isAttachmentItem } from '../../ui/src/components/Attachments';

// Issue 20 point 6, on the complaint's own schemas as the API serves them: choices narrowed by an earlier answer,
// fields only where the site uses them, date pickers, a hint with an example, a mainland mobile number.
const complaint = getProcedure('complaint', 1);
const intake = jsonSchemaOf(complaint.start.schema) as JsonSchema;
const zh = complaint.i18n['zh-CN'] as { fields: Record<string, string>; values: Record<string, string> };
const detail = { i18n: complaint.i18n as unknown as Record<string, Record<string, unknown>> };

function Harness({ schema, initial, zone }: { schema: JsonSchema; initial: FormValue; zone?: string }) {
  const [value, setValue] = useState<FormValue>(initial);
  return (
    <>
      <SchemaForm
        schema={schema}
        value={value}
        onChange={setValue}
        labels={{ fields: zh.fields, values: zh.values, hints: hintsOf(detail, i18n.language) }}
        errors={validate(schema, value)}
        idPrefix="t"
        zone={zone}
      />
      <output data-testid="value">{JSON.stringify(value)}</output>
    </>
  );
}
const sent = () => JSON.parse(screen.getByTestId('value').textContent!) as FormValue;
const optionsOf = (select: HTMLSelectElement) => [...select.options].map((o) => o.value).filter(Boolean);

beforeAll(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

describe('dependent choices', () => {
  it('offers the subcategories of the chosen category only, and none until a category is chosen', () => {
    const { container } = render(<Harness schema={intake} initial={initialValue(intake)} />);
    const sub = () => container.querySelector<HTMLSelectElement>('#t-subcategory')!;
    expect(sub().disabled).toBe(true);
    expect(sub().options[0]!.textContent).toBe('请先选择「投诉类别」');
    fireEvent.change(container.querySelector('#t-category')!, { target: { value: 'service' } });
    expect(optionsOf(sub())).toEqual(['staff_attitude', 'checkout', 'service_missing', 'service_error']);
    fireEvent.change(sub(), { target: { value: 'checkout' } });
    expect(sent().subcategory).toBe('checkout');
    // Another category takes the answer that no longer fits out; the site's own category has no subcategory.
    fireEvent.change(container.querySelector('#t-category')!, { target: { value: 'product' } });
    expect(sent().subcategory).toBeUndefined();
    expect(optionsOf(sub())).toEqual(['price', 'out_of_stock', 'quality', 'labelling']);
    fireEvent.change(container.querySelector('#t-category')!, { target: { value: 'site_defined' } });
    expect(container.querySelector('#t-subcategory')).toBeNull();
    expect(container.querySelector('#t-siteCategory')).not.toBeNull();
  });

  it('refuses a subcategory of another category in the form, as the server does', () => {
    const value = { ...initialValue(intake), category: 'product', subcategory: 'checkout' };
    expect(validate(intake, value).subcategory).toEqual({ code: 'notChoice' });
    expect(complaint.start.schema.safeParse(value).success).toBe(false);
  });

  it('narrows the department at fault to the one a repeat reason names', () => {
    const repeat = jsonSchemaOf(complaint.events.repeat_complaint_received!.schema) as JsonSchema;
    const { container } = render(<Harness schema={repeat} initial={{ reason: 'designer_service' }} />);
    expect(optionsOf(container.querySelector<HTMLSelectElement>('#t-department')!)).toEqual(['design']);
    fireEvent.change(container.querySelector('#t-reason')!, { target: { value: 'unresolved' } });
    expect(optionsOf(container.querySelector<HTMLSelectElement>('#t-department')!).length).toBeGreaterThan(5);
  });

  it('asks the handover date only of a completed site, and the appointment only when the customer was reached', () => {
    const { container } = render(<Harness schema={intake} initial={initialValue(intake)} />);
    expect(container.querySelector('#t-handoverDate')).toBeNull();
    fireEvent.change(container.querySelector('#t-siteStage')!, { target: { value: 'completed' } });
    const date = container.querySelector<HTMLInputElement>('#t-handoverDate')!;
    expect(date.type).toBe('date');
    fireEvent.change(date, { target: { value: '2026-11-24' } });
    expect(sent().handoverDate).toBe('2026-11-24');
    fireEvent.change(container.querySelector('#t-siteStage')!, { target: { value: 'under_construction' } });
    expect(sent().handoverDate).toBeUndefined(); // the server refuses a handover date of a site still being built
  });
});

describe('fields only where the site uses them', () => {
  it('leaves the building-site group out of the intake and the remedy at a site whose policy turns it off', () => {
    const market = withoutGroups(intake, ['building']);
    const { container } = render(<Harness schema={market} initial={initialValue(market)} />);
    for (const name of ['siteStage', 'handoverDate', 'repairKind'])
      expect(container.querySelector(`#t-${name}`)).toBeNull();
    expect(container.querySelector('#t-category')).not.toBeNull();
    expect(initialValue(market).siteStage).toBeUndefined(); // nor sent by default
    const remedy = jsonSchemaOf(complaint.events.remedy_proposed!.schema) as JsonSchema;
    expect(Object.keys(withoutGroups(remedy, ['building']).properties!)).not.toContain('repairVisit');
    expect(Object.keys(remedy.properties!)).toContain('repairVisit');
    expect(Object.keys(intake.properties!)).toEqual(expect.arrayContaining(['siteStage', 'repairKind']));
  });
});

describe('formatted fields', () => {
  it('a 10-digit mobile number is refused by the form, with the example, and by the server schema', () => {
    const { container } = render(
      <Harness
        schema={intake}
        initial={{ ...initialValue(intake), customer: { name: '张女士', phone: '1380013800' } }}
      />,
    );
    const phone = container.querySelector<HTMLInputElement>('#t-customer-phone')!;
    expect(screen.getByText('格式不正确，例如 13800138000')).toBeTruthy();
    expect(phone.getAttribute('aria-describedby')).toContain('t-customer-phone-hint');
    expect(container.querySelector('#t-customer-phone-hint')!.textContent).toBe(
      '手机号11位，或带区号的座机，例如 13800138000',
    );
    const refused = complaint.start.schema.safeParse({
      ...complaint.example.data,
      customer: { name: '张', phone: '1380013800' },
    });
    expect(refused.success).toBe(false);
    fireEvent.change(phone, { target: { value: '13800138000' } });
    expect(validate(intake, sent())['customer.phone']).toBeUndefined();
    for (const ok of ['13800138000', '138 0013 8000', '+86 13800138000', '0755-12345678', '400-123-4567'])
      expect([
        ok,
        complaint.start.schema.safeParse({ ...complaint.example.data, customer: { name: '张', phone: ok } }).success,
      ]).toEqual([ok, true]);
    for (const bad of ['1380013800', '12800138000', '138001380001', '12345'])
      expect([
        bad,
        complaint.start.schema.safeParse({ ...complaint.example.data, customer: { name: '张', phone: bad } }).success,
      ]).toEqual([bad, false]);
  });

  it('a date-and-time picker shows and sends the site’s wall time with its offset', () => {
    const followUp = jsonSchemaOf(complaint.events.follow_up_called!.schema) as JsonSchema;
    const { container } = render(
      <Harness schema={followUp} initial={{ reached: true, appointment: {} }} zone="Asia/Shanghai" />,
    );
    const at = container.querySelector<HTMLInputElement>('#t-appointment-at')!;
    expect(at.type).toBe('datetime-local');
    expect(container.querySelector('#t-appointment-at-hint')!.textContent).toBe(
      '按场所当地时间填写，例如 2026年11月24日 14:30',
    );
    fireEvent.change(at, { target: { value: '2026-12-03T09:30' } });
    expect((sent().appointment as FormValue).at).toBe('2026-12-03T09:30:00+08:00');
    expect(at.value).toBe('2026-12-03T09:30');
    expect(cleaned(sent())).toMatchObject({ appointment: { at: '2026-12-03T09:30:00+08:00' } });
  });

  it('says the hint and example in English when switched', async () => {
    await act(() => i18n.changeLanguage('en'));
    try {
      const { container } = render(<Harness schema={intake} initial={initialValue(intake)} />);
      expect(container.querySelector('#t-customer-phone-hint')!.textContent).toBe(
        'An 11-digit mobile number, or a landline with its area code, e.g. 13800138000',
      );
    } finally {
      await act(() => i18n.changeLanguage('zh-CN'));
    }
  });
});

/** Every field a person types in a format (a pattern or a format), at any depth, of every procedure's forms. */
function formattedFields(schema: JsonSchema, path = ''): Array<[string, JsonSchema]> {
  const out: Array<[string, JsonSchema]> = [];
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) out.push(...formattedFields(branch, path));
  if (schema.items && !isAttachmentItem(schema.items)) out.push(...formattedFields(schema.items, path));
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const kind = kindOf(prop);
    if ((kind === 'text' || kind === 'date' || kind === 'datetime') && (prop.pattern || prop.format))
      out.push([`${path}${name}`, prop]);
    out.push(...formattedFields(prop, `${path}${name}.`));
  }
  return out;
}

it('every formatted field of every procedure has an example in its schema and a hint in both languages', () => {
  const missing: string[] = [];
  let seen = 0;
  for (const def of procedures) {
    for (const [type, spec] of Object.entries({ start: def.start, ...def.events })) {
      for (const [path, prop] of formattedFields(jsonSchemaOf(spec.schema) as JsonSchema)) {
        seen++;
        const name = path.split('.').pop()!;
        const where = `${def.id} v${def.version} ${type} ${path}`;
        if (!prop.examples?.length) missing.push(`${where}: no example`);
        for (const lang of ['zh-CN', 'en'] as const)
          if (!hintsOf({ i18n: def.i18n as never }, lang)[name]) missing.push(`${where}: no ${lang} hint`);
      }
    }
  }
  expect(seen).toBeGreaterThanOrEqual(5);
  expect(missing).toEqual([]);
});
