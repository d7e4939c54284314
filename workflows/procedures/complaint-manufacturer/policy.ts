import type { ProcedurePolicyInput } from '../../engine';

/**
 * Default deadlines and ladders of the manufacturer / sales-company complaint; a site overrides any of them under
 * procedures.complaint-manufacturer in its policy file. Working days (WD) and hours (WH) follow the site's calendar.
 */
export const policy = {
  deadlines: {
    handling_form: 'PT1H', // (seed) 作业流程 5.2.2: the 《客户投诉处理单》 within 1 hour of the complaint
    form_approval: 'PT1H', // (seed) 作业流程 5.2.2: approved within that hour, counted from the complaint
    qa_sign: 'PT1H', // (seed) 作业流程 5.2.2: sent to 品管部 and signed for within that hour
    visit: '2WD', // (seed) 程序 4.2: the salesperson visits within 2 working days
    qe_reply: '3WD', // (seed) 作业流程 5.3.1: an ordinary complaint answered within 3 working days
    action_approval: '1WD', // (policy) 作业流程 4.3 names no time
    reply_approval: '1WD', // (policy) 程序 4.5 names no time
    customer_reply: '1WD', // (policy) 程序 4.1 names no time
  },
  ladders: {
    handling_form: [
      { role: 'dept_head', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'marketing_vp', after: 'PT30M', channels: ['in_app', 'email'] }, // (policy)
    ],
    form_approval: [
      { role: 'dept_head', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'marketing_vp', after: 'PT30M', channels: ['in_app', 'email'] }, // (policy)
    ],
    qa_sign: [
      { role: 'qa_dept', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'management_rep', after: 'PT1H', channels: ['in_app', 'email'] }, // (policy)
    ],
    visit: [
      { role: 'dept_head', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'marketing_vp', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
    qe_reply: [
      { role: 'qa_dept', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'management_rep', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
    action_approval: [
      { role: 'management_rep', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
    reply_approval: [
      { role: 'marketing_vp', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
    customer_reply: [
      { role: 'dept_head', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'marketing_vp', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
  },
} satisfies ProcedurePolicyInput;

/**
 * Version 2: version 1's deadlines and ladders, and a major complaint's QE countermeasures (作业流程 5.3.1), counted
 * from the complaint in the site's working time.
 */
export const policyV2: ProcedurePolicyInput = {
  deadlines: {
    ...policy.deadlines,
    qe_interim: '8WH', // (seed) 作业流程 5.3.1: 重大投诉 — 8个工作小时内提出临时改善对策
    qe_permanent: '2WD', // (seed) 作业流程 5.3.1: 重大投诉 — 2个工作日内回复永久对策
  },
  ladders: {
    ...policy.ladders,
    qe_interim: [
      { role: 'qa_dept', after: 'PT0S', channels: ['in_app'] }, // (policy) 作业流程 4.2: 品管部 leads the handling
      { role: 'management_rep', after: '2WH', channels: ['in_app', 'email'] }, // (policy)
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
    qe_permanent: [
      { role: 'qa_dept', after: 'PT0S', channels: ['in_app'] }, // (policy)
      { role: 'management_rep', after: '4WH', channels: ['in_app', 'email'] }, // (policy)
      { role: 'gm', after: '1WD', channels: ['in_app', 'email'] }, // (policy)
    ],
  },
};
