import { defaultPayloadConverter } from '@temporalio/common';
import { caseSearchAttributes as sa } from '../../workflows/engine';
import { summaryOf } from './visibility';

describe('a list entry from visibility', () => {
  const entry = (attributes: Record<string, unknown>) =>
    summaryOf(
      {
        execution: { workflowId: 'perimeter-alarm-xinghe-mall-1' },
        searchAttributes: {
          indexedFields: Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [name, defaultPayloadConverter.toPayload(value)]),
          ),
        },
      },
      Date.parse('2026-12-02T03:00:00.000Z'),
    );

  it('writes its instants as the records do, with three fraction digits', () => {
    // What the dev server's visibility answered for a deadline due at …38.530Z (the records keep …38.530Z).
    const e = entry({ [sa.nextDueAt.name]: '2026-12-02T03:03:38.53Z', [sa.updatedAt.name]: '2026-12-02T03:03:38Z' });
    expect(e.nextDueAt).toBe('2026-12-02T03:03:38.530Z');
    expect(e.updatedAt).toBe('2026-12-02T03:03:38.000Z');
    expect(e.overdue).toBe(false);
  });

  it('keeps a case without a deadline without one', () => {
    expect(entry({ [sa.updatedAt.name]: '2026-12-02T03:03:38.123Z' }).nextDueAt).toBeNull();
  });
});
