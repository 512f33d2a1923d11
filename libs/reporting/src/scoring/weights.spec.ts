import { describe, expect, it } from '@jest/globals';
import { scoreQuantitativeGroup, scoreWeightedIndicator, type IndicatorInput } from './scoring';

const at = (direction: '>=' | '<=', target: number, actual: number | null): IndicatorInput => ({
  direction,
  target,
  actual,
  valueType: 'count',
});

describe('indicator weights (domain.md “Indicator weights”)', () => {
  it('6 events of 4 and 0 cities of 2, weights 20/20: 20 (each on its own), where the grouped rule gives 40', () => {
    const events = at('>=', 4, 6);
    const cities = at('>=', 2, 0);
    const weighted = scoreWeightedIndicator(20, events).score + scoreWeightedIndicator(20, cities).score;
    expect(weighted).toBe(20);
    // Summed first (6 + 0) / (4 + 2) = 1: the surplus of one indicator hides the miss of the other.
    expect(scoreQuantitativeGroup(40, [events, cities]).score).toBe(40);
  });

  it('正向 min(B/A, 1) × weight; 反向 min(A/B, 1) × weight', () => {
    expect(scoreWeightedIndicator(10, at('>=', 4, 3))).toEqual({ ratio: 0.75, score: 7.5 });
    expect(scoreWeightedIndicator(10, at('>=', 4, 8)).score).toBe(10);
    expect(scoreWeightedIndicator(10, at('<=', 2, 4)).score).toBe(5);
    expect(scoreWeightedIndicator(10, at('<=', 2, 1)).score).toBe(10);
  });

  it('反向 target 0: an actual of 0 meets it, any actual above scores 0; not measured scores 0', () => {
    expect(scoreWeightedIndicator(20, at('<=', 0, 0)).score).toBe(20);
    expect(scoreWeightedIndicator(20, at('<=', 0, 1)).score).toBe(0);
    expect(scoreWeightedIndicator(20, at('>=', 5, null)).score).toBe(0);
  });

  it('refuses a negative weight', () => {
    expect(() => scoreWeightedIndicator(-1, at('>=', 1, 1))).toThrow('weight');
  });
});
