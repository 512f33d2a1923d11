// @ts-check
// The plan as the editor reads it (GET …/plan and …/plan/score-preview), and the words for its
// parts: which plan a target belongs to, what a deduction or a budget applies to. Never a code.

import { meta } from '../meta.js';

/** @typedef {import('../types.js').Direction} Direction */
/** @typedef {import('../types.js').PlanRef} PlanRef */
/** @typedef {import('../types.js').IndicatorLabels} IndicatorLabels */
/** @typedef {import('../types.js').SangongKind} SangongKind */
/** @typedef {import('../types.js').KeyWorkItem} KeyWorkItem */
/** @typedef {import('../types.js').Goal} Goal */
/** @typedef {import('../types.js').Project} Project */
/** @typedef {import('../types.js').Budget} Budget */
/** @typedef {import('../types.js').ScoreAdjustment} ScoreAdjustment */
/** @typedef {import('../types.js').CategorySpec} CategorySpec */
/** @typedef {'count' | 'count-distinct-parents' | 'sum' | 'measured'} MeasureKind */
/** @typedef {'count' | 'rate' | 'amount'} ValueType */
/** @typedef {string | number | boolean} FilterValue */

/**
 * @typedef {{
 *   code: string, name: string, unit: string, kind: MeasureKind, category: string | null,
 *   where: Record<string, FilterValue[]>, attribute: string | null, valueType: ValueType,
 * }} PlanMeasure
 */

/**
 * 预算调整 of a target: from which day the new value applies, who decided it and why.
 * @typedef {{
 *   value: number, previous: number, reason: string, at: string, by: string | null, byName?: string | null,
 *   effectiveFrom?: string,
 * }} PlanRevision
 */

/**
 * A target (目标值) or performance indicator: its 分值 and whether it was carried over (沿用上年).
 * @typedef {{
 *   id: string, plan: PlanRef, measure: string, direction: Direction, value: number, original: number, unit: string,
 *   labels: IndicatorLabels | null, points?: number | null, carriedOver?: { fromYear: number } | null,
 *   revisions: PlanRevision[],
 * }} PlanTarget
 */

/** @typedef {{ budget: number, perPersonStandard?: number | null }} SangongBudget */

/**
 * @typedef {{
 *   measure: string, value: number, measuredOn: string, note: string | null, recordedAt: string,
 *   recordedBy: string | null, recordedByName?: string | null,
 * }} PlanMeasurement
 */

/**
 * The plan of a department-year, as the editor shows and changes it.
 * @typedef {{
 *   department: string, year: number, measures: PlanMeasure[], keyWork: KeyWorkItem[], projects: Project[],
 *   goals: Goal[], targets: PlanTarget[], budgets: { department: Budget | null, projects: Record<string, Budget> },
 *   budgetHistory?: Record<string, { budget: Budget, effectiveFrom: string, recordedAt: string }[]>,
 *   budgetPoints?: number, copiedFrom?: number | null, sangong: Partial<Record<SangongKind, SangongBudget>>,
 *   measurements: PlanMeasurement[], adjustments: ScoreAdjustment[], deviationAnalysis?: Record<string, string>,
 *   version: number,
 * }} EditorPlan
 */

// --- the score preview (GET …/plan/score-preview) ---------------------------------------------

/**
 * @typedef {{
 *   no: number, text: string, points: number, scoring: 'indicators' | 'group' | 'mixed',
 *   computedScore: number | null, deductions: { id: string, points: number, reason: string }[], finalScore: number,
 * }} PreviewGoal
 */

/**
 * @typedef {{
 *   budget: { A: number, B: number, rate: number | null, score: number, points: number } | null, budgetPoints?: number,
 *   goals: PreviewGoal[], total: number, notes: string[],
 * }} PreviewEvaluation
 */

/**
 * @typedef {{
 *   asOf: string, planVersion: number, department: PreviewEvaluation,
 *   projects: (PreviewEvaluation & { project: { code: string, name: string } })[],
 * }} ScorePreview
 */

/**
 * The report's headings the editor uses besides those types.js lists (GET /api/meta `report`).
 * @typedef {import('../types.js').Meta['report'] & {
 *   indicatorPoints: string, goalScore: string, carriedOver: string, budgetAmount: string, executedAmount: string,
 *   annualIndicators: string, executionRate: string,
 * }} ReportWords
 */

/** The report's headings (the server's words). */
export const reportWords = () => /** @type {ReportWords} */ (meta().report);

/** Departments and projects a budget or a 偏差分析 belongs to: 'department' or 'project:<code>'. */
export const DEPARTMENT_SCOPE = 'department';

/**
 * A code the domain accepts (lower-case letters, digits, '-'), made up for a new measure, target,
 * project, milestone or deduction: the page never asks for one, nor shows it.
 * @param {string} prefix
 */
export function newCode(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('')}`.slice(0, 64);
}

/**
 * A measure's name and unit by its code (a measure the plan does not define: said so, never its code).
 * @param {EditorPlan} plan
 * @param {string} code
 */
export function measureOf(plan, code) {
  const m = plan.measures.find((x) => x.code === code);
  return { name: m?.name ?? '本年度未定义的指标', unit: m?.unit ?? '' };
}

/**
 * @param {EditorPlan} plan
 * @param {string | null} code
 */
export const projectName = (plan, code) => plan.projects.find((p) => p.code === code)?.name ?? '项目';

/**
 * Which plan a target belongs to, in words: 重点工作 3 举办重要外事活动, 部门整体绩效目标 1, <项目> 目标 2.
 * @param {EditorPlan} plan
 * @param {PlanRef} ref
 */
export function planRefText(plan, ref) {
  const kinds = meta().planKinds;
  if (ref.kind === 'key-work') {
    const item = plan.keyWork.find((k) => k.no === ref.item);
    return `${kinds['key-work']} ${ref.item}${item ? ` ${item.matter}` : ''}`;
  }
  if (ref.kind === 'department-goal') return `${kinds['department-goal']} ${ref.goal}`;
  return `${kinds['project-goal']} ${projectName(plan, ref.project)} 目标 ${ref.goal}`;
}

/**
 * A plan reference as an option value ('key-work:3', 'department-goal:1', 'project-goal:<code>:2').
 * @param {PlanRef} ref
 */
export function planRefKey(ref) {
  if (ref.kind === 'key-work') return `key-work:${ref.item}`;
  if (ref.kind === 'department-goal') return `department-goal:${ref.goal}`;
  return `project-goal:${ref.project}:${ref.goal}`;
}

/**
 * The plan reference an option value names, or null.
 * @param {string} key
 * @returns {PlanRef | null}
 */
export function planRefOf(key) {
  const [kind, a, b] = key.split(':');
  if (kind === 'key-work' && a) return { kind, item: Number(a) };
  if (kind === 'department-goal' && a) return { kind, goal: Number(a) };
  if (kind === 'project-goal' && a && b) return { kind, project: a, goal: Number(b) };
  return null;
}

/**
 * Every plan item or goal a target may belong to, as [value, words].
 * @param {EditorPlan} plan
 * @returns {[string, string][]}
 */
export function planRefOptions(plan) {
  /** @type {PlanRef[]} */
  const refs = [
    ...[...plan.keyWork].sort((a, b) => a.no - b.no).map((k) => /** @type {PlanRef} */ ({ kind: 'key-work', item: k.no })),
    ...sortedGoals(plan, 'department').map((g) => /** @type {PlanRef} */ ({ kind: 'department-goal', goal: g.no })),
    ...plan.projects.flatMap((p) =>
      sortedGoals(plan, 'project', p.code).map((g) => /** @type {PlanRef} */ ({ kind: 'project-goal', project: p.code, goal: g.no })),
    ),
  ];
  return refs.map((r) => [planRefKey(r), planRefText(plan, r)]);
}

/**
 * The goals of the department or of a project, by number.
 * @param {EditorPlan} plan
 * @param {'department' | 'project'} scope
 * @param {string} [project]
 */
export function sortedGoals(plan, scope, project) {
  return plan.goals.filter((g) => g.scope === scope && (scope === 'department' || g.project === project)).sort((a, b) => a.no - b.no);
}

/**
 * The goal a deduction applies to ('department-goal:<no>' or 'project-goal:<project>:<no>'), in words.
 * @param {EditorPlan} plan
 * @param {string} scope
 */
export function goalScopeText(plan, scope) {
  const ref = planRefOf(scope);
  return ref && ref.kind !== 'key-work' ? planRefText(plan, ref) : '其他';
}

/**
 * Every goal a deduction may apply to, as [scope, words].
 * @param {EditorPlan} plan
 * @returns {[string, string][]}
 */
export const goalScopeOptions = (plan) => planRefOptions(plan).filter(([key]) => !key.startsWith('key-work:'));

/**
 * What a budget or a 偏差分析 belongs to ('department' or 'project:<code>'), in words.
 * @param {EditorPlan} plan
 * @param {string} scope
 */
export const budgetScopeText = (plan, scope) =>
  scope === DEPARTMENT_SCOPE ? '部门整体' : projectName(plan, scope.slice('project:'.length));

/**
 * The department and its projects, as [scope, words].
 * @param {EditorPlan} plan
 * @returns {[string, string][]}
 */
export const budgetScopeOptions = (plan) => [
  [DEPARTMENT_SCOPE, '部门整体'],
  ...plan.projects.map((p) => /** @type {[string, string]} */ ([`project:${p.code}`, p.name])),
];

/**
 * The catalog's category by code.
 * @param {readonly CategorySpec[]} catalog
 * @param {string | null | undefined} code
 */
export const categoryIn = (catalog, code) => catalog.find((c) => c.code === code);
