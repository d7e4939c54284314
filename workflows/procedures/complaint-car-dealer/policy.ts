import type { ProcedurePolicyInput } from '../../engine';

/**
 * Default deadlines and ladders of the car dealer's complaint; a site overrides any of them under
 * procedures.complaint-car-dealer in its policy file. The deadlines are the seed's (汽车售后 二), in clock hours as the
 * seed counts them; the ladders are policy (the seed names who acts, not who is told when they do not).
 */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    report: 'PT1H', // 二.1: 在1小时内上报客户经理或客户服务中心
    responsibility: 'PT24H', // 二.2.1): 客户经理在24小时内…完成责任认定
    responsibility_unreachable: 'PT48H', // 二.2.1): 24小时内没有联系上的客户，客户经理应在48小时完成
    review: 'PT4H', // 二.2.2): 管理部在接到处理单后，在四小时内…复核…上报主管总经理
    closing: 'PT8H', // 二.2.3): 管理部在八小时内…完成最终的处理单
  },
  ladders: {
    // (policy) the customer manager first, then 管理部 who oversees the whole flow.
    report: [
      { role: 'customer_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'admin_dept', after: 'PT1H', channels: ['in_app', 'email'] },
    ],
    // (policy) the customer manager, 管理部 after 4 h, the general manager after a day.
    responsibility: [
      { role: 'customer_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'admin_dept', after: 'PT4H', channels: ['in_app', 'email'] },
      { role: 'gm', after: 'PT24H', channels: ['in_app', 'email'] },
    ],
    responsibility_unreachable: [
      { role: 'customer_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'admin_dept', after: 'PT4H', channels: ['in_app', 'email'] },
      { role: 'gm', after: 'PT24H', channels: ['in_app', 'email'] },
    ],
    // (policy) 管理部, then the general manager in charge it reports to.
    review: [
      { role: 'admin_dept', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT2H', channels: ['in_app', 'email'] },
    ],
    closing: [
      { role: 'admin_dept', after: 'PT0S', channels: ['in_app'] },
      { role: 'gm', after: 'PT4H', channels: ['in_app', 'email'] },
    ],
  },
};
