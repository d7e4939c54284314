import { getProcedure } from '../workflows/procedures';
import { intakeRefusalZh } from './messages';

describe('intakeRefusalZh: a refused intake names fields by their labels (issue 20 point 4)', () => {
  const complaint = getProcedure('complaint');

  it('says the labels, not the paths: 细类, not data.subcategory; a nested field by its own label', () => {
    expect(intakeRefusalZh(complaint, [{ path: 'subcategory' }, { path: 'customer.phone' }])).toBe(
      '填写的内容有误：细类、电话',
    );
  });

  it('names a field once, and keeps the path of one the procedure has no label for', () => {
    expect(intakeRefusalZh(complaint, [{ path: 'subcategory' }, { path: 'subcategory' }, { path: 'nope.x1' }])).toBe(
      '填写的内容有误：细类、nope.x1',
    );
    expect(intakeRefusalZh(complaint, [{ path: '' }])).toBe('填写的内容有误：（整体）');
  });
});
