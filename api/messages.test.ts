import { getProcedure } from '../workflows/procedures';
import { fileMessages, intakeRefusalZh, keyReusedMessage, problemTitles, refusalMessage, zhDetails } from './messages';

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

describe('refusals in Chinese read as Chinese (issue 20 point 4)', () => {
  const perimeter = getProcedure('perimeter-alarm');
  const halfWidth = /[\p{Script=Han}][,:;()]|[,:;()][\p{Script=Han}]/u;

  it('names the roles that may take a step by their names, with full-width punctuation', () => {
    const said = refusalMessage(perimeter, 'zh-CN', 'RoleNotAllowed', 'patrol_arrived', {
      roles: ['patrol_guard', 'squad_leader'],
    });
    expect(said).toBe('你的角色不能执行「巡逻岗已到场」；可执行的角色：巡逻岗、保安班长');
    expect(refusalMessage(perimeter, 'en', 'RoleNotAllowed', 'patrol_arrived', { roles: ['patrol_guard'] })).toContain(
      'roles that may: patrol guard',
    );
  });

  it('uses ，：；（） in every Chinese problem wording and refusal', () => {
    const zh = [
      ...Object.values(zhDetails),
      ...Object.values(problemTitles).map((s) => s['zh-CN']),
      refusalMessage(perimeter, 'zh-CN', 'EventNotAllowed', 'patrol_arrived', {
        state: 'assessing',
        blockedBy: ['completesReports'],
        allowed: ['verdict_given'],
      })!,
      keyReusedMessage('zh-CN'),
      fileMessages.unknownAttachments(['a'])['zh-CN'],
      fileMessages.wrongType('text/plain')['zh-CN'],
    ];
    expect(zh.filter((s) => halfWidth.test(s))).toEqual([]);
  });
});
