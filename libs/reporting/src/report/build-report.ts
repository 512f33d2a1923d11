import type {
  Activity,
  Role,
  Budget,
  Direction,
  Goal,
  Measure,
  Plan,
  SangongFigures,
  SangongKind,
  Target,
  ValueType,
  DataQualityWarning,
  CategorySpec,
} from '@app/tracking';
import {
  activitiesCountedBy,
  ActivityIndex,
  activitiesExcludedBy,
  budgetOn,
  DEFAULT_BUDGET_POINTS,
  DEFAULT_DEPARTMENT_SETTINGS,
  isMet,
  planLabel,
  SANGONG_KINDS,
  targetValueOn,
  wanOfFen,
  type Progress,
} from '@app/tracking';
import {
  applyDeductions,
  buildSangongTable,
  checkSangongIdentities,
  round2,
  SANGONG_LINES,
  scoreBudgetExecution,
  scoreQuantitativeGroup,
  scoreWeightedIndicator,
  type IndicatorInput,
  type SangongColumns,
  type SangongLine as SangongColumn,
  type SangongViolation,
} from '../scoring';
import { labels } from './labels';

/** Everything the year-end report is built from; the caller loads it, the builder only reads it. */
export interface ReportInput {
  /** `officeLevel`: 机构层级 of the department's settings (市直, 区直…), for the titles; default 市直. */
  department: { code: string; name: string; officeLevel?: string };
  plan: Plan;
  /** Computed with asOf = the report's as-of date, or the year end. */
  progress: Progress;
  /** All activities of the department, whatever their status. */
  activities: Activity[];
  warnings: DataQualityWarning[];
  /**
   * The department's catalog: what its categories' attributes and options are called, for the
   * reasons an activity is not counted (关系类型：友好合作备忘录). Without it they name attributes by key.
   */
  catalog?: readonly CategorySpec[];
  /** What the 三公 records add up to in the year as of the report's date (sangongFigures). */
  sangong: SangongFigures;
  /** Findings on the 三公 records and lines (sangongWarnings), listed after the other warnings. */
  sangongWarnings?: DataQualityWarning[];
  /** The event-store position the inputs were read at (what "as known on" means). */
  checkpoint: { transactionId: string; position: number };
  asOf: string | null;
}

export const YEAR_END_REPORT_FORMAT = 'year-end-report/v1';

/** 机构层级 of a department whose settings name none. */
const DEFAULT_OFFICE_LEVEL = DEFAULT_DEPARTMENT_SETTINGS.officeLevel;

export type Verdict = typeof labels.done | typeof labels.notDone;

export interface ReportHeader {
  department: { code: string; name: string };
  /** 机构层级 (市直, 区直…): the 项目自评表's title is built from it (市直部门项目自评表). */
  officeLevel: string;
  year: number;
  asOf: string | null;
  checkpoint: { transactionId: string; position: number };
}

/** An activity listed against a key-work item: the evidence behind its verdict. */
export interface KeyWorkActivity {
  id: string;
  title: string;
  occurredOn: string;
  role: Role;
  /** Counted towards a target of the item, or evidence of one of its milestones. */
  counted: boolean;
  /** Measures of the item that count it. */
  countedFor: string[];
  /** Measures of the item whose attribute filter leaves it out (logged, shown, not counted). */
  excludedFrom: string[];
  /** Why a filter leaves it out, in the catalog's words, e.g. "关系类型：友好合作备忘录"; null when counted. */
  excludedBecause: string | null;
  /** Milestone codes it is the evidence of. */
  milestones: string[];
  /** For a project counted once (count-distinct-parents): how many of its parts are counted. */
  parts: number;
}

export interface KeyWorkTarget {
  targetId: string;
  measure: string;
  name: string;
  unit: string;
  direction: Direction;
  /** The target in force (after 预算调整 revisions). */
  target: number;
  original: number;
  revised: boolean;
  actual: number | null;
  met: boolean;
}

export interface KeyWorkMilestone {
  code: string;
  title: string;
  done: boolean;
  doneOn: string | null;
}

/** One row of 重点工作完成情况. */
export interface KeyWorkRow {
  /** 序号 */
  no: number;
  /** 重要事项 */
  matter: string;
  /** 工作内容及目标 */
  content: string;
  activities: KeyWorkActivity[];
  targets: KeyWorkTarget[];
  milestones: KeyWorkMilestone[];
  /** 完成情况 */
  verdict: Verdict;
  /** What keeps the item from 完成, e.g. "重要外事活动 3/5", "里程碑：建立创业实践基地". */
  missing: string[];
}

/** A figure of a self-evaluation table: the number, its unit and the text as printed ("4场", "100%"). */
export interface ReportFigure {
  value: number | null;
  unit: string;
  text: string;
}

/** 预算执行情况: 20 × 执行率, at most 20. */
export interface BudgetExecution {
  /** 预算数 (adjusted budget), 万元. */
  A: number;
  /** 执行数, 万元. */
  B: number;
  /** 执行率 B/A as a fraction (1 = 100 %); null when the budget is 0. */
  rate: number | null;
  /** 得分, rounded to 2 decimals. */
  score: number;
  points: number;
}

export interface EvaluationIndicator {
  targetId: string;
  measure: string;
  /** 一级指标 */
  level1: string;
  /** 二级指标 */
  level2: string;
  /** 三级指标 */
  level3: string;
  /** 年初目标值（A） (the target in force). */
  A: ReportFigure;
  /** 实际完成值（B） */
  B: ReportFigure;
  direction: Direction;
  valueType: ValueType;
  met: boolean | null;
  /** The target before revisions, when a revision is in force on the report's date. */
  original: number | null;
  /** 分值: the indicator's own points (null: it shares its goal's points). */
  points: number | null;
  /** 得分 of an indicator with its own points (2 decimals); null under the grouped rule. */
  score: number | null;
  /** 沿用上年 and not yet confirmed: the target is last year's. */
  carriedOver: boolean;
}

export interface EvaluationDeduction {
  id: string;
  points: number;
  reason: string;
}

/** 年度绩效目标: a scored group of indicators. */
export interface EvaluationGoal {
  no: number;
  text: string;
  points: number;
  indicators: EvaluationIndicator[];
  /**
   * How the goal was scored: `indicators` each on its own 分值 (the plan gives every indicator
   * points), `group` the goal's points shared (sum first, then score: the seed's 2023 tables),
   * `mixed` the indicators with points on their own and the rest sharing what is left.
   */
  scoring: 'indicators' | 'group' | 'mixed';
  /** Score by the rules before deductions (2 decimals); null when the goal has no indicator to score. */
  computedScore: number | null;
  deductions: EvaluationDeduction[];
  /** computed − deductions, never below 0 (2 decimals). */
  finalScore: number;
}

/** 整体绩效自评表 or one 项目自评表. */
export interface Evaluation {
  /** null when no budget was entered (scores 0). */
  budget: BudgetExecution | null;
  /** 预算执行情况's points (the plan's; default 20), also when no budget was entered. */
  budgetPoints: number;
  goals: EvaluationGoal[];
  /** 总分 = budget score + the goals' final scores. */
  total: number;
  /** 偏差大或目标未完成原因分析 */
  deviationAnalysis: string | null;
  /** What the builder could not score and why. */
  notes: string[];
}

export interface ProjectEvaluation extends Evaluation {
  project: { code: string; name: string };
}

export interface SangongReportColumn {
  /** 栏次 1–12 */
  no: number;
  half: 'budget' | 'actual';
  line: SangongColumn;
  label: string;
  value: number;
}

/** "三公"经费支出决算表 (公开 09 表) with the counts of the narrative. */
export interface SangongReport {
  columns: SangongReportColumn[];
  budget: SangongColumns;
  actual: SangongColumns;
  /** Lines whose 决算数 exceeds the 预算数. */
  overspent: Record<SangongColumn, boolean>;
  counts: {
    tripsAbroad: { groups: number | null; persons: number | null };
    receptions: { groups: number | null; persons: number | null; foreignGroups: number | null; foreignPersons: number | null };
    vehiclesHeld: number | null;
  };
  /** Broken row identities (合计 = parts, 小计 = 购置 + 运行), empty when the row adds up. */
  checks: SangongViolation[];
  /** 三公 lines without a budget in the plan (shown as 0). */
  missing: SangongKind[];
  /** How many 三公 records each line's 决算数 sums: individual records and summary records. */
  sources: Record<SangongKind, { records: number; summaries: number }>;
}

/** The year-end report as deterministic JSON: same inputs, same bytes. */
export interface YearEndReport {
  format: typeof YEAR_END_REPORT_FORMAT;
  header: ReportHeader;
  keyWork: KeyWorkRow[];
  departmentEvaluation: Evaluation;
  projectEvaluations: ProjectEvaluation[];
  sangong: SangongReport;
  warnings: ReportWarning[];
}

/** A warning as the report prints it: its activities by title and its measure by name, never by id or code. */
export interface ReportWarning extends DataQualityWarning {
  activityTitles: string[];
  measureName: string | null;
}

export type ReportInputErrorCode = 'REPORT.INPUT_MISMATCH';

/** The inputs do not belong together (another department or year); a caller bug, not a data problem. */
export class ReportInputError extends Error {
  constructor(
    readonly code: ReportInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** Builds the year-end report. Pure: reads its input, returns plain data, never the clock. */
export function buildYearEndReport(input: ReportInput): YearEndReport {
  const { plan, progress, department } = input;
  if (plan.department !== department.code || progress.department !== department.code) {
    throw new ReportInputError(
      'REPORT.INPUT_MISMATCH',
      `plan (${plan.department}) and progress (${progress.department}) must belong to department ${department.code}`,
    );
  }
  if (progress.year !== plan.year) {
    throw new ReportInputError('REPORT.INPUT_MISMATCH', `progress is for ${progress.year}, the plan for ${plan.year}`);
  }
  const activities = input.activities.filter((a) => a.department === plan.department);
  const asOf = input.asOf ?? progress.asOf ?? undefined;
  const context: Context = {
    plan,
    progress,
    activities,
    asOf,
    index: new ActivityIndex(activities, input.catalog),
    catalog: input.catalog ?? [],
  };
  const titles = new Map(input.activities.map((a) => [a.id, a.title]));
  return {
    format: YEAR_END_REPORT_FORMAT,
    header: {
      department: { code: department.code, name: department.name },
      officeLevel: department.officeLevel ?? DEFAULT_OFFICE_LEVEL,
      year: plan.year,
      asOf: input.asOf,
      checkpoint: { transactionId: input.checkpoint.transactionId, position: input.checkpoint.position },
    },
    keyWork: [...plan.keyWork].sort((a, b) => a.no - b.no).map((item) => keyWorkRow(context, item)),
    departmentEvaluation: evaluation(context, {
      budget: budgetOn(plan, 'department', asOf),
      budgetMissing: '未录入部门预算，预算执行情况按 0 分计',
      goals: plan.goals.filter((g) => g.scope === 'department'),
      targetsOf: (g) => plan.targets.filter((t) => t.plan.kind === 'department-goal' && t.plan.goal === g.no),
      scopeOf: (g) => `department-goal:${g.no}`,
      deviationAnalysis: plan.deviationAnalysis['department'] ?? null,
    }),
    projectEvaluations: plan.projects.map((project): ProjectEvaluation => ({
      project: { code: project.code, name: project.name },
      ...evaluation(context, {
        budget: budgetOn(plan, `project:${project.code}`, asOf),
        budgetMissing: `未录入项目“${project.name}”的预算，预算执行情况按 0 分计`,
        goals: plan.goals.filter((g) => g.scope === 'project' && g.project === project.code),
        targetsOf: (g) =>
          plan.targets.filter((t) => t.plan.kind === 'project-goal' && t.plan.project === project.code && t.plan.goal === g.no),
        scopeOf: (g) => `project-goal:${project.code}:${g.no}`,
        deviationAnalysis: plan.deviationAnalysis[`project:${project.code}`] ?? null,
      }),
    })),
    sangong: sangongReport(plan, input.sangong),
    warnings: [...input.warnings, ...(input.sangongWarnings ?? [])].map((w) => reportWarning(w, titles, plan)),
  };
}

interface Context {
  plan: Plan;
  progress: Progress;
  activities: Activity[];
  asOf: string | undefined;
  /** The activities grouped by category and milestone, so a measure looks only at those that can concern it. */
  index: ActivityIndex;
  catalog: readonly CategorySpec[];
}

// ---------------------------------------------------------------------------------------------
// 重点工作完成情况

function keyWorkRow(ctx: Context, item: Plan['keyWork'][number]): KeyWorkRow {
  const targets = ctx.plan.targets.filter((t) => t.plan.kind === 'key-work' && t.plan.item === item.no);
  const rowTargets = targets.map((t) => keyWorkTarget(ctx, t));
  const listed = new Map<string, KeyWorkActivity>();
  const entry = (a: Activity): KeyWorkActivity => {
    let e = listed.get(a.id);
    if (!e) {
      e = {
        id: a.id,
        title: a.title,
        occurredOn: a.occurredOn,
        role: a.role,
        counted: false,
        countedFor: [],
        excludedFrom: [],
        excludedBecause: null,
        milestones: [],
        parts: 0,
      };
      listed.set(a.id, e);
    }
    return e;
  };

  for (const code of unique(targets.map((t) => t.measure))) {
    const measure = ctx.plan.measures.find((m) => m.code === code);
    if (!measure) continue;
    const candidates = ctx.index.candidatesFor(measure);
    const counted = activitiesCountedBy(measure, candidates, ctx.plan.year, ctx.asOf);
    const excluded = activitiesExcludedBy(measure, candidates, ctx.plan.year, ctx.asOf);
    const countedRoots = new Set<string>();
    for (const { shown, parts } of representatives(measure, counted)) {
      const e = entry(shown);
      add(e.countedFor, code);
      e.parts = Math.max(e.parts, parts);
      countedRoots.add(shown.parentId ?? shown.id);
    }
    for (const { shown, parts } of representatives(measure, excluded)) {
      // A project already counted through another part is not "left out".
      if (measure.kind === 'count-distinct-parents' && countedRoots.has(shown.parentId ?? shown.id)) continue;
      const e = entry(shown);
      add(e.excludedFrom, code);
      e.parts = Math.max(e.parts, parts);
      e.excludedBecause ??= whyExcluded(measure, shown, ctx.catalog);
    }
  }

  const milestones: KeyWorkMilestone[] = item.milestones.map((m) => {
    const evidence = ctx.index.milestoneEvidence(m.code, ctx.plan.year, ctx.asOf);
    for (const a of evidence) add(entry(a).milestones, m.code);
    const known = ctx.progress.milestones.find((p) => p.keyWorkItem === item.no && p.code === m.code);
    return {
      code: m.code,
      title: m.title,
      done: known ? known.done : evidence.length > 0,
      doneOn: known ? known.doneOn : (evidence[0]?.occurredOn ?? null),
    };
  });

  const activities = [...listed.values()]
    .map((e) => {
      const counted = e.countedFor.length > 0 || e.milestones.length > 0;
      return {
        ...e,
        counted,
        countedFor: e.countedFor.sort(),
        excludedFrom: e.excludedFrom.sort(),
        excludedBecause: counted ? null : e.excludedBecause,
        milestones: e.milestones.sort(),
      };
    })
    .sort((a, b) => Number(b.counted) - Number(a.counted) || compareStr(a.occurredOn, b.occurredOn) || compareStr(a.id, b.id));

  const missing = [
    ...rowTargets.filter((t) => !t.met).map(missingTarget),
    ...milestones.filter((m) => !m.done).map((m) => `${labels.milestone}：${m.title}`),
  ];
  // An item with nothing to check cannot be shown as 完成: say so rather than pass it vacuously.
  if (rowTargets.length === 0 && milestones.length === 0) missing.push('未设目标值或里程碑，无法核对完成情况');

  return {
    no: item.no,
    matter: item.matter,
    content: item.content,
    activities,
    targets: rowTargets,
    milestones,
    verdict: missing.length === 0 ? labels.done : labels.notDone,
    missing,
  };
}

function keyWorkTarget(ctx: Context, t: Target): KeyWorkTarget {
  const measure = ctx.plan.measures.find((m) => m.code === t.measure);
  const mp = ctx.progress.measures.find((m) => m.code === t.measure);
  const tp = mp?.targets.find((x) => x.targetId === t.id);
  const actual = mp?.actual ?? null;
  return {
    targetId: t.id,
    measure: t.measure,
    name: measure?.name ?? mp?.name ?? t.measure,
    unit: t.unit || measure?.unit || '',
    direction: t.direction,
    target: t.value,
    original: t.original,
    revised: t.revisions.length > 0,
    actual,
    met: (tp ? tp.met : isMet(t.direction, t.value, actual)) === true,
  };
}

function missingTarget(t: KeyWorkTarget): string {
  const actual = t.actual === null ? labels.notEntered : formatNumber(t.actual);
  return t.direction === '>=' ? `${t.name} ${actual}/${formatNumber(t.target)}` : `${t.name} ${actual}（目标≤${formatNumber(t.target)}）`;
}

/**
 * The activities to list for a measure: one per activity, except that for count-distinct-parents a
 * project made of parts is listed once, as its root activity (or its first part if the root itself
 * is not counted), with the number of parts behind it.
 */
function representatives(measure: Measure, list: Activity[]): { shown: Activity; parts: number }[] {
  if (measure.kind !== 'count-distinct-parents') return list.map((a) => ({ shown: a, parts: 0 }));
  const groups = new Map<string, Activity[]>();
  for (const a of list) {
    const root = a.parentId ?? a.id;
    const members = groups.get(root);
    if (members) members.push(a);
    else groups.set(root, [a]);
  }
  return [...groups.entries()].map(([root, members]) => {
    const sorted = [...members].sort((a, b) => compareStr(a.occurredOn, b.occurredOn) || compareStr(a.id, b.id));
    const shown = sorted.find((a) => a.id === root) ?? sorted[0];
    return { shown, parts: members.filter((a) => a.id !== root).length };
  });
}

/** Why a measure's filter leaves an activity out, in the catalog's words: 关系类型：友好合作备忘录；缔结层级：区级. */
export function whyExcluded(measure: Measure, a: Activity, catalog: readonly CategorySpec[]): string {
  const category = catalog.find((c) => c.code === a.category);
  const reasons = Object.entries(measure.where)
    .filter(([name, allowed]) => !allowed.includes(a.attributes[name] as never))
    .map(([name]) => {
      const spec = category?.attributes.find((x) => x.name === name);
      const value = a.attributes[name];
      const shown =
        value === undefined || value === null || value === ''
          ? '（空）'
          : typeof value === 'boolean'
            ? value
              ? '是'
              : '否'
            : (spec?.options?.[String(value)] ?? String(value));
      return `${spec?.label ?? name}：${shown}`;
    });
  return reasons.join('；');
}

/** A warning with the titles of its activities and the name of its measure (what the report prints). */
function reportWarning(w: DataQualityWarning, titles: ReadonlyMap<string, string>, plan: Plan): ReportWarning {
  return {
    ...w,
    activityIds: [...w.activityIds],
    activityTitles: w.activityIds.map((id) => titles.get(id) ?? '（已不在本年度）'),
    measureName: w.measure === null ? null : (plan.measures.find((m) => m.code === w.measure)?.name ?? null),
  };
}

// ---------------------------------------------------------------------------------------------
// 整体绩效自评表 / 项目自评表

interface EvaluationSpec {
  budget: Budget | null;
  budgetMissing: string;
  goals: Goal[];
  targetsOf: (g: Goal) => Target[];
  scopeOf: (g: Goal) => string;
  deviationAnalysis: string | null;
}

function evaluation(ctx: Context, spec: EvaluationSpec): Evaluation {
  const notes: string[] = [];
  let budget: BudgetExecution | null = null;
  // 预算执行情况's points are the plan's (default 20).
  const budgetPoints = ctx.plan.budgetPoints ?? DEFAULT_BUDGET_POINTS;
  if (spec.budget) {
    const scored = scoreBudgetExecution(spec.budget.adjusted, spec.budget.executed, budgetPoints);
    budget = {
      A: spec.budget.adjusted,
      B: spec.budget.executed,
      rate: scored.rate === null ? null : roundTo(scored.rate, 6),
      score: round2(scored.score),
      points: budgetPoints,
    };
  } else {
    notes.push(spec.budgetMissing);
  }

  const goals = [...spec.goals]
    .sort((a, b) => a.no - b.no)
    .map((goal): EvaluationGoal => {
      const scored = scoreGoal(
        goal,
        spec.targetsOf(goal).map((t) => indicator(ctx, t, notes)),
        notes,
      );
      const { indicators, computed, scoring } = scored;
      const deductions = ctx.plan.adjustments
        .filter((a) => !a.withdrawn && a.scope === spec.scopeOf(goal))
        .map((a) => ({ id: a.id, points: a.points, reason: a.reason }))
        .sort((a, b) => compareStr(a.id, b.id));
      const deducted = applyDeductions(computed ?? 0, deductions);
      return {
        no: goal.no,
        text: goal.text,
        points: goal.points,
        indicators,
        scoring,
        computedScore: computed === null ? null : round2(computed),
        deductions,
        finalScore: round2(deducted.final),
      };
    });

  // The printed total adds the printed (rounded) scores, so the table adds up on paper.
  const total = round2(goals.reduce((s, g) => s + g.finalScore, budget?.score ?? 0));
  return { budget, budgetPoints, goals, total, deviationAnalysis: spec.deviationAnalysis, notes };
}

/**
 * A goal's score before deductions. Indicators with their own 分值 are each scored on it (正向
 * min(B/A, 1) × 分值, 反向 min(A/B, 1) × 分值); those without share the goal's points, or what is
 * left of them, by the grouped rule (sum first, then score). The seed scores its satisfaction
 * indicators, so they stay in.
 */
function scoreGoal(
  goal: Goal,
  listed: EvaluationIndicator[],
  notes: string[],
): { indicators: EvaluationIndicator[]; computed: number | null; scoring: EvaluationGoal['scoring'] } {
  const name = `${labels.annualGoal} ${goal.no}`;
  if (listed.length === 0) {
    notes.push(`${name} 未设指标，未计分`);
    return { indicators: listed, computed: null, scoring: 'group' };
  }
  const input = (i: EvaluationIndicator): IndicatorInput => ({
    direction: i.direction,
    target: i.A.value ?? 0,
    actual: i.B.value,
    valueType: i.valueType,
  });
  const weighted = listed.filter((i) => i.points !== null);
  const shared = listed.filter((i) => i.points === null);
  let computed = 0;
  const indicators = listed.map((i) => {
    if (i.points === null) return i;
    const { score } = scoreWeightedIndicator(i.points, input(i));
    computed += score;
    return { ...i, score: round2(score) };
  });
  const weights = weighted.reduce((s, i) => s + (i.points ?? 0), 0);
  if (weighted.length === 0) {
    return { indicators, computed: scoreQuantitativeGroup(goal.points, shared.map(input)).score, scoring: 'group' };
  }
  if (shared.length > 0) {
    const left = Math.max(0, goal.points - weights);
    notes.push(`${name}：${shared.length} 项指标未设分值，共用其余 ${formatNumber(left)} 分，按汇总规则计分`);
    computed += scoreQuantitativeGroup(left, shared.map(input)).score;
    return { indicators, computed, scoring: 'mixed' };
  }
  if (Math.abs(weights - goal.points) > 1e-9) {
    notes.push(`${name}：各指标分值合计 ${formatNumber(weights)} 分，与目标分值 ${formatNumber(goal.points)} 分不一致`);
  }
  return { indicators, computed, scoring: 'indicators' };
}

function indicator(ctx: Context, t: Target, notes: string[]): EvaluationIndicator {
  const measure = ctx.plan.measures.find((m) => m.code === t.measure);
  if (!measure) notes.push(`${planLabel(t.plan, ctx.plan.projects)}的一项目标所用指标未定义，按计数处理`);
  const mp = ctx.progress.measures.find((m) => m.code === t.measure);
  const tp = mp?.targets.find((x) => x.targetId === t.id);
  const actual = mp?.actual ?? null;
  // A and B are printed with the target's own unit (the seed prints a bare "0" for both sides of
  // the complaint rate), not the measure's.
  const unit = t.unit;
  // A is the value in force on the report's date: a revision applying from a later day does not count yet.
  const inForce = targetValueOn(t, ctx.plan.year, ctx.asOf);
  const A = tp?.target ?? inForce.value;
  return {
    targetId: t.id,
    measure: t.measure,
    level1: t.labels?.level1 ?? '',
    level2: t.labels?.level2 ?? '',
    level3: t.labels?.level3 ?? measure?.name ?? t.measure,
    A: { value: A, unit, text: `${formatNumber(A)}${unit}` },
    B: { value: actual, unit, text: actual === null ? labels.notEntered : `${formatNumber(actual)}${unit}` },
    direction: t.direction,
    valueType: measure?.valueType ?? 'count',
    met: tp ? tp.met : isMet(t.direction, A, actual),
    original: inForce.inForceFrom !== null ? t.original : null,
    points: t.points ?? null,
    score: null,
    carriedOver: t.carriedOver != null,
  };
}

// ---------------------------------------------------------------------------------------------
// "三公"经费支出决算表

const SANGONG_COLUMN_LABELS: Record<SangongColumn, string> = {
  total: labels.sum,
  tripsAbroad: labels.tripsAbroad,
  vehicles: `${labels.vehicles}${labels.subtotal}`,
  vehiclePurchase: labels.vehiclePurchase,
  vehicleRunning: labels.vehicleRunning,
  receptions: labels.receptions,
};

/** Where each line's 决算数 comes from, as the report prints it: 因公出国（境）费：汇总录入 1 条；… */
export function sangongSourcesText(s: Pick<SangongReport, 'sources'>): string {
  return SANGONG_KINDS.map((k) => {
    const { records, summaries } = s.sources[k];
    const parts = [
      records > 0 ? `${labels.sangongRecords} ${records} 条` : '',
      summaries > 0 ? `${labels.sangongSummaries} ${summaries} 条` : '',
    ];
    return `${SANGONG_COLUMN_LABELS[k]}：${parts.filter(Boolean).join('、') || '无记录'}`;
  }).join('；');
}

/** The 09 表: budgets from the plan, 决算数 and counts from the 三公 records (never from the plan). */
function sangongReport(plan: Plan, figures: SangongFigures): SangongReport {
  if (figures.year !== plan.year) {
    throw new ReportInputError('REPORT.INPUT_MISMATCH', `三公 figures are for ${figures.year}, the plan for ${plan.year}`);
  }
  const missing = SANGONG_KINDS.filter((k) => !plan.sangong[k]);
  const line = (k: SangongKind) => ({ budget: plan.sangong[k]?.budget ?? 0, actual: wanOfFen(figures.lines[k].costFen) });
  const table = buildSangongTable({
    tripsAbroad: line('tripsAbroad'),
    vehiclePurchase: line('vehiclePurchase'),
    vehicleRunning: line('vehicleRunning'),
    receptions: line('receptions'),
  });
  const columns: SangongReportColumn[] = (['budget', 'actual'] as const).flatMap((half, h) =>
    SANGONG_LINES.map((l, i) => ({
      no: h * SANGONG_LINES.length + i + 1,
      half,
      line: l,
      label: SANGONG_COLUMN_LABELS[l],
      value: table[half][l],
    })),
  );
  const { tripsAbroad: trips, receptions } = figures.lines;
  return {
    columns,
    budget: table.budget,
    actual: table.actual,
    overspent: Object.fromEntries(SANGONG_LINES.map((l) => [l, table.overspent[l]])) as Record<SangongColumn, boolean>,
    counts: {
      tripsAbroad: { groups: trips.groups, persons: trips.persons },
      receptions: {
        groups: receptions.groups,
        persons: receptions.persons,
        foreignGroups: receptions.foreignGroups,
        foreignPersons: receptions.foreignPersons,
      },
      vehiclesHeld: figures.vehiclesHeld,
    },
    checks: checkSangongIdentities(table),
    missing,
    sources: Object.fromEntries(
      SANGONG_KINDS.map((k) => [k, { records: figures.lines[k].records, summaries: figures.lines[k].summaries }]),
    ) as SangongReport['sources'],
  };
}

// ---------------------------------------------------------------------------------------------

/** A number as the tables print it: no float noise, no grouping ("1500", "98", "16.5"). */
export function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

function roundTo(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

function add(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Code-point order, independent of the process locale. */
function compareStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
