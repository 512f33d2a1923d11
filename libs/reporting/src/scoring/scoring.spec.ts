import { describe, expect, it } from '@jest/globals';
import { ScoringError } from './errors';
import {
  applyDeductions,
  type IndicatorInput,
  indicatorRatio,
  round2,
  scoreBudgetExecution,
  scoreQualitative,
  scoreQuantitativeGroup,
} from './scoring';

const atLeast = (target: number, actual: number | null, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
  direction: '>=',
  target,
  actual,
  valueType: 'count',
  ...extra,
});
const atMost = (target: number, actual: number | null, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
  direction: '<=',
  target,
  actual,
  valueType: 'count',
  ...extra,
});
const rate = (direction: '>=' | '<=', target: number, actual: number | null, funds?: number): IndicatorInput => ({
  direction,
  target,
  actual,
  valueType: 'rate',
  ...(funds === undefined ? {} : { funds }),
});

function expectCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ScoringError);
  expect(caught).toBeInstanceOf(Error);
  expect((caught as ScoringError).code).toBe(code);
}

describe('the seed 2023 self-evaluation', () => {
  it('department budget 2,486.85 executed 2,486.85 scores 20', () => {
    expect(scoreBudgetExecution(2486.85, 2486.85)).toEqual({ rate: 1, score: 20 });
  });

  it('goal 1 (家在武汉 4→6, events 5→5, new cities 1→2, projects 15→18) computes 40, 38 after a 2-point deduction', () => {
    const goal1 = [atLeast(4, 6), atLeast(5, 5), atLeast(1, 2), atLeast(15, 18)];
    const { ratio, score } = scoreQuantitativeGroup(40, goal1);
    expect(ratio).toBe(1);
    expect(score).toBe(40);
    expect(applyDeductions(score, [{ points: 2, reason: '指标体系覆盖不够全面' }])).toEqual({
      computed: 40,
      deducted: 2,
      final: 38,
    });
  });

  it('goal 2 (information 15→16, APEC awareness 100→100 %, complaint rate ≤0 → 0) computes 40', () => {
    const goal2 = [atLeast(15, 16), rate('>=', 100, 100), rate('<=', 0, 0)];
    expect(scoreQuantitativeGroup(40, goal2)).toEqual({ ratio: 1, score: 40 });
  });

  it('对外交往业务支出 产出指标 (six counts and a 100 % running-time rate) computes 60, 56 after deductions', () => {
    const output = [
      atLeast(4, 6),
      atLeast(5, 5),
      atLeast(15, 18),
      atLeast(120, 128),
      atLeast(15, 16),
      atLeast(300, 1500),
      rate('>=', 100, 100),
    ];
    const { score } = scoreQuantitativeGroup(60, output);
    expect(score).toBe(60);
    expect(applyDeductions(score, [{ points: 4, reason: '绩效目标表填报不完整' }]).final).toBe(56);
    expect(scoreBudgetExecution(433.72, 433.72).score).toBe(20);
  });
});

describe('scoreBudgetExecution', () => {
  it('scales the points by the execution rate', () => {
    const { rate, score } = scoreBudgetExecution(200, 150);
    expect(rate).toBe(0.75);
    expect(score).toBe(15);
  });

  it('never gives more than the points when spending exceeds the budget', () => {
    const { rate, score } = scoreBudgetExecution(100, 109.01);
    expect(rate).toBeCloseTo(1.0901, 10);
    expect(score).toBe(20);
  });

  it('uses the points it is given', () => {
    expect(scoreBudgetExecution(100, 50, 10).score).toBe(5);
  });

  it('with a zero budget: full points when nothing was spent, 0 otherwise, rate null', () => {
    expect(scoreBudgetExecution(0, 0)).toEqual({ rate: null, score: 20 });
    expect(scoreBudgetExecution(0, 3)).toEqual({ rate: null, score: 0 });
  });

  it('rejects negative, NaN and infinite figures', () => {
    expectCode(() => scoreBudgetExecution(-1, 0), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreBudgetExecution(100, -5), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreBudgetExecution(100, 50, -20), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreBudgetExecution(Number.NaN, 50), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreBudgetExecution(100, Number.POSITIVE_INFINITY), 'SCORING.INVALID_INPUT');
  });
});

describe('indicatorRatio', () => {
  it('正向 is B/A', () => {
    expect(indicatorRatio(atLeast(4, 3))).toBe(0.75);
  });

  it('反向 is A/B', () => {
    expect(indicatorRatio(atMost(2, 8))).toBe(0.25);
  });

  it('caps over-achievement at 1 in both directions', () => {
    expect(indicatorRatio(atLeast(4, 6))).toBe(1);
    expect(indicatorRatio(atMost(5, 1))).toBe(1);
  });

  it('反向 with target 0: actual 0 meets it, actual 2 misses it entirely', () => {
    expect(indicatorRatio(atMost(0, 0))).toBe(1);
    expect(indicatorRatio(atMost(0, 2))).toBe(0);
  });

  it('反向 with a positive target and actual 0 is fully met', () => {
    expect(indicatorRatio(atMost(3, 0))).toBe(1);
  });

  it('正向 with actual 0 scores 0, with target 0 is met', () => {
    expect(indicatorRatio(atLeast(5, 0))).toBe(0);
    expect(indicatorRatio(atLeast(0, 0))).toBe(1);
  });

  it('an unmeasured indicator scores 0 in either direction', () => {
    expect(indicatorRatio(atLeast(5, null))).toBe(0);
    expect(indicatorRatio(atMost(0, null))).toBe(0);
  });

  it('rejects negative targets and actuals, NaN, infinity and unknown directions', () => {
    expectCode(() => indicatorRatio(atLeast(-1, 2)), 'SCORING.INVALID_INPUT');
    expectCode(() => indicatorRatio(atLeast(1, -2)), 'SCORING.INVALID_INPUT');
    expectCode(() => indicatorRatio(atLeast(Number.NaN, 2)), 'SCORING.INVALID_INPUT');
    expectCode(() => indicatorRatio(atLeast(1, Number.NEGATIVE_INFINITY)), 'SCORING.INVALID_INPUT');
    expectCode(() => indicatorRatio({ ...atLeast(1, 1), direction: '>' as never }), 'SCORING.INVALID_INPUT');
    expectCode(() => indicatorRatio({ ...atLeast(1, 1), valueType: 'score' as never }), 'SCORING.INVALID_INPUT');
  });
});

describe('scoreQuantitativeGroup', () => {
  it('caps over-achievement at the weight', () => {
    expect(scoreQuantitativeGroup(40, [atLeast(4, 6)])).toEqual({ ratio: 1, score: 40 });
  });

  it('sums absolute figures before scoring (ΣB/ΣA, not the mean of the ratios)', () => {
    // 1→0 and 3→3: ΣB/ΣA = 3/4, whereas averaging ratios would give (0 + 1)/2.
    const { ratio, score } = scoreQuantitativeGroup(40, [atLeast(1, 0), atLeast(3, 3)]);
    expect(ratio).toBe(0.75);
    expect(score).toBe(30);
  });

  it('lets over-achievement in one count make up for another in the same sum', () => {
    expect(scoreQuantitativeGroup(40, [atLeast(10, 5), atLeast(10, 15)]).score).toBe(40);
  });

  it('adds amounts (万元) to the same absolute sum as counts', () => {
    expect(scoreQuantitativeGroup(10, [atLeast(2, 1, { valueType: 'amount' }), atLeast(2, 2)]).ratio).toBe(0.75);
  });

  it('scores a rate below target as points × B/A', () => {
    const { ratio, score } = scoreQuantitativeGroup(40, [rate('>=', 95, 90)]);
    expect(ratio).toBeCloseTo(90 / 95, 12);
    expect(score).toBeCloseTo((40 * 90) / 95, 12);
  });

  it('averages rates weighted by the funds behind them', () => {
    // (300 × 90 + 100 × 100) / 400 = 92.5 against 100; unweighted it would be 95.
    const { ratio } = scoreQuantitativeGroup(20, [rate('>=', 100, 90, 300), rate('>=', 100, 100, 100)]);
    expect(ratio).toBeCloseTo(0.925, 12);
  });

  it('averages the targets of rates with the same fund weights', () => {
    // targets (3 × 100 + 1 × 80)/4 = 95, actuals (3 × 95 + 1 × 80)/4 = 91.25
    const { ratio } = scoreQuantitativeGroup(20, [rate('>=', 100, 95, 3), rate('>=', 80, 80, 1)]);
    expect(ratio).toBeCloseTo(91.25 / 95, 12);
  });

  it('weights rates equally when none of them has funds behind it', () => {
    const { ratio } = scoreQuantitativeGroup(20, [rate('>=', 100, 90, 0), rate('>=', 100, 100, 0)]);
    expect(ratio).toBeCloseTo(0.95, 12);
  });

  it('combines the absolute and the rate part weighted by how many indicators each holds', () => {
    // absolute: 1→0 + 3→3 = 3/4 (2 indicators); rate: 100→50 = 1/2 (1 indicator)
    const { ratio, score } = scoreQuantitativeGroup(60, [atLeast(1, 0), atLeast(3, 3), rate('>=', 100, 50)]);
    expect(ratio).toBeCloseTo((2 * 0.75 + 1 * 0.5) / 3, 12);
    expect(score).toBeCloseTo(40, 12);
  });

  it('scores each direction on its own sum instead of netting them', () => {
    // ≥: 4→3 = 0.75; ≤: 2→4 = 0.5. One joint sum (6→7) would read as fully met.
    const { ratio } = scoreQuantitativeGroup(40, [atLeast(4, 3), atMost(2, 4)]);
    expect(ratio).toBeCloseTo(0.625, 12);
  });

  it('scores a 反向 rate of 0 that was missed as 0', () => {
    expect(scoreQuantitativeGroup(10, [rate('<=', 0, 2)]).score).toBe(0);
  });

  it('counts an unmeasured indicator as 0 without adding its target to the sum', () => {
    expect(scoreQuantitativeGroup(40, [atLeast(4, 6), atLeast(5, null)])).toEqual({ ratio: 0.5, score: 20 });
    expect(scoreQuantitativeGroup(40, [atMost(0, 0), atMost(0, null)]).score).toBe(20);
  });

  it('leaves satisfaction indicators out only when asked', () => {
    const group = [atLeast(3, 3), { ...rate('>=', 95, 76), satisfaction: true }];
    expect(scoreQuantitativeGroup(40, group).ratio).toBeCloseTo((1 + 0.8) / 2, 12);
    expect(scoreQuantitativeGroup(40, group, { excludeSatisfaction: true })).toEqual({ ratio: 1, score: 40 });
  });

  it('refuses a group with nothing left to score', () => {
    expectCode(() => scoreQuantitativeGroup(40, []), 'SCORING.EMPTY_GROUP');
    const onlySatisfaction = [{ ...rate('>=', 95, 98), satisfaction: true }];
    expectCode(() => scoreQuantitativeGroup(40, onlySatisfaction, { excludeSatisfaction: true }), 'SCORING.EMPTY_GROUP');
  });

  it('rejects negative points and invalid indicators, even excluded ones', () => {
    expectCode(() => scoreQuantitativeGroup(-40, [atLeast(1, 1)]), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQuantitativeGroup(40, [atLeast(1, 1), atLeast(-1, 1)]), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQuantitativeGroup(40, [rate('>=', 100, 90, -5)]), 'SCORING.INVALID_INPUT');
    expectCode(
      () => scoreQuantitativeGroup(40, [atLeast(1, 1), { ...atLeast(1, Number.NaN), satisfaction: true }], { excludeSatisfaction: true }),
      'SCORING.INVALID_INPUT',
    );
  });
});

describe('scoreQualitative', () => {
  it('defaults to the top of each tier’s band', () => {
    expect(scoreQualitative(10, 'achieved')).toBe(10);
    expect(scoreQualitative(10, 'partly')).toBe(8);
    expect(scoreQualitative(10, 'not')).toBe(5);
  });

  it('takes a fraction inside the band, bounds included', () => {
    expect(scoreQualitative(10, 'achieved', 0.8)).toBe(8);
    expect(scoreQualitative(10, 'achieved', 0.9)).toBe(9);
    expect(scoreQualitative(10, 'partly', 0.5)).toBe(5);
    expect(scoreQualitative(10, 'partly', 0.6)).toBe(6);
    expect(scoreQualitative(10, 'not', 0)).toBe(0);
    expect(scoreQualitative(10, 'not', 0.3)).toBe(3);
  });

  it('rejects a fraction outside the tier’s band', () => {
    expectCode(() => scoreQualitative(10, 'achieved', 0.79), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'achieved', 1.01), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'partly', 0.81), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'partly', 0.49), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'not', 0.51), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'not', -0.1), 'SCORING.INVALID_INPUT');
  });

  it('rejects negative points, NaN fractions and unknown tiers', () => {
    expectCode(() => scoreQualitative(-10, 'achieved'), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'achieved', Number.NaN), 'SCORING.INVALID_INPUT');
    expectCode(() => scoreQualitative(10, 'excellent' as never), 'SCORING.INVALID_INPUT');
  });
});

describe('applyDeductions', () => {
  it('subtracts every recorded deduction', () => {
    const result = applyDeductions(40, [
      { points: 1, reason: '知晓率未附测评过程' },
      { points: 1.5, reason: '质量指标未设置' },
    ]);
    expect(result).toEqual({ computed: 40, deducted: 2.5, final: 37.5 });
  });

  it('leaves the score alone without deductions', () => {
    expect(applyDeductions(17.5, [])).toEqual({ computed: 17.5, deducted: 0, final: 17.5 });
  });

  it('never goes below 0 but still reports what was recorded', () => {
    expect(applyDeductions(3, [{ points: 5, reason: '未按要求填报' }])).toEqual({ computed: 3, deducted: 5, final: 0 });
  });

  it('requires a reason and non-negative points', () => {
    expectCode(() => applyDeductions(40, [{ points: 2, reason: '  ' }]), 'SCORING.INVALID_INPUT');
    expectCode(() => applyDeductions(40, [{ points: -2, reason: '倒扣' }]), 'SCORING.INVALID_INPUT');
    expectCode(() => applyDeductions(Number.NaN, []), 'SCORING.INVALID_INPUT');
  });
});

describe('round2', () => {
  it('rounds half away from zero on the decimal written, not its binary approximation', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(0.125)).toBe(0.13);
  });

  it('rounds below the half down', () => {
    expect(round2(1.004)).toBe(1);
    expect(round2(18.94736842105263)).toBe(18.95);
    expect(round2(2486.85)).toBe(2486.85);
  });

  it('drops arithmetic noise', () => {
    expect(round2(0.1 + 0.2)).toBe(0.3);
    // 1.13 + 0.015 is 1.1449999999999998 in binary; the figure meant is 1.145.
    expect(round2(1.13 + 0.015)).toBe(1.15);
  });

  it('handles large and tiny magnitudes and never returns -0', () => {
    expect(round2(1e21 + 0)).toBe(1e21);
    expect(round2(1e-7)).toBe(0);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });

  it('rejects NaN and infinity', () => {
    expectCode(() => round2(Number.NaN), 'SCORING.INVALID_INPUT');
    expectCode(() => round2(Number.NEGATIVE_INFINITY), 'SCORING.INVALID_INPUT');
  });
});
