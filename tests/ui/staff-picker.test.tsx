/**
 * @jest-environment jsdom
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { jsonSchemaOf, withStaffFields } from '../../api/procedures/json-schema';
import type { StaffMember } from '../../ui/src/api/types';
import { RecordedData } from '../../ui/src/components/RecordedData';
import { SchemaForm } from '../../ui/src/forms/SchemaForm';
import { cleaned, kindOf, withConstants, type FormValue, type JsonSchema } from '../../ui/src/forms/schema';
import i18n from '../../ui/src/i18n';
import { getProcedure } from '../../workflows/procedures';

// Issue 20 (forms): a step field that names a person of the site (EventSpec.people, marked x-staff by the
// API) is a choice of the site's staff by name and role, never a box for a user id; the case page shows the name.
const staff: StaffMember[] = [
  { id: 'ops_manager', name: '营运部负责人 林芳', roles: ['ops_manager'], gender: 'female' },
  { id: 'squad_leader', name: '郑军', roles: ['squad_leader'], gender: 'male' },
  { id: 'lp_officer', name: '马丽', roles: ['lp_officer'], gender: 'female' },
];
const roleNames = { ops_manager: '营运部负责人', squad_leader: '保安班长', lp_officer: '防损员' };

function schemaOf(procedure: string, version: number, type: string): JsonSchema {
  const spec = getProcedure(procedure, version).events[type]!;
  return withStaffFields(jsonSchemaOf(spec.schema), spec) as JsonSchema;
}

// What the form would send now: the last value it reported, cleaned and serialised as Steps.tsx sends it.
let answered: { schema: JsonSchema; value: FormValue } = { schema: {}, value: {} };
const sent = () =>
  JSON.parse(JSON.stringify(withConstants(answered.schema, cleaned(answered.value)))) as Record<string, unknown>;

function Harness({ schema, labels }: { schema: JsonSchema; labels: Record<string, Record<string, string>> }) {
  const [value, setValue] = useState<FormValue>({});
  const change = (v: FormValue) => {
    answered = { schema, value: v };
    setValue(v);
  };
  const formLabels = { fields: labels.fields ?? {}, values: labels.values ?? {}, staff, roleNames };
  return <SchemaForm schema={schema} value={value} onChange={change} labels={formLabels} errors={{}} idPrefix="t" />;
}

beforeEach(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

describe('the staff picker', () => {
  it('offers store theft’s female staff member present from the site’s women by name, and sends the user id', () => {
    const schema = schemaOf('store-theft', 2, 'female_staff_present');
    const labels = getProcedure('store-theft', 2).i18n['zh-CN'] as Record<string, Record<string, string>>;
    render(<Harness schema={schema} labels={labels} />);
    const picker = screen.getByLabelText(new RegExp(labels.fields!.staffId!.slice(0, 4))) as HTMLSelectElement;
    expect(picker.tagName).toBe('SELECT');
    // Only women (the step asks for a female staff member); the role is said where the name does not say it.
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      '请选择人员',
      '营运部负责人 林芳',
      '马丽（防损员）',
    ]);
    // The name the server stamps from the records is not asked.
    expect(screen.queryByLabelText(new RegExp(labels.fields!.staffName ?? 'staffName'))).toBeNull();
    fireEvent.change(picker, { target: { value: 'lp_officer' } });
    expect(sent()).toMatchObject({ staffId: 'lp_officer' });
    expect(sent()).not.toHaveProperty('staffName');
  });

  it('offers the perimeter commander (EventSpec.people) from all the site’s staff, in English too', async () => {
    const schema = schemaOf('perimeter-alarm', 2, 'verdict_given');
    const branch = schema.oneOf!.find((b) => b.properties?.commander)!;
    expect(kindOf(branch.properties!.commander!)).toBe('staff');
    await act(() => i18n.changeLanguage('en'));
    render(<Harness schema={branch} labels={{}} />);
    const picker = screen.getByLabelText(/commander/) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      'Choose a person',
      '营运部负责人 林芳',
      '郑军 (保安班长)',
      '马丽 (防损员)',
    ]);
  });
});

describe('recorded data names the person, never the id', () => {
  const schema = schemaOf('perimeter-alarm', 2, 'verdict_given');
  const labels = getProcedure('perimeter-alarm', 2).i18n['zh-CN'] as Record<string, Record<string, string>>;
  const data = { verdict: 'intrusion', commander: 'squad_leader', captainInformed: true, officeInformed: true };
  const time = (iso: string) => iso;

  it('shows the commander’s display name once the staff records are loaded, and nothing before', () => {
    const shown = (list?: StaffMember[]) =>
      render(
        <RecordedData
          data={data}
          schema={schema}
          labels={{ fields: labels.fields!, values: labels.values!, ...(list ? { staff: list } : {}) }}
          time={time}
        />,
      ).container.textContent!;
    const loaded = shown(staff);
    expect(loaded).toContain('郑军');
    expect(loaded).not.toContain('squad_leader');
    expect(shown()).not.toContain('squad_leader');
  });
});
