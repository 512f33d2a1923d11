import { describe, expect, it } from '@jest/globals';
import { ScoringError } from './errors';
import { buildSangongTable, checkSangongIdentities, type SangongColumns, type SangongInput } from './sangong';

// The office's 2023 三公经费, budget = actual (万元).
const seed2023: SangongInput = {
  tripsAbroad: { budget: 10.55, actual: 10.55 },
  vehiclePurchase: { budget: 0, actual: 0 },
  vehicleRunning: { budget: 3.91, actual: 3.91 },
  receptions: { budget: 9.42, actual: 9.42 },
};

const seedColumns: SangongColumns = {
  total: 23.88,
  tripsAbroad: 10.55,
  vehicles: 3.91,
  vehiclePurchase: 0,
  vehicleRunning: 3.91,
  receptions: 9.42,
};

function expectInvalid(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ScoringError);
  expect((caught as ScoringError).code).toBe('SCORING.INVALID_INPUT');
}

describe('buildSangongTable', () => {
  it('reproduces the 2023 row: 23.88 = 10.55 + 3.91 (0 + 3.91) + 9.42, budget and actual', () => {
    const table = buildSangongTable(seed2023);
    expect(table.columns).toEqual([23.88, 10.55, 3.91, 0, 3.91, 9.42, 23.88, 10.55, 3.91, 0, 3.91, 9.42]);
    expect(table.budget).toEqual(seedColumns);
    expect(table.actual).toEqual(seedColumns);
    expect(Object.values(table.overspent).some(Boolean)).toBe(false);
    expect(checkSangongIdentities(table)).toEqual([]);
  });

  it('keeps budget and actual apart, in the 09 表 column order', () => {
    const table = buildSangongTable({
      tripsAbroad: { budget: 12, actual: 10.55 },
      vehiclePurchase: { budget: 1, actual: 0 },
      vehicleRunning: { budget: 4, actual: 3.91 },
      receptions: { budget: 10, actual: 9.42 },
    });
    expect(table.columns).toEqual([27, 12, 5, 1, 4, 10, 23.88, 10.55, 3.91, 0, 3.91, 9.42]);
  });

  it('flags a line whose actual exceeds its budget, and the subtotal and total it rolls into', () => {
    const table = buildSangongTable({ ...seed2023, vehicleRunning: { budget: 3.91, actual: 4.2 } });
    expect(table.overspent).toEqual({
      total: true,
      tripsAbroad: false,
      vehicles: true,
      vehiclePurchase: false,
      vehicleRunning: true,
      receptions: false,
    });
  });

  it('does not flag overspending within half a cent of 万元', () => {
    const table = buildSangongTable({ ...seed2023, receptions: { budget: 9.42, actual: 9.424 } });
    expect(table.overspent.receptions).toBe(false);
    const over = buildSangongTable({ ...seed2023, receptions: { budget: 9.42, actual: 9.426 } });
    expect(over.overspent.receptions).toBe(true);
  });

  it('totals the printed (rounded) parts, so the printed row always adds up', () => {
    // Each part rounds down by 0.004; totalling the raw parts would print 0.02 over the parts.
    const part = { budget: 0.004, actual: 1.004 };
    const table = buildSangongTable({ tripsAbroad: part, vehiclePurchase: part, vehicleRunning: part, receptions: part });
    expect(table.budget.total).toBe(0);
    expect(table.actual).toEqual({
      total: 4,
      tripsAbroad: 1,
      vehicles: 2,
      vehiclePurchase: 1,
      vehicleRunning: 1,
      receptions: 1,
    });
    expect(checkSangongIdentities(table)).toEqual([]);
  });

  it('rejects negative, NaN, infinite and missing figures', () => {
    expectInvalid(() => buildSangongTable({ ...seed2023, receptions: { budget: -1, actual: 0 } }));
    expectInvalid(() => buildSangongTable({ ...seed2023, tripsAbroad: { budget: 1, actual: Number.NaN } }));
    expectInvalid(() => buildSangongTable({ ...seed2023, vehiclePurchase: { budget: Infinity, actual: 0 } }));
    expectInvalid(() => buildSangongTable({ ...seed2023, vehicleRunning: undefined as never }));
  });
});

describe('checkSangongIdentities', () => {
  it('accepts the transcribed 2023 row', () => {
    expect(checkSangongIdentities({ budget: seedColumns, actual: seedColumns })).toEqual([]);
  });

  it('accepts a difference of up to 0.01', () => {
    expect(checkSangongIdentities({ budget: { ...seedColumns, total: 23.89 }, actual: seedColumns })).toEqual([]);
  });

  it('reports a total that is not the sum of its parts', () => {
    expect(checkSangongIdentities({ budget: seedColumns, actual: { ...seedColumns, total: 24.88 } })).toEqual([
      { half: 'actual', identity: 'total', expected: 23.88, found: 24.88 },
    ]);
  });

  it('reports a vehicle subtotal that is not purchase + running', () => {
    const wrong = { ...seedColumns, vehiclePurchase: 0.5 };
    expect(checkSangongIdentities({ budget: wrong, actual: seedColumns })).toEqual([
      { half: 'budget', identity: 'vehicles', expected: 4.41, found: 3.91 },
    ]);
  });

  it('rejects invalid figures', () => {
    expectInvalid(() => checkSangongIdentities({ budget: { ...seedColumns, total: Number.NaN }, actual: seedColumns }));
  });
});
