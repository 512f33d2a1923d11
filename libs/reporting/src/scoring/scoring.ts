import { requireFinite, requireNonNegative, ScoringError } from './errors';

/**
 * Direction of a quantitative indicator: `>=` 正向 (target written "≥X", more is better),
 * `<=` 反向 (target written "≤X", less is better, e.g. a complaint rate).
 */
export type Direction = '>=' | '<=';

/**
 * What an indicator's figures are: `count` (场, 个, 条…) and `amount` (万元) are 绝对值 and add
 * up; `rate` is a 相对值 in percent (100, 98, 0) and is averaged weighted by funds.
 */
export type ValueType = 'count' | 'rate' | 'amount';

/** 定性指标 tiers: 达成预期指标 / 部分达成预期指标 / 未达成预期指标. */
export type QualitativeTier = 'achieved' | 'partly' | 'not';

/** One 定量指标 (quantitative indicator) of a self-evaluation table. */
export interface IndicatorInput {
  direction: Direction;
  /** 年初目标值 (A). */
  target: number;
  /** 实际完成值 (B); `null` while not measured yet. */
  actual: number | null;
  valueType: ValueType;
  /** 资金额度 behind the indicator: the weight when rates are averaged (default 1). */
  funds?: number;
  /** 满意度指标: the seed lets these be left out of the scoring (暂可不作为必评指标). */
  satisfaction?: boolean;
}

export interface BudgetExecutionScore {
  /** 执行率 B/A as a fraction (1 = 100 %); `null` when the budget is 0. */
  rate: number | null;
  score: number;
}

/** One recorded 扣分: points taken off a computed score, with the reason the report shows. */
export interface Deduction {
  points: number;
  reason: string;
}

export interface DeductedScore {
  computed: number;
  /** Sum of the recorded deductions, even where it exceeds the computed score. */
  deducted: number;
  /** computed − deducted, never below 0. */
  final: number;
}

const DIRECTIONS: readonly Direction[] = ['>=', '<='];
const VALUE_TYPES: readonly ValueType[] = ['count', 'rate', 'amount'];

/**
 * 预算执行情况 (20 分): score = points × 执行率 (B/A), at most the points.
 * With a budget of 0 the rate is undefined: nothing spent earns full points, any spending earns 0.
 */
export function scoreBudgetExecution(budget: number, executed: number, points = 20): BudgetExecutionScore {
  requireNonNegative(budget, 'budget');
  requireNonNegative(executed, 'executed');
  requireNonNegative(points, 'points');
  if (budget === 0) return { rate: null, score: executed === 0 ? points : 0 };
  const rate = executed / budget;
  return { rate, score: points * Math.min(1, rate) };
}

/**
 * Completion ratio of one quantitative indicator in [0, 1]: 正向 B/A, 反向 A/B, capped at 1
 * (得分不得突破权重). Not measured yet scores 0.
 */
export function indicatorRatio(i: IndicatorInput): number {
  validateIndicator(i, 'indicator');
  if (i.actual === null) return 0;
  return directedRatio(i.direction, i.target, i.actual);
}

function directedRatio(direction: Direction, target: number, actual: number): number {
  if (direction === '>=') {
    // "at least 0" is met by anything.
    if (target === 0) return 1;
    return Math.min(1, actual / target);
  }
  // "at most 0": met only by 0; any occurrence misses it entirely, there is no A/B to scale by.
  if (target === 0) return actual === 0 ? 1 : 0;
  if (actual === 0) return 1;
  return Math.min(1, target / actual);
}

/**
 * Scores one quantitative indicator on its own weight (分值), as domain.md "Indicator weights"
 * says: 正向 min(B/A, 1) × weight, 反向 min(A/B, 1) × weight; an actual of 0 against a 反向
 * target of 0 meets it, an actual above a target of 0 scores 0; not measured yet scores 0.
 */
export function scoreWeightedIndicator(weight: number, indicator: IndicatorInput): { ratio: number; score: number } {
  requireNonNegative(weight, 'weight');
  const ratio = indicatorRatio(indicator);
  return { ratio, score: weight * ratio };
}

/**
 * Scores a group of quantitative indicators sharing one weight (a 40-point 年度绩效目标, or a
 * project's 60-point 产出指标): score = points × ratio, ratio in [0, 1].
 *
 * 定量指标先汇总完成数，再计算得分: the indicators are split into buckets by kind and direction.
 * In an absolute bucket (count/amount) targets and actuals are summed (ΣB/ΣA 正向, ΣA/ΣB 反向);
 * in a rate bucket they are averaged weighted by funds, then scored the same way.
 */
export function scoreQuantitativeGroup(
  points: number,
  indicators: IndicatorInput[],
  opts: { excludeSatisfaction?: boolean } = {},
): { ratio: number; score: number } {
  requireNonNegative(points, 'points');
  indicators.forEach((i, n) => validateIndicator(i, `indicators[${n}]`));
  const scored = opts.excludeSatisfaction ? indicators.filter((i) => !i.satisfaction) : indicators;
  if (scored.length === 0) {
    throw new ScoringError('SCORING.EMPTY_GROUP', 'a scored group needs at least one indicator');
  }

  // The seed only says how to sum one kind in one direction. Sums across directions or across
  // absolute/rate would mix figures that do not add up (a ≥ target can't offset a ≤ one), so each
  // bucket is scored alone and the bucket ratios are averaged weighted by how many indicators
  // each holds. Unmeasured indicators form their own bucket at ratio 0 rather than entering a
  // sum as 0: for a 反向 sum a missing 0 would read as perfect.
  const buckets = new Map<string, IndicatorInput[]>();
  for (const i of scored) {
    if (i.actual === null) continue; // counts in the denominator, adds 0
    const key = `${i.valueType === 'rate' ? 'rate' : 'absolute'}${i.direction}`;
    buckets.set(key, [...(buckets.get(key) ?? []), i]);
  }

  let weighted = 0;
  for (const bucket of buckets.values()) weighted += bucket.length * bucketRatio(bucket);
  const ratio = weighted / scored.length;
  return { ratio, score: points * ratio };
}

function bucketRatio(bucket: IndicatorInput[]): number {
  const { direction, valueType } = bucket[0];
  if (valueType !== 'rate') {
    const target = bucket.reduce((s, i) => s + i.target, 0);
    const actual = bucket.reduce((s, i) => s + (i.actual as number), 0);
    return directedRatio(direction, target, actual);
  }
  const totalFunds = bucket.reduce((s, i) => s + (i.funds ?? 1), 0);
  // Rates with no funds behind any of them still need an average: weigh them equally.
  const weight = (i: IndicatorInput) => (totalFunds === 0 ? 1 / bucket.length : (i.funds ?? 1) / totalFunds);
  const target = bucket.reduce((s, i) => s + weight(i) * i.target, 0);
  const actual = bucket.reduce((s, i) => s + weight(i) * (i.actual as number), 0);
  return directedRatio(direction, target, actual);
}

function validateIndicator(i: IndicatorInput, what: string): void {
  if (!DIRECTIONS.includes(i.direction)) {
    throw new ScoringError('SCORING.INVALID_INPUT', `${what}.direction must be '>=' or '<=', got ${i.direction}`);
  }
  if (!VALUE_TYPES.includes(i.valueType)) {
    throw new ScoringError('SCORING.INVALID_INPUT', `${what}.valueType is unknown: ${i.valueType}`);
  }
  requireNonNegative(i.target, `${what}.target`);
  if (i.actual !== null) requireNonNegative(i.actual, `${what}.actual`);
  if (i.funds !== undefined) requireNonNegative(i.funds, `${what}.funds`);
}

/**
 * Share of a 定性指标's points each tier allows: 达成 100–80 %, 部分达成 80–50 %, 未达成 50–0 %.
 * The seed writes the upper bounds of the lower tiers as exclusive (<80 %, <50 %) to classify a
 * score into a tier; here the tier is given, so each band is closed and its top is the default.
 */
export const QUALITATIVE_BANDS: Readonly<Record<QualitativeTier, { min: number; max: number }>> = {
  achieved: { min: 0.8, max: 1 },
  partly: { min: 0.5, max: 0.8 },
  not: { min: 0, max: 0.5 },
};

/** Score of a 定性指标: points × fraction, the fraction inside the tier's band (default its top). */
export function scoreQualitative(points: number, tier: QualitativeTier, fraction?: number): number {
  requireNonNegative(points, 'points');
  const band = QUALITATIVE_BANDS[tier];
  if (!band) throw new ScoringError('SCORING.INVALID_INPUT', `unknown qualitative tier: ${tier}`);
  const f = fraction ?? band.max;
  requireFinite(f, 'fraction');
  if (f < band.min || f > band.max) {
    throw new ScoringError('SCORING.INVALID_INPUT', `fraction ${f} is outside the '${tier}' band [${band.min}, ${band.max}]`);
  }
  return points * f;
}

/** Takes recorded 扣分 off a computed score; the final score never goes below 0. */
export function applyDeductions(computed: number, deductions: Deduction[]): DeductedScore {
  requireNonNegative(computed, 'computed');
  deductions.forEach((d, n) => {
    requireNonNegative(d.points, `deductions[${n}].points`);
    if (typeof d.reason !== 'string' || d.reason.trim() === '') {
      throw new ScoringError('SCORING.INVALID_INPUT', `deductions[${n}] needs a reason`);
    }
  });
  const deducted = deductions.reduce((s, d) => s + d.points, 0);
  return { computed, deducted, final: Math.max(0, computed - deducted) };
}

/**
 * Rounds half away from zero to 2 decimals, as the published tables show 万元 and scores.
 * Works on the decimal the number stands for (1.005, 2.675), not its binary approximation.
 */
export function round2(n: number): number {
  requireFinite(n, 'value');
  // 15 significant digits drop arithmetic noise (0.1 + 0.2) without changing any typed figure.
  const magnitude = Number(Math.abs(n).toPrecision(15));
  const rounded = shift(Math.round(shift(magnitude, 2)), -2);
  if (rounded === 0) return 0;
  return n < 0 ? -rounded : rounded;
}

/** Multiplies by 10^places through the decimal string, so no binary rounding creeps in. */
function shift(n: number, places: number): number {
  const [mantissa, exponent = '0'] = String(n).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}
