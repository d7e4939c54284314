import { visibleTo } from '../../api/cases/access';
import { CaseCore } from '../../workflows/engine/case-core';
import { getProcedure } from '../../workflows/procedures';
import { as, caseStart } from '../support/fixtures';

// The case page says who owns a case from the view's `owner`, which the procedure names (issue 20 point 9): the UI
// no longer reads a complaint-only context field.
const at = Date.parse('2026-11-24T02:00:00Z');
const user = (roles: string[]) => ({ id: 'u1', name: '王经理', roles: { 'test-site': roles } });
const seen = (core: CaseCore, roles: string[]) =>
  visibleTo(user(roles), core.view(at + 60_000), 'zh-CN', 'Asia/Shanghai');

describe("a case view's owner", () => {
  it('is the complaint’s owner rung: the department manager, then the next rung after an escalation by hand', () => {
    const def = getProcedure('complaint');
    const { core } = CaseCore.start(def, caseStart('complaint', def.example.data), at);
    expect(seen(core, ['cs_agent']).owner).toBe('dept_manager');
    core.applyStep(
      { type: 'escalated_by_hand', data: { reason: '客户要求更高级别处理' }, actor: as('dept_manager') },
      at + 30_000,
    );
    expect(seen(core, ['cs_agent']).owner).toBe('branch_gm');
  });

  it('is null for a procedure that names no owner', () => {
    const def = getProcedure('perimeter-alarm');
    const { core } = CaseCore.start(def, caseStart('perimeter-alarm', { zone: '北墙三号', source: 'panel' }), at);
    expect(seen(core, ['monitor_guard']).owner).toBeNull();
  });
});
