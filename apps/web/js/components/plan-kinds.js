// @ts-check
// One form per kind of plan change (POST …/plan/changes `{ kind, change }`), each described by its
// fields: where the value goes in `change`, its label, how it is entered. plan-form.js draws and
// sends any of them, so a new kind is one entry here; the list of kinds is the server's
// (apps/api/src/plans/plan-change-kinds.ts), and a kind without its entry fails the type check.

import { meta } from '../meta.js';
import {
  budgetScopeOptions,
  categoryIn,
  goalScopeOptions,
  measureOf,
  planRefOf,
  planRefOptions,
  planRefText,
  reportWords,
} from './plan-model.js';

/** @typedef {import('../../../api/src/plans/plan-change-kinds.js').PlanChangeKindName} PlanChangeKind */
/** @typedef {import('./plan-model.js').EditorPlan} EditorPlan */
/** @typedef {import('./plan-model.js').PlanTarget} PlanTarget */
/** @typedef {import('../types.js').CategorySpec} CategorySpec */

/**
 * What a form is drawn for: the plan as read, the department's catalog, the year.
 * @typedef {{ plan: EditorPlan, catalog: readonly CategorySpec[], year: number }} FormContext
 */

/** The raw values of the form's simple fields (text, numbers, lists) by path, as typed so far. */
/** @typedef {Record<string, string>} FieldValues */

/**
 * How a field is entered:
 * - `text`, `textarea`, `number`, `integer`, `date`: typed in;
 * - `select`: one of `options`; `plan-ref`: the plan item or goal a target belongs to;
 * - `labels`: 一级/二级/三级指标; `milestones`: a key-work item's milestones, one title each;
 * - `where`: the values of the category's attributes that count (none ticked: all count);
 * - `code`: a code made up for a new record (kept when editing), never shown;
 * - `fixed`: a value from where the form was opened (the target revised…), never shown.
 * @typedef {'text' | 'textarea' | 'number' | 'integer' | 'date' | 'select' | 'plan-ref' | 'labels' | 'milestones' | 'where'
 *   | 'code' | 'fixed'} InputType
 */

/**
 * One field of a change: `path` is where its value goes in `change` ('target.value').
 * - `empty`: an empty optional field is left out (default), sent as null, or as '' (`blank`);
 * - `showIf`: shown (and sent) only when the other values say so; `dependsOn`: drawn again when they change;
 * - `from`: for `where`, the path of the field naming the category;
 * - `inYear`: a date within the plan's year; `locked`: not changed when editing (the record's key).
 * @typedef {{
 *   path: string, label: string, input: InputType, required?: boolean, hint?: string, prefix?: string,
 *   empty?: 'omit' | 'null' | 'blank', max?: number, rows?: number, inYear?: boolean, locked?: boolean, from?: string,
 *   options?: (ctx: FormContext, values: FieldValues) => [string, string][],
 *   showIf?: (values: FieldValues) => boolean,
 *   dependsOn?: string[],
 * }} FieldSpec
 */

/**
 * A kind's form: its title, what it says first (about the record it changes), its fields.
 * @typedef {{
 *   title: string, submit?: string, danger?: boolean, fields: FieldSpec[],
 *   intro?: (ctx: FormContext, initial: Record<string, unknown>) => string | null,
 * }} KindForm
 */

/** @type {[string, string][]} */
const MEASURE_KINDS = [
  ['count', '统计活动数量'],
  ['count-distinct-parents', '统计项目个数（多项活动组成的项目计一次）'],
  ['sum', '汇总活动的数值属性（如人数、金额）'],
  ['measured', '人工填报（如满意度、知晓率）'],
];

/** @type {[string, string][]} */
const VALUE_TYPES = [
  ['count', '数量'],
  ['rate', '比率（%）'],
  ['amount', '金额（万元）'],
];

/** The directions of a target, as the report signs them. */
function directionOptions() {
  const d = meta().directions;
  return /** @type {[string, string][]} */ ([
    ['>=', `${d['>=']} 正向：不低于目标值`],
    ['<=', `${d['<=']} 反向：不高于目标值`],
  ]);
}

/**
 * The target a form was opened on (its `targetId`), in words.
 * @param {FormContext} ctx
 * @param {Record<string, unknown>} initial
 */
function targetIntro({ plan }, initial) {
  const t = plan.targets.find((x) => x.id === initial.targetId);
  if (!t) return null;
  const m = measureOf(plan, t.measure);
  const unit = t.unit || m.unit;
  return `${planRefText(plan, t.plan)} · ${t.labels?.level3 || m.name}：目标值 ${meta().directions[t.direction]}${t.value}${unit}`;
}

/** @param {FieldValues} v */
const isGoalTarget = (v) => (planRefOf(v['target.plan'] ?? '')?.kind ?? 'key-work') !== 'key-work';

/**
 * The form of every kind of plan change, in the server's order of kinds.
 * @returns {{ [K in PlanChangeKind]: KindForm }}
 */
export function planForms() {
  const report = reportWords();
  const reasonMax = meta().limits.reason;
  return {
    'define-measure': {
      title: '定义指标',
      intro: () =>
        '指标把登记的活动统计为数字（场次、个数、人数），或由人工填报（满意度、知晓率）。目标值和绩效指标都按指标计算实际完成值。',
      fields: [
        { path: 'measure.code', label: '', input: 'code', prefix: 'm' },
        { path: 'measure.name', label: '指标名称', input: 'text', required: true, max: 200 },
        { path: 'measure.kind', label: '取得方式', input: 'select', required: true, options: () => MEASURE_KINDS },
        {
          path: 'measure.category',
          label: '统计的活动类别',
          input: 'select',
          required: true,
          options: ({ catalog }) => catalog.map((c) => /** @type {[string, string]} */ ([c.code, c.label])),
          showIf: (v) => v['measure.kind'] !== 'measured',
        },
        {
          path: 'measure.attribute',
          label: '汇总的属性',
          input: 'select',
          required: true,
          options: ({ catalog }, v) =>
            (categoryIn(catalog, v['measure.category'])?.attributes ?? [])
              .filter((a) => a.type === 'integer' || a.type === 'amount')
              .map((a) => [a.name, a.label]),
          showIf: (v) => v['measure.kind'] === 'sum',
          dependsOn: ['measure.category'],
        },
        {
          path: 'measure.where',
          label: '只统计以下取值的活动',
          input: 'where',
          from: 'measure.category',
          hint: '都不勾选：统计该类别的全部活动',
          showIf: (v) => v['measure.kind'] !== 'measured',
          dependsOn: ['measure.category'],
        },
        { path: 'measure.valueType', label: '数值类型', input: 'select', required: true, options: () => VALUE_TYPES },
        { path: 'measure.unit', label: '单位', input: 'text', max: 20, empty: 'blank', hint: '如 场、个、人次、%、万元' },
      ],
    },
    'set-key-work-item': {
      title: '重点工作',
      fields: [
        { path: 'item.no', label: report.no, input: 'integer', required: true, locked: true },
        { path: 'item.matter', label: report.matter, input: 'text', required: true, max: 500 },
        { path: 'item.content', label: report.content, input: 'textarea', required: true, max: 5000, rows: 4 },
        {
          path: 'item.milestones',
          label: report.milestone,
          input: 'milestones',
          hint: '定性的成果（制定方案、提交报告、建成基地…），每行一项；登记对应的活动即为完成',
        },
      ],
    },
    'remove-key-work-item': {
      title: '删除重点工作',
      submit: '删除',
      danger: true,
      intro: ({ plan }, initial) => {
        const item = plan.keyWork.find((k) => k.no === initial.no);
        return `删除第 ${String(initial.no)} 项重点工作${item ? `“${item.matter}”` : ''}。其目标值不会随之删除，可逐项删除。`;
      },
      fields: [{ path: 'no', label: '', input: 'fixed' }],
    },
    'define-project': {
      title: '项目',
      fields: [
        { path: 'project.code', label: '', input: 'code', prefix: 'p' },
        { path: 'project.name', label: report.projectName, input: 'text', required: true, max: 200 },
      ],
    },
    'set-goal': {
      title: '绩效目标',
      intro: ({ plan }, initial) => {
        const goal = /** @type {{ scope?: string, project?: string | null } | undefined} */ (initial.goal);
        const kinds = meta().planKinds;
        return goal?.scope === 'project'
          ? `${kinds['project-goal']}：${plan.projects.find((p) => p.code === goal.project)?.name ?? ''}`
          : kinds['department-goal'];
      },
      fields: [
        { path: 'goal.scope', label: '', input: 'fixed' },
        { path: 'goal.project', label: '', input: 'fixed' },
        { path: 'goal.no', label: '目标序号', input: 'integer', required: true, locked: true },
        { path: 'goal.text', label: report.annualGoal, input: 'textarea', required: true, max: 2000, rows: 3 },
        { path: 'goal.points', label: report.indicatorPoints, input: 'number', required: true, hint: '该目标在自评表中的分数，如 40' },
      ],
    },
    'set-target': {
      title: '设定目标值',
      fields: [
        { path: 'target.id', label: '', input: 'code', prefix: 't' },
        { path: 'target.plan', label: '所属计划', input: 'plan-ref', required: true, options: ({ plan }) => planRefOptions(plan) },
        {
          path: 'target.measure',
          label: '指标',
          input: 'select',
          required: true,
          options: ({ plan }) => plan.measures.map((m) => /** @type {[string, string]} */ ([m.code, m.name])),
          hint: '没有合适的指标时，先在“指标”中定义',
        },
        { path: 'target.direction', label: '方向', input: 'select', required: true, options: directionOptions },
        { path: 'target.value', label: '目标值', input: 'number', required: true },
        { path: 'target.unit', label: '单位', input: 'text', max: 20, hint: '不填则用指标的单位' },
        {
          path: 'target.labels',
          label: `${report.level1}、${report.level2}、${report.level3}`,
          input: 'labels',
          showIf: isGoalTarget,
          dependsOn: ['target.plan'],
        },
        {
          path: 'target.points',
          label: report.indicatorPoints,
          input: 'number',
          showIf: isGoalTarget,
          dependsOn: ['target.plan'],
          hint: '该指标自己的分值；不填则与同一目标下未设分值的指标共用目标的分值',
        },
      ],
    },
    'revise-target': {
      title: '调整目标值',
      intro: targetIntro,
      fields: [
        { path: 'targetId', label: '', input: 'fixed' },
        { path: 'value', label: '新目标值', input: 'number', required: true },
        { path: 'reason', label: '调整原因', input: 'textarea', required: true, max: reasonMax },
        {
          path: 'effectiveFrom',
          label: '生效日期',
          input: 'date',
          inYear: true,
          hint: '从该日起按新目标值计算，此前仍按原目标值；不填则从今天起',
        },
      ],
    },
    'set-target-points': {
      title: `设定${report.indicatorPoints}`,
      intro: targetIntro,
      fields: [
        { path: 'targetId', label: '', input: 'fixed' },
        {
          path: 'points',
          label: report.indicatorPoints,
          input: 'number',
          empty: 'null',
          hint: '留空：与同一目标下未设分值的指标共用目标的分值',
        },
      ],
    },
    'confirm-target': {
      title: `确认${report.carriedOver}的目标值`,
      submit: '确认',
      intro: (ctx, initial) => {
        const t = ctx.plan.targets.find((x) => x.id === initial.targetId);
        const from = t?.carriedOver?.fromYear;
        return `${targetIntro(ctx, initial) ?? ''}。该目标值${from ? `沿用 ${from} 年度计划` : report.carriedOver}，确认后作为本年度的目标值。`;
      },
      fields: [
        { path: 'targetId', label: '', input: 'fixed' },
        { path: 'value', label: '本年度目标值', input: 'number', hint: '不填则沿用上年的目标值' },
      ],
    },
    'remove-target': {
      title: '删除目标值',
      submit: '删除',
      danger: true,
      intro: targetIntro,
      fields: [
        { path: 'targetId', label: '', input: 'fixed' },
        { path: 'reason', label: '删除原因', input: 'textarea', required: true, max: reasonMax },
      ],
    },
    'record-measurement': {
      title: '录入填报数值',
      intro: ({ plan }) =>
        plan.measures.some((m) => m.kind === 'measured') ? null : '尚无人工填报的指标：请先定义取得方式为“人工填报”的指标。',
      fields: [
        {
          path: 'measure',
          label: '指标',
          input: 'select',
          required: true,
          options: ({ plan }) =>
            plan.measures.filter((m) => m.kind === 'measured').map((m) => /** @type {[string, string]} */ ([m.code, m.name])),
        },
        { path: 'value', label: '数值', input: 'number', required: true },
        { path: 'measuredOn', label: '测量日期', input: 'date', required: true },
        { path: 'note', label: '说明', input: 'textarea', max: 2000, hint: '如 问卷调查 200 份' },
      ],
    },
    'set-budget': {
      title: '设定预算',
      fields: [
        { path: 'scope', label: '预算范围', input: 'select', required: true, options: ({ plan }) => budgetScopeOptions(plan) },
        { path: 'budget.initial', label: '年初预算（万元）', input: 'number', required: true },
        { path: 'budget.adjusted', label: `调整后${report.budgetAmount}（万元）`, input: 'number', required: true },
        { path: 'budget.executed', label: `${report.executedAmount}（万元）`, input: 'number', required: true },
        {
          path: 'effectiveFrom',
          label: '生效日期',
          input: 'date',
          inYear: true,
          hint: '首次录入默认从年初起适用；预算调整默认从今天起',
        },
      ],
    },
    'set-budget-points': {
      title: '预算执行情况的分值',
      fields: [
        {
          path: 'points',
          label: report.indicatorPoints,
          input: 'number',
          required: true,
          hint: '自评表中“预算执行情况”的分数，默认 20 分',
        },
      ],
    },
    'set-sangong': {
      title: `设定“三公”经费${report.budgeted}`,
      intro: () => `决算数由登记的“三公”记录汇总，这里只设定${report.budgeted}。`,
      fields: [
        {
          path: 'sangongKind',
          label: '项目',
          input: 'select',
          required: true,
          options: () => meta().sangong.map((s) => /** @type {[string, string]} */ ([s.key, s.label])),
        },
        { path: 'line.budget', label: `${report.budgeted}（万元）`, input: 'number', required: true },
        {
          path: 'line.perPersonStandard',
          label: '接待费人均开支标准（元/人）',
          input: 'number',
          showIf: (v) => v.sangongKind === 'receptions',
          dependsOn: ['sangongKind'],
        },
      ],
    },
    'record-score-adjustment': {
      title: `记录${report.deduction}`,
      fields: [
        { path: 'adjustment.id', label: '', input: 'code', prefix: 'adj' },
        {
          path: 'adjustment.scope',
          label: `${report.deduction}的绩效目标`,
          input: 'select',
          required: true,
          options: ({ plan }) => goalScopeOptions(plan),
        },
        { path: 'adjustment.points', label: `${report.deduction}（分）`, input: 'number', required: true },
        { path: 'adjustment.reason', label: `${report.deduction}原因`, input: 'textarea', required: true, max: 2000 },
      ],
    },
    'withdraw-score-adjustment': {
      title: `撤销${report.deduction}`,
      submit: '撤销',
      danger: true,
      intro: ({ plan }, initial) => {
        const a = plan.adjustments.find((x) => x.id === initial.id);
        return a ? `${report.deduction} ${a.points} 分：${a.reason}` : null;
      },
      fields: [
        { path: 'id', label: '', input: 'fixed' },
        { path: 'reason', label: '撤销原因', input: 'textarea', required: true, max: reasonMax },
      ],
    },
    'set-deviation-analysis': {
      title: report.deviationAnalysis,
      fields: [
        { path: 'scope', label: '范围', input: 'select', required: true, options: ({ plan }) => budgetScopeOptions(plan) },
        { path: 'text', label: report.deviationAnalysis, input: 'textarea', required: true, max: 20000, rows: 8 },
      ],
    },
  };
}
