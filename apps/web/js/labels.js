// The words the pages show, in one place (the report's own labels as the seed prints them).

export const L = {
  appTitle: '重点工作跟踪',
  dashboard: '进度总览',
  activities: '活动登记',
  plans: '计划与目标',
  reports: '年终报告',
  asOf: '截至日期',
  lagging: '滞后',
  done: '完成',
  notDone: '未完成',
  notEntered: '未录入',
  keyWorkTable: '重点工作完成情况',
  departmentEvaluation: '整体绩效自评表',
  projectEvaluation: '项目自评表',
  sangongTable: '“三公”经费支出决算表',
  warnings: '数据质量提示',
  stale: '已过期，可重新生成',
};

export const ROLES = ['主办', '承办', '协办', '配合', '联合'];

export const ROLE_NAMES = { staff: '经办人员', leader: '领导', reporter: '报表人员', auditor: '审计人员', admin: '管理员' };

export const DIRECTION = { '>=': '≥', '<=': '≤' };

export const PLAN_KINDS = {
  'key-work': '重点工作',
  'department-goal': '部门整体绩效目标',
  'project-goal': '项目绩效目标',
};

export const STATUS = { active: '有效', withdrawn: '已撤回' };

export const EVENT_NAMES = {
  'activity.recorded.v1': '登记',
  'activity.amended.v1': '修改',
  'activity.moved.v1': '调整类别',
  'activity.withdrawn.v1': '撤回',
  'activity.restored.v1': '恢复',
  'plan.target-set.v1': '设定目标',
  'plan.target-revised.v1': '调整目标',
  'plan.target-removed.v1': '删除目标',
};

export const FIELD_NAMES = {
  category: '类别',
  title: '标题',
  occurredOn: '日期',
  role: '方式',
  attributes: '属性',
  parentId: '所属项目',
  alsoCountsFor: '同时计入',
  notes: '备注',
  reason: '原因',
};

export const WARNING_KINDS = {
  'date-mismatch': '日期与标题不符',
  'part-outside-year': '项目的组成活动跨年度',
  'conflicting-targets': '不同计划目标值不一致',
  'target-without-activity': '有目标值但无实际数据',
  'likely-duplicate': '可能重复录入',
  'unknown-measure': '计入未定义的指标',
};

export const SANGONG = [
  ['tripsAbroad', '因公出国（境）费'],
  ['vehiclePurchase', '公务用车购置费'],
  ['vehicleRunning', '公务用车运行维护费'],
  ['receptions', '公务接待费'],
];

export const JOB_STATES = {
  waiting: '排队中',
  'waiting-children': '排队中',
  prioritized: '排队中',
  delayed: '等待重试',
  active: '生成中',
  completed: '已完成',
  failed: '生成失败',
  unknown: '未知',
};

/** The server's English reasons, said in Chinese beside the field (the original stays in a tooltip). */
export function reasonZh(reason) {
  const r = String(reason ?? '');
  const rules = [
    [/is required|required/i, '必填'],
    [/calendar date|must be a date|YYYY-MM-DD/i, '请填写有效日期（年-月-日）'],
    [/non-empty text of at most (\d+)/i, (m) => `请填写，不超过 ${m[1]} 字`],
    [/text of at most (\d+)/i, (m) => `不超过 ${m[1]} 字`],
    [/whole number/i, '请填写不小于 0 的整数'],
    [/amount/i, '请填写不小于 0 的金额（万元）'],
    [/must be one of/i, '请从列表中选择'],
    [/unknown category/i, '请选择类别'],
    [/no attribute/i, '该类别没有此属性'],
    [/own part/i, '活动不能属于其自身'],
    [/nothing would change/i, '没有修改任何内容'],
    [/reason/i, '请填写原因'],
    [/measure codes/i, '指标选择有误'],
    [/uuid/i, '请选择有效的项目'],
    [/true or false/i, '请选择是或否'],
  ];
  for (const [pattern, text] of rules) {
    const m = r.match(pattern);
    if (m) return typeof text === 'function' ? text(m) : text;
  }
  return r || '填写有误';
}
