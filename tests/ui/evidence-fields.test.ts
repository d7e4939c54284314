import { attachmentReferencesIn } from '../../api/attachments/references';
import { jsonSchemaOf } from '../../api/procedures/json-schema';
import { getProcedure } from '../../workflows/procedures';
import { isAttachmentItem } from '../../ui/src/components/Attachments';
import { branchOf, type JsonSchema } from '../../ui/src/forms/schema';

/**
 * Issue 17's "perimeter, residential and store-theft cases without pictures": the newest version of each carries photo
 * fields where the seed keeps a scene or evidence. Each field is the shared attachment shape, so the step form offers
 * the camera for it (isAttachmentItem), the API finds every reference to check against the case's files
 * (attachmentReferencesIn, the same check internal theft's evidence goes through in tests/integration/attachments),
 * and the procedure's own schema accepts a step with a photo and one without.
 */
const photo = { name: '现场.jpg', sha256: 'a'.repeat(64), size: 120_000 };
const cases: Array<[procedure: string, version: number, event: string, data: Record<string, unknown>, field: string]> =
  [
    [
      'perimeter-alarm',
      2,
      'outcome_recorded',
      { outcome: 'theft_thief_not_caught', sceneSealed: true, crowdDispersed: true },
      'photos',
    ],
    [
      'perimeter-alarm',
      2,
      'report_filed',
      { report: 'incident_report', summary: '北墙翻越，笔记本电脑失窃' },
      'attachments',
    ],
    ['residential-theft', 3, 'police_arrived', { officerName: '李警官', ledToScene: true }, 'photos'],
    [
      'store-theft',
      2,
      'decision_made',
      {
        outcome: 'handed_to_police',
        officerName: '李警官',
        badgeNumber: '012345',
        policeCaseNumber: 'JQ-1',
        detainedByStaff: false,
        evidence: [{ kind: 'cctv', ref: '监控室硬盘' }],
        searchPerformed: false,
      },
      'photos',
    ],
  ];

describe.each(cases)('%s v%d %s', (procedure, version, event, data, field) => {
  const spec = getProcedure(procedure, version).events[event]!;
  it('has a photo field the form offers the camera for', () => {
    const schema = jsonSchemaOf(spec.schema) as JsonSchema;
    const object = branchOf(schema, data) ?? schema;
    expect(isAttachmentItem(object.properties?.[field]?.items)).toBe(true);
  });
  it('accepts the step with a photo, whose reference the API checks, and without one', () => {
    const withPhoto = spec.schema.safeParse({ ...data, [field]: [photo] });
    expect(withPhoto.success ? [] : withPhoto.error.issues).toEqual([]);
    expect(attachmentReferencesIn(withPhoto.data).map((r) => r.sha256)).toEqual([photo.sha256]);
    const without = spec.schema.safeParse(data);
    expect(without.success ? [] : without.error.issues).toEqual([]);
    expect((without.data as Record<string, unknown>)[field]).toEqual([]);
  });
  it('refuses a reference that is not a file’s hash', () => {
    expect(spec.schema.safeParse({ ...data, [field]: [{ ...photo, sha256: 'not-a-hash' }] }).success).toBe(false);
  });
});
