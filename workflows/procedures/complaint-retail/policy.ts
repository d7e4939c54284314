import type { ProcedurePolicyInput } from '../../engine';

/**
 * Default deadlines, ladders and the large-claim amount of a retail store's or mall's complaint; a site overrides any
 * of them under procedures.complaint-retail in its policy file. Working time (`WH`, `WD`) is the site's calendar (a
 * store open every day counts every day; national holidays are off unless the site opens them). Only 艺博 二.3's three
 * days are the seed's; the rest are policy (the seed says 立即, 尽快, 及时), marked so.
 */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    solution: '2WH', // (policy) 门店规定 (三)2 积极快速; 艺博 二.1 立即跟踪: a solution offered within 2 working hours
    customer_answer: '2WD', // (policy) the customer's answer to the solution
    no_answer: '1WD', // (policy) the store manager closes an unanswered complaint or takes it up again
    carry_out: '2WD', // (policy) 门店规定 (四) 执行解决方案 once accepted
    settle: '3WD', // 艺博 二.3: 顾客投诉三天以上仍不能协商处理的 → 商场高层 (days on the site's working calendar)
    ops_report: '4WH', // (policy) 门店规定 (二)2: 店经理…及时向营运部报备
    regulator_approval: '4WH', // (policy) 门店规定 (二)2: 营运部 answers before anyone signs at 工商
    injury_decision: 'PT30M', // (policy) 艺博 三.1: 立即通知…值班经理决定 — clock time: someone is hurt
  },
  ladders: {
    // (policy) the duty manager must handle every complaint (门店规定 (二)1), the store manager helps after 2 hours.
    solution: [
      { role: 'duty_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'store_manager', after: '2WH', channels: ['in_app', 'email'] },
    ],
    customer_answer: [
      { role: 'duty_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'store_manager', after: '1WD', channels: ['in_app', 'email'] },
    ],
    no_answer: [
      { role: 'store_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'ops_manager', after: '1WD', channels: ['in_app', 'email'] },
    ],
    carry_out: [
      { role: 'duty_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'store_manager', after: '1WD', channels: ['in_app', 'email'] },
    ],
    // 艺博 二.3: 通知到商场高层管理人员; 无法独立处理的应逐级上报 — then the general manager.
    settle: [
      { role: 'executive', after: 'PT0S', channels: ['in_app', 'email'] },
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] },
    ],
    // (policy) the store manager, then 营运部 itself hears of a report not made.
    ops_report: [
      { role: 'store_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'ops_manager', after: '4WH', channels: ['in_app', 'email'] },
    ],
    regulator_approval: [
      { role: 'ops_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'executive', after: '4WH', channels: ['in_app', 'email'] },
    ],
    injury_decision: [
      { role: 'duty_manager', after: 'PT0S', channels: ['in_app'] },
      { role: 'store_manager', after: 'PT30M', channels: ['in_app', 'email'] },
    ],
  },
  // 艺博 二.3: 顾客要求的赔付金额在***元以上 — the seed masks the amount; ¥5,000 by default, each site sets its own.
  thresholds: { largeClaim: 5000 },
};
