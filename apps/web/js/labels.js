// @ts-check
// The web app's own words. The domain's vocabulary (roles, statuses, events, report headings, the
// 三公 lines) and the limits come from the server: see meta.js.

export const L = {
  appTitle: '重点工作跟踪',
  dashboard: '进度总览',
  activities: '活动登记',
  plans: '计划与目标',
  reports: '年终报告',
  import: '数据导入',
  admin: '系统管理',
  audit: '账户审计',
  asOf: '截至日期',
  lagging: '滞后',
  stale: '已过期，可重新生成',
};

/** @type {[RegExp, string | ((match: RegExpMatchArray) => string)][]} */
const REASONS = [
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

/**
 * The server's English reasons, said in Chinese beside the field (the original stays in a tooltip).
 * @param {unknown} reason
 */
export function reasonZh(reason) {
  const r = String(reason ?? '');
  for (const [pattern, text] of REASONS) {
    const m = r.match(pattern);
    if (m) return typeof text === 'function' ? text(m) : text;
  }
  // The server's own Chinese reasons stand as they are; English ones are never shown.
  return /[\u4e00-\u9fff]/.test(r) ? r : '填写有误';
}
