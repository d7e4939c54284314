/** Names of the roles of procedures.md, for messages written by the API. */
export const roleNames: Record<string, { 'zh-CN': string; en: string }> = {
  cs_agent: { 'zh-CN': '客服', en: 'customer-service agent' },
  dept_manager: { 'zh-CN': '部门经理', en: 'department manager' },
  branch_gm: { 'zh-CN': '分总', en: 'branch general manager' },
  gm: { 'zh-CN': '总经理', en: 'general manager' },
  qc_inspector: { 'zh-CN': '质检部', en: 'quality inspection' },
  // The home-decoration contractor's engineering department (处理客诉原则及流程 14).
  engineering_dept: { 'zh-CN': '工程部', en: 'engineering department' },
  monitor_guard: { 'zh-CN': '监控岗', en: 'monitoring guard' },
  patrol_guard: { 'zh-CN': '巡逻岗', en: 'patrol guard' },
  gate_guard: { 'zh-CN': '门岗', en: 'gate guard' },
  squad_leader: { 'zh-CN': '保安班长', en: 'squad leader' },
  security_captain: { 'zh-CN': '保安队长', en: 'security captain' },
  office_director: { 'zh-CN': '管理处主任', en: 'office director' },
  // 城市花园 七.6: the on-scene commander reports to the 管理处主任/经理 and, at the same time, the 物业部经理.
  property_manager: { 'zh-CN': '物业部经理', en: 'property department manager' },
  ops_manager: { 'zh-CN': '营运部负责人', en: 'operations manager' },
  lp_officer: { 'zh-CN': '防损员', en: 'loss-prevention officer' },
  // 内盗 二.2(1), (3): a caught employee is handled by 防损部主管助理级以上 — an assistant supervisor or above.
  lp_assistant_supervisor: { 'zh-CN': '防损主管助理', en: 'loss-prevention assistant supervisor' },
  lp_supervisor: { 'zh-CN': '防损主管', en: 'loss-prevention supervisor' },
  executive: { 'zh-CN': '公司领导', en: 'company leadership' },
  // The manufacturer / sales company's complaint roles (客户投诉处理作业流程及管理办法, 客户投诉处理程序).
  salesperson: { 'zh-CN': '业务员', en: 'salesperson' },
  dept_head: { 'zh-CN': '部门主任', en: 'department head' },
  marketing_vp: { 'zh-CN': '营销副总', en: 'vice president of marketing' },
  qa_dept: { 'zh-CN': '品管部', en: 'quality assurance' },
  management_rep: { 'zh-CN': '管理者代表', en: 'management representative' },
  // A 4S store's (汽车售后 二): the customer manager and the administration department.
  customer_manager: { 'zh-CN': '客户经理', en: 'customer manager' },
  admin_dept: { 'zh-CN': '管理部', en: 'administration department' },
  // A store's or mall's complaint (门店规定 (二)1: 当班值班经理, 店经理; 艺博 三.1: 商场值班经理); 营运部 is ops_manager.
  duty_manager: { 'zh-CN': '值班经理', en: 'duty manager' },
  store_manager: { 'zh-CN': '店经理', en: 'store manager' },
  // Not a person's role: the alarm panel that opens perimeter cases through the webhook (api/hooks), named on the case.
  alarm_panel: { 'zh-CN': '报警主机', en: 'alarm panel' },
};

export const channelNames: Record<string, { 'zh-CN': string; en: string }> = {
  in_app: { 'zh-CN': '站内通知', en: 'in-app' },
  email: { 'zh-CN': '电子邮件', en: 'e-mail' },
  webhook: { 'zh-CN': 'Webhook', en: 'webhook' },
  wecom: { 'zh-CN': '企业微信群机器人', en: 'WeCom group robot' },
  dingtalk: { 'zh-CN': '钉钉群机器人', en: 'DingTalk group robot' },
  feishu: { 'zh-CN': '飞书群机器人', en: 'Feishu group bot' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
};
