// @ts-check
// The sections of the plans page: key work, goals, budgets with 三公, entered figures and deductions.

import { fmtNumber, h } from '../dom.js';
import { meta } from '../meta.js';
import { actorName } from '../people.js';
import { fmtTime } from '../time.js';
import { measureOf, scrolling, targetsTable } from './plan-targets.js';

/** @typedef {import('../types.js').Budget} Budget */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').PlanRef} PlanRef */

/**
 * @param {Plan} plan
 * @param {(ref: PlanRef) => boolean} pred
 */
const targetsOf = (plan, pred) => plan.targets.filter((t) => pred(t.plan));

/**
 * 重点工作: each numbered item with its content, targets and milestones.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Map<string, string>} names the department's people (who revised a target)
 */
export function keyWorkSection(ctx, plan, names) {
  const items = [...plan.keyWork].sort((a, b) => a.no - b.no);
  if (items.length === 0) return h('p', { class: 'empty' }, '本年度尚无重点工作计划。');
  return items.map((item) =>
    h(
      'article',
      { class: 'panel plan-item', dataset: { item: String(item.no) } },
      h('h2', {}, h('span', { class: 'item-no' }, String(item.no)), item.matter),
      h('p', { class: 'pre' }, item.content),
      targetsTable(
        ctx,
        plan,
        targetsOf(plan, (p) => p.kind === 'key-work' && p.item === item.no),
        { names },
      ),
      item.milestones.length
        ? h(
            'div',
            { class: 'milestone-list' },
            h('h3', {}, '里程碑'),
            h(
              'ul',
              {},
              item.milestones.map((m) => h('li', {}, m.title)),
            ),
          )
        : null,
    ),
  );
}

/**
 * The scored goals of the department or of one project, each with its indicators.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Map<string, string>} names
 * @param {'department' | 'project'} scope
 * @param {string} [project]
 */
function goals(ctx, plan, names, scope, project) {
  const list = plan.goals.filter((g) => g.scope === scope && (scope === 'department' || g.project === project)).sort((a, b) => a.no - b.no);
  if (list.length === 0) return h('p', { class: 'empty' }, '未设定绩效目标。');
  return list.map((g) => {
    /** @param {PlanRef} p */
    const ofGoal = (p) =>
      scope === 'department'
        ? p.kind === 'department-goal' && p.goal === g.no
        : p.kind === 'project-goal' && p.project === project && p.goal === g.no;
    return h(
      'div',
      { class: 'goal' },
      h('h3', {}, `目标 ${g.no}（${fmtNumber(g.points)} 分）`),
      h('p', { class: 'pre' }, g.text),
      targetsTable(ctx, plan, targetsOf(plan, ofGoal), { indicator: true, names }),
    );
  });
}

/** @param {Budget | null | undefined} b */
const budgetLine = (b) =>
  b
    ? `年初预算 ${fmtNumber(b.initial, 2)}，调整后预算 ${fmtNumber(b.adjusted, 2)}，执行 ${fmtNumber(b.executed, 2)}（万元）`
    : '未录入预算';

/**
 * 部门整体绩效目标 with the department's budget.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Map<string, string>} names
 */
export function departmentGoalsSection(ctx, plan, names) {
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, meta().planKinds['department-goal']),
    h('p', { class: 'muted' }, budgetLine(plan.budgets.department)),
    goals(ctx, plan, names, 'department'),
  );
}

/**
 * 项目绩效目标: each project with its budget and goals.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Map<string, string>} names
 */
export function projectGoalsSection(ctx, plan, names) {
  if (plan.projects.length === 0) return h('p', { class: 'empty panel' }, '未设定项目。');
  return plan.projects.map((p) =>
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, p.name),
      h('p', { class: 'muted' }, budgetLine(plan.budgets.projects[p.code])),
      goals(ctx, plan, names, 'project', p.code),
    ),
  );
}

/**
 * 预算 of the department and its projects, and the 三公 lines.
 * @param {Plan} plan
 */
export function budgetSection(plan) {
  const { sangong, report } = meta();
  /** @type {[string, Budget | null | undefined][]} */
  const budgets = [
    ['部门整体', plan.budgets.department],
    ...plan.projects.map((p) => /** @type {[string, Budget | undefined]} */ ([p.name, plan.budgets.projects[p.code]])),
  ];
  return [
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '预算（万元）'),
      scrolling(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['', '年初预算', '调整后预算', '执行数'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          budgets.map(([name, b]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, name),
              /** @type {const} */ (['initial', 'adjusted', 'executed']).map((k) =>
                h('td', { class: 'num' }, b ? fmtNumber(b[k], 2) : '—'),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '“三公”经费（万元）'),
      scrolling(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['项目', report.budgeted, report.finalAccount, '团组/批次', '人次'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          sangong.map(({ key, label }) => {
            const l = plan.sangong[key];
            return h(
              'tr',
              {},
              h('th', { scope: 'row' }, label),
              h('td', { class: 'num' }, typeof l?.budget === 'number' ? fmtNumber(l.budget, 2) : '—'),
              h('td', { class: 'num' }, typeof l?.actual === 'number' ? fmtNumber(l.actual, 2) : '—'),
              h('td', { class: 'num' }, l?.groups ?? '—'),
              h('td', { class: 'num' }, l?.persons ?? '—'),
            );
          }),
        ),
      ),
    ),
  ];
}

/**
 * What a deduction applies to: 部门整体绩效目标 2, <project> 目标 1.
 * @param {Plan} plan
 * @param {string} scope
 */
function scopeText(plan, scope) {
  const [kind, a, b] = scope.split(':');
  if (kind === 'department-goal') return `${meta().planKinds['department-goal']} ${a}`;
  if (kind === 'project-goal') return `${plan.projects.find((p) => p.code === a)?.name ?? '项目'} 目标 ${b}`;
  return '其他';
}

/**
 * 填报数值 (entered figures) and 扣分 (deductions).
 * @param {Plan} plan
 * @param {Map<string, string>} names the department's people (who entered a figure)
 */
export function figuresSection(plan, names) {
  return [
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '填报数值'),
      plan.measurements.length === 0
        ? h('p', { class: 'empty' }, '尚无填报数值。')
        : scrolling(
            'table',
            { class: 'grid' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['指标', '数值', '测量日期', '说明', '录入'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              plan.measurements.map((m) => {
                const measure = measureOf(plan, m.measure);
                return h(
                  'tr',
                  {},
                  h('td', {}, measure.name),
                  h('td', { class: 'num' }, `${fmtNumber(m.value)}${measure.unit}`),
                  h('td', {}, m.measuredOn),
                  h('td', {}, m.note ?? ''),
                  h('td', { class: 'small' }, `${fmtTime(m.recordedAt)} ${m.recordedBy ? actorName(m.recordedBy, { names }) : ''}`),
                );
              }),
            ),
          ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, meta().report.deduction),
      plan.adjustments.length === 0
        ? h('p', { class: 'empty' }, '无扣分。')
        : scrolling(
            'table',
            { class: 'grid' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['范围', '扣分', '原因', '状态'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              plan.adjustments.map((a) =>
                h(
                  'tr',
                  { class: a.withdrawn ? 'withdrawn' : '' },
                  h('td', {}, scopeText(plan, a.scope)),
                  h('td', { class: 'num' }, fmtNumber(a.points)),
                  h('td', {}, a.reason),
                  h('td', {}, a.withdrawn ? '已撤销' : '有效'),
                ),
              ),
            ),
          ),
    ),
  ];
}
