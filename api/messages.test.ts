import { getProcedure } from '../workflows/procedures';
import {
  dataRefusal,
  fileMessages,
  keyReusedMessage,
  requestRefusal,
  unusedFieldsRefusal,
  problemTitles,
  refusalMessage,
  zhDetails,
} from './messages';

describe('dataRefusal: a refused intake or step names fields by their labels (issue 20 points 4 and 6)', () => {
  const complaint = getProcedure('complaint', 1);

  it('says the labels and what is wrong, not the paths: 电话, not data.customer.phone; a format with its example', () => {
    const said = dataRefusal(complaint, [
      { path: 'subcategory', message: 'this subcategory belongs to another category', code: 'custom' },
      { path: 'customer.phone', message: 'x', code: 'invalid_format' },
    ]);
    expect(said['zh-CN']).toBe('填写的内容有误：「细类」与其他填写内容不符；「电话」格式不正确，例如 13800138000');
    expect(said.en).toBe(
      'Invalid data: Subcategory: this subcategory belongs to another category; Phone is not in the right format, e.g. 13800138000',
    );
  });

  it('names a step, a missing field, a bound, and keeps the path of a field the procedure has no label for', () => {
    const said = dataRefusal(
      complaint,
      [
        { path: 'summary', message: 'Invalid input: expected string, received undefined', code: 'invalid_type' },
        { path: 'summary', message: 'Invalid input: expected string, received undefined', code: 'invalid_type' },
        { path: 'nope.x1', message: 'x', code: 'too_big', maximum: 5, origin: 'string' },
      ],
      'customer_contacted',
    );
    expect(said['zh-CN']).toBe('「经理已联系客户」填写有误：「沟通情况」必须填写；「nope.x1」最多 5 个字');
    expect(said.en).toMatch(/^"Customer contacted by a manager" has invalid data: .+ is required; nope.x1: at most 5/);
  });
});

describe('requestRefusal: the API’s own fields by their labels', () => {
  it('says 「场所」 and 「升级序号」, not query.site or params.n', () => {
    const said = requestRefusal([
      { path: 'query.site', message: 'no such site', code: 'custom' },
      { path: 'params.n', message: 'x', code: 'too_small', minimum: 0, origin: 'number' },
    ]);
    expect(said['zh-CN']).toBe('填写的内容有误：「场所」无效；「升级序号」不能小于 0');
    expect(said.en).toBe('Invalid data: Site: no such site; Escalation number may not be less than 0');
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
      fileMessages.unknownAttachments(() => ['照片'])['zh-CN'],
      unusedFieldsRefusal(getProcedure('complaint', 1), ['siteStage', 'handoverDate'])['zh-CN'],
      dataRefusal(getProcedure('complaint', 1), [{ path: 'customer.phone', message: '', code: 'invalid_format' }])[
        'zh-CN'
      ],
      fileMessages.wrongType('text/plain')['zh-CN'],
    ];
    expect(zh.filter((s) => halfWidth.test(s))).toEqual([]);
  });
});
