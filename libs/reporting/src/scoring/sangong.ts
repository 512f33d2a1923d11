import { requireNonNegative } from './errors';
import { round2 } from './scoring';

/** Budget (预算数) and actual spending (决算数) of one line, in 万元. */
export interface BudgetActual {
  budget: number;
  actual: number;
}

/**
 * 三公经费: trips abroad, official vehicles (purchase and running) and receptions, paid from the
 * general budget; the four lines a department reports, in 万元.
 */
export interface SangongInput {
  /** 因公出国(境)费. */
  tripsAbroad: BudgetActual;
  /** 公务用车购置费. */
  vehiclePurchase: BudgetActual;
  /** 公务用车运行维护费. */
  vehicleRunning: BudgetActual;
  /** 公务接待费. */
  receptions: BudgetActual;
}

/** One half (预算数 or 决算数) of the 公开 09 表 三公 row, in 万元 with 2 decimals. */
export interface SangongColumns {
  /** 合计. */
  total: number;
  /** 因公出国(境)费. */
  tripsAbroad: number;
  /** 公务用车购置及运行维护费 小计. */
  vehicles: number;
  /** 公务用车购置费. */
  vehiclePurchase: number;
  /** 公务用车运行维护费. */
  vehicleRunning: number;
  /** 公务接待费. */
  receptions: number;
}

export type SangongLine = keyof SangongColumns;

/** The six columns of each half of the 09 表, in the table's order. */
export const SANGONG_LINES: readonly SangongLine[] = [
  'total',
  'tripsAbroad',
  'vehicles',
  'vehiclePurchase',
  'vehicleRunning',
  'receptions',
];

export interface SangongTable {
  budget: SangongColumns;
  actual: SangongColumns;
  /** The 12 columns as printed: the six 预算数 columns, then the six 决算数 columns. */
  columns: number[];
  /** Lines whose 决算数 exceeds the 预算数 by more than half a cent of 万元. */
  overspent: Record<SangongLine, boolean>;
}

/** A broken identity of the 09 表, e.g. 合计 ≠ the sum of its parts. */
export interface SangongViolation {
  half: 'budget' | 'actual';
  identity: 'total' | 'vehicles';
  expected: number;
  found: number;
}

const IDENTITY_TOLERANCE = 0.01;
const OVERSPEND_TOLERANCE = 0.005;

/** Builds the 公开 09 表 三公经费 row from the four reported lines. */
export function buildSangongTable(input: SangongInput): SangongTable {
  for (const line of ['tripsAbroad', 'vehiclePurchase', 'vehicleRunning', 'receptions'] as const) {
    requireNonNegative(input[line]?.budget, `${line}.budget`);
    requireNonNegative(input[line]?.actual, `${line}.actual`);
  }
  const budget = columnsOf(input, 'budget');
  const actual = columnsOf(input, 'actual');
  const raw = (half: 'budget' | 'actual'): SangongColumns => {
    const vehicles = input.vehiclePurchase[half] + input.vehicleRunning[half];
    return {
      total: input.tripsAbroad[half] + vehicles + input.receptions[half],
      tripsAbroad: input.tripsAbroad[half],
      vehicles,
      vehiclePurchase: input.vehiclePurchase[half],
      vehicleRunning: input.vehicleRunning[half],
      receptions: input.receptions[half],
    };
  };
  const rawBudget = raw('budget');
  const rawActual = raw('actual');
  const overspent = Object.fromEntries(
    SANGONG_LINES.map((line) => [line, rawActual[line] > rawBudget[line] + OVERSPEND_TOLERANCE]),
  ) as Record<SangongLine, boolean>;
  return {
    budget,
    actual,
    columns: [...SANGONG_LINES.map((l) => budget[l]), ...SANGONG_LINES.map((l) => actual[l])],
    overspent,
  };
}

function columnsOf(input: SangongInput, half: 'budget' | 'actual'): SangongColumns {
  // The published parts are rounded first and the totals are sums of what is printed, so the
  // printed row always adds up.
  const tripsAbroad = round2(input.tripsAbroad[half]);
  const vehiclePurchase = round2(input.vehiclePurchase[half]);
  const vehicleRunning = round2(input.vehicleRunning[half]);
  const receptions = round2(input.receptions[half]);
  const vehicles = round2(vehiclePurchase + vehicleRunning);
  const total = round2(tripsAbroad + vehicles + receptions);
  return { total, tripsAbroad, vehicles, vehiclePurchase, vehicleRunning, receptions };
}

/**
 * Checks a transcribed 09 表 row: 合计 = 因公出国(境)费 + 公务用车 小计 + 公务接待费 and
 * 小计 = 购置费 + 运行维护费, for 预算数 and 决算数, within 0.01 万元. Empty when it adds up.
 */
export function checkSangongIdentities(row: { budget: SangongColumns; actual: SangongColumns }): SangongViolation[] {
  const violations: SangongViolation[] = [];
  for (const half of ['budget', 'actual'] as const) {
    const c = row[half];
    for (const line of SANGONG_LINES) requireNonNegative(c?.[line], `${half}.${line}`);
    const checks = [
      { identity: 'total', expected: c.tripsAbroad + c.vehicles + c.receptions, found: c.total },
      { identity: 'vehicles', expected: c.vehiclePurchase + c.vehicleRunning, found: c.vehicles },
    ] as const;
    for (const { identity, expected, found } of checks) {
      // Compared on rounded figures so 0.01 of float noise does not flip the verdict.
      if (round2(Math.abs(found - expected)) > IDENTITY_TOLERANCE) {
        violations.push({ half, identity, expected: round2(expected), found });
      }
    }
  }
  return violations;
}
