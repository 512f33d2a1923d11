// @ts-check
// The sections of the plans page: key work, goals, measures, budgets with 三公, entered figures and
// deductions, 偏差分析. Read-only, or with the buttons that open each change's form (an editor).

import { fmtNumber, h } from '../dom.js';
import { meta } from '../meta.js';
import { actorName } from '../people.js';
import { fmtTime } from '../time.js';
import { budgetScopeText, categoryIn, DEPARTMENT_SCOPE, goalScopeText, measureOf, reportWords, sortedGoals } from './plan-model.js';
import { editButton, scrolling, targetsTable } from './plan-targets.js';

/** @typedef {import('../types.js').Budget} Budget */
/** @typedef {import('../types.js').Child} Child */
/** @typedef {import('../types.js').Goal} Goal */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').PlanRef} PlanRef */
/** @typedef {import('./plan-model.js').EditorPlan} Plan */
/** @typedef {import('./plan-targets.js').PlanEditor} PlanEditor */

/**
 * What every section is drawn with.
 * @typedef {{ ctx: PageContext, plan: Plan, names: Map<string, string>, editor: PlanEditor | null }} SectionContext
 */

/**
 * @param {Plan} plan
 * @param {(ref: PlanRef) => boolean} pred
 */
const targetsOf = (plan, pred) => plan.targets.filter((t) => pred(t.plan));

/**
 * A row of buttons (nothing without an editor).
 * @param {PlanEditor | null} editor
 * @param {(editor: PlanEditor) => Child[]} buttons
 */
const toolbar = (editor, buttons) => (editor ? h('div', { class: 'plan-tools' }, buttons(editor)) : null);

/** @param {{ no: number }[]} list */
const nextNo = (list) => list.reduce((n, x) => Math.max(n, x.no), 0) + 1;

/**
 * 重点工作: each numbered item with its content, targets and milestones.
 * @param {SectionContext} s
 */
export function keyWorkSection({ ctx, plan, names, editor }) {
  const items = [...plan.keyWork].sort((a, b) => a.no - b.no);
  return [
    toolbar(editor, (e) => [editButton(e, '新增重点工作', 'set-key-work-item', { item: { no: nextNo(items) } }, { primary: true })]),
    items.length === 0 ? h('p', { class: 'empty panel' }, '本年度尚无重点工作计划。') : null,
    items.map((item) =>
      h(
        'article',
        { class: 'panel plan-item', dataset: { item: String(item.no) } },
        h('h2', {}, h('span', { class: 'item-no' }, String(item.no)), item.matter),
        h('p', { class: 'pre' }, item.content),
        toolbar(editor, (e) => [
          editButton(e, '修改', 'set-key-work-item', { item }, { editing: true }),
          editButton(e, '新增目标', 'set-target', { target: { plan: { kind: 'key-work', item: item.no }, direction: '>=' } }),
          editButton(e, '删除', 'remove-key-work-item', { no: item.no }),
        ]),
        targetsTable(
          ctx,
          plan,
          targetsOf(plan, (p) => p.kind === 'key-work' && p.item === item.no),
          { names, editor },
        ),
        item.milestones.length
          ? h(
              'div',
              { class: 'milestone-list' },
              h('h3', {}, reportWords().milestone),
              h(
                'ul',
                {},
                item.milestones.map((m) => h('li', {}, m.title)),
              ),
            )
          : null,
      ),
    ),
  ];
}

/**
 * The scored goals of the department or of one project, each with its indicators.
 * @param {SectionContext} s
 * @param {'department' | 'project'} scope
 * @param {string} [project]
 */
function goals({ ctx, plan, names, editor }, scope, project) {
  const list = sortedGoals(plan, scope, project);
  const add = toolbar(editor, (e) => [
    editButton(e, '新增绩效目标', 'set-goal', { goal: { scope, project: project ?? null, no: nextNo(list) } }),
  ]);
  if (list.length === 0) return [h('p', { class: 'empty' }, '未设定绩效目标。'), add];
  return [
    list.map((g) => {
      /** @type {PlanRef} */
      const ref =
        scope === 'department' ? { kind: 'department-goal', goal: g.no } : { kind: 'project-goal', project: project ?? '', goal: g.no };
      /** @param {PlanRef} p */
      const ofGoal = (p) =>
        scope === 'department'
          ? p.kind === 'department-goal' && p.goal === g.no
          : p.kind === 'project-goal' && p.project === project && p.goal === g.no;
      const deductionScope = scope === 'department' ? `department-goal:${g.no}` : `project-goal:${project}:${g.no}`;
      return h(
        'div',
        { class: 'goal', dataset: { goal: String(g.no) } },
        h('h3', {}, `目标 ${g.no}（${fmtNumber(g.points)} 分）`),
        h('p', { class: 'pre' }, g.text),
        toolbar(editor, (e) => [
          editButton(e, '修改目标', 'set-goal', { goal: g }, { editing: true }),
          editButton(e, '新增指标', 'set-target', { target: { plan: ref, direction: '>=' } }),
          editButton(e, `记录${reportWords().deduction}`, 'record-score-adjustment', { adjustment: { scope: deductionScope } }),
        ]),
        targetsTable(ctx, plan, targetsOf(plan, ofGoal), { indicator: true, names, editor }),
      );
    }),
    add,
  ];
}

/** @param {Budget | null | undefined} b */
const budgetLine = (b) =>
  b
    ? `年初预算 ${fmtNumber(b.initial, 2)}，调整后预算 ${fmtNumber(b.adjusted, 2)}，执行 ${fmtNumber(b.executed, 2)}（万元）`
    : '未录入预算';

/**
 * 部门整体绩效目标 with the department's budget.
 * @param {SectionContext} s
 */
export function departmentGoalsSection(s) {
  const { plan, editor } = s;
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, meta().planKinds['department-goal']),
    h('p', { class: 'muted' }, budgetLine(plan.budgets.department), `；预算执行情况 ${fmtNumber(plan.budgetPoints ?? 20)} 分`),
    toolbar(editor, (e) => [
      editButton(e, '设定预算', 'set-budget', { scope: DEPARTMENT_SCOPE, budget: plan.budgets.department ?? undefined }),
      editButton(e, '预算执行分值', 'set-budget-points', { points: plan.budgetPoints ?? 20 }),
    ]),
    goals(s, 'department'),
  );
}

/**
 * 项目绩效目标: each project with its budget and goals.
 * @param {SectionContext} s
 */
export function projectGoalsSection(s) {
  const { plan, editor } = s;
  return [
    toolbar(editor, (e) => [editButton(e, '新增项目', 'define-project', {}, { primary: true })]),
    plan.projects.length === 0 ? h('p', { class: 'empty panel' }, '未设定项目。') : null,
    plan.projects.map((p) =>
      h(
        'section',
        { class: 'panel', dataset: { project: p.code } },
        h('h2', {}, p.name),
        h('p', { class: 'muted' }, budgetLine(plan.budgets.projects[p.code])),
        toolbar(editor, (e) => [
          editButton(e, '修改名称', 'define-project', { project: p }, { editing: true }),
          editButton(e, '设定预算', 'set-budget', { scope: `project:${p.code}`, budget: plan.budgets.projects[p.code] }),
        ]),
        goals(s, 'project', p.code),
      ),
    ),
  ];
}

/**
 * The words of how a measure gets its figure.
 * @param {SectionContext} s
 * @param {Plan['measures'][number]} m
 */
function measureSource({ ctx }, m) {
  if (m.kind === 'measured') return '人工填报';
  const category = categoryIn(ctx.department.catalog, m.category);
  const label = category?.label ?? '其他类别';
  const filters = Object.entries(m.where ?? {}).map(([name, values]) => {
    const spec = category?.attributes.find((a) => a.name === name);
    const words = values.map((v) => (spec?.type === 'boolean' ? (v ? '是' : '否') : (spec?.options?.[String(v)] ?? String(v))));
    return `${spec?.label ?? '属性'}：${words.join('、')}`;
  });
  const how =
    m.kind === 'count'
      ? '活动数量'
      : m.kind === 'count-distinct-parents'
        ? '项目个数'
        : `${category?.attributes.find((a) => a.name === m.attribute)?.label ?? '属性'}合计`;
  return `${label} · ${how}${filters.length ? `（${filters.join('；')}）` : ''}`;
}

/**
 * 指标: what each target is measured by, and how.
 * @param {SectionContext} s
 */
export function measuresSection(s) {
  const { plan, editor } = s;
  const used = new Set(plan.targets.map((t) => t.measure));
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, '指标'),
    h('p', { class: 'muted' }, '目标值和绩效指标按指标计算实际完成值：统计登记的活动，或由人工填报。'),
    toolbar(editor, (e) => [
      editButton(e, '定义指标', 'define-measure', { measure: { kind: 'count', valueType: 'count' } }, { primary: true }),
    ]),
    plan.measures.length === 0
      ? h('p', { class: 'empty' }, '尚未定义指标。')
      : scrolling(
          'table',
          { class: 'grid measures-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['指标', '取得方式', '单位', '目标值', ...(editor ? ['操作'] : [])].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            plan.measures.map((m) =>
              h(
                'tr',
                {},
                h('td', {}, m.name),
                h('td', { class: 'small' }, measureSource(s, m)),
                h('td', {}, m.unit || '—'),
                h('td', {}, used.has(m.code) ? '已设定' : '未设定'),
                editor
                  ? h('td', { class: 'actions' }, editButton(editor, '修改', 'define-measure', { measure: m }, { editing: true }))
                  : null,
              ),
            ),
          ),
        ),
  );
}

/**
 * 预算 of the department and its projects, and the 三公 budgets.
 * @param {SectionContext} s
 */
export function budgetSection({ plan, editor }) {
  const { sangong } = meta();
  const report = reportWords();
  /** @type {[string, Budget | null | undefined][]} */
  const budgets = [
    [DEPARTMENT_SCOPE, plan.budgets.department],
    ...plan.projects.map((p) => /** @type {[string, Budget | undefined]} */ ([`project:${p.code}`, plan.budgets.projects[p.code]])),
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
            ['', '年初预算', '调整后预算', '执行数', ...(editor ? ['操作'] : [])].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          budgets.map(([scope, b]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, budgetScopeText(plan, scope)),
              /** @type {const} */ (['initial', 'adjusted', 'executed']).map((k) =>
                h('td', { class: 'num' }, b ? fmtNumber(b[k], 2) : '—'),
              ),
              editor ? h('td', { class: 'actions' }, editButton(editor, '设定', 'set-budget', { scope, budget: b ?? undefined })) : null,
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `“三公”经费${report.budgeted}（万元）`),
      h('p', { class: 'muted small' }, '决算数由登记的“三公”记录汇总，见进度总览。'),
      scrolling(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['项目', report.budgeted, '接待费人均开支标准（元/人）', ...(editor ? ['操作'] : [])].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          sangong.map(({ key, label }) => {
            const l = plan.sangong[key];
            return h(
              'tr',
              { dataset: { sangong: key } },
              h('th', { scope: 'row' }, label),
              h('td', { class: 'num' }, typeof l?.budget === 'number' ? fmtNumber(l.budget, 2) : '—'),
              h(
                'td',
                { class: 'num' },
                key === 'receptions' && typeof l?.perPersonStandard === 'number' ? fmtNumber(l.perPersonStandard) : '—',
              ),
              editor
                ? h('td', { class: 'actions' }, editButton(editor, '设定', 'set-sangong', { sangongKind: key, line: l ?? undefined }))
                : null,
            );
          }),
        ),
      ),
    ),
  ];
}

/**
 * 填报数值 (entered figures) and 扣分 (deductions).
 * @param {SectionContext} s
 */
export function figuresSection({ plan, names, editor }) {
  const report = reportWords();
  return [
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '填报数值'),
      toolbar(editor, (e) => [editButton(e, '录入填报数值', 'record-measurement', {}, { primary: true })]),
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
                const who = m.recordedBy ? actorName(m.recordedBy, { given: m.recordedByName, names }) : '';
                return h(
                  'tr',
                  {},
                  h('td', {}, measure.name),
                  h('td', { class: 'num' }, `${fmtNumber(m.value)}${measure.unit}`),
                  h('td', {}, m.measuredOn),
                  h('td', {}, m.note ?? ''),
                  h('td', { class: 'small' }, `${fmtTime(m.recordedAt)} ${who}`),
                );
              }),
            ),
          ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, report.deduction),
      toolbar(editor, (e) => [editButton(e, `记录${report.deduction}`, 'record-score-adjustment', {}, { primary: true })]),
      plan.adjustments.length === 0
        ? h('p', { class: 'empty' }, '无扣分。')
        : scrolling(
            'table',
            { class: 'grid deductions-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['绩效目标', report.deduction, '原因', '状态', ...(editor ? ['操作'] : [])].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              plan.adjustments.map((a) =>
                h(
                  'tr',
                  { class: a.withdrawn ? 'withdrawn' : '' },
                  h('td', {}, goalScopeText(plan, a.scope)),
                  h('td', { class: 'num' }, fmtNumber(a.points)),
                  h('td', {}, a.reason),
                  h('td', {}, a.withdrawn ? '已撤销' : '有效'),
                  editor
                    ? h(
                        'td',
                        { class: 'actions' },
                        a.withdrawn ? null : editButton(editor, '撤销', 'withdraw-score-adjustment', { id: a.id }),
                      )
                    : null,
                ),
              ),
            ),
          ),
    ),
  ];
}

/**
 * 偏差大或目标未完成原因分析 of the department and of each project.
 * @param {SectionContext} s
 */
export function analysisSection({ plan, editor }) {
  const scopes = [DEPARTMENT_SCOPE, ...plan.projects.map((p) => `project:${p.code}`)];
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, reportWords().deviationAnalysis),
    h('p', { class: 'muted' }, '目标未完成或进度滞后的，年终自评表须说明原因。'),
    scopes.map((scope) => {
      const written = plan.deviationAnalysis?.[scope] ?? '';
      return h(
        'div',
        { class: 'analysis', dataset: { scope } },
        h('h3', {}, budgetScopeText(plan, scope)),
        written ? h('p', { class: 'pre' }, written) : h('p', { class: 'empty' }, '未填写。'),
        toolbar(editor, (e) => [editButton(e, written ? '修改' : '填写', 'set-deviation-analysis', { scope, text: written || undefined })]),
      );
    }),
  );
}
