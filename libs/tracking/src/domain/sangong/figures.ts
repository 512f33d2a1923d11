import type { StoredEvent } from '@app/event-store';
import { yearElapsedFraction } from '../dates';
import { SANGONG_KINDS, type Plan, type SangongKind } from '../plan';
import { footprintsOf, wan2, type SangongFootprint, type SangongRecord } from './record';

/** What the records of one line add up to on one day (or over a prefix of days). */
export interface SangongBucket {
  costFen: number;
  /** Trips: groups; receptions: batches. */
  groups: number;
  /** Trips: person-trips; receptions: persons received. */
  persons: number;
  foreignGroups: number;
  foreignPersons: number;
  /** Individual records counted. */
  records: number;
  /** Summary records counted. */
  summaries: number;
}

/**
 * The 三公 read model of one department-year: per day, per line, the sums of the live records
 * that count on that day, so "as of a date" is a prefix of days. Also the vehicle register's
 * changes of the calendar year and the vehicles held that summary records give at their period's end.
 */
export interface SangongDays {
  department: string;
  year: number;
  days: Record<string, Partial<Record<SangongKind, SangongBucket>>>;
  /** Vehicles acquired (+) and disposed of (−) per day. */
  fleet: Record<string, number>;
  /** 保有量 at a summary's period end, by summary record id. */
  stocks: Record<string, { day: string; held: number }>;
}

export const sangongDaysKey = (department: string, year: number): string => `${department}:${year}`;

export function emptySangongDays(department: string, year: number): SangongDays {
  return { department, year, days: {}, fleet: {}, stocks: {} };
}

export const emptyBucket = (): SangongBucket => ({
  costFen: 0,
  groups: 0,
  persons: 0,
  foreignGroups: 0,
  foreignPersons: 0,
  records: 0,
  summaries: 0,
});

/** The department-years an event of a 三公 record moves figures in (before and after it). */
export function sangongDaysKeys(event: StoredEvent): string[] {
  const moved = footprintsOf(event);
  if (!moved) return [];
  const keys = new Set<string>();
  for (const fp of [moved.was, moved.now]) if (fp) keys.add(sangongDaysKey(moved.department, fp.year));
  return [...keys];
}

/** evolve: the department-year's figures (key `department:year`) after an event of a 三公 record. */
export function evolveSangongDays(doc: SangongDays | null, event: StoredEvent, key: string): SangongDays {
  const moved = footprintsOf(event);
  const split = key.lastIndexOf(':');
  const [department, year] = [key.slice(0, split), Number(key.slice(split + 1))];
  const base = doc ?? emptySangongDays(department, year);
  if (!moved) return base;
  const next: SangongDays = { ...base, days: { ...base.days }, fleet: { ...base.fleet }, stocks: { ...base.stocks } };
  apply(next, moved.recordId, moved.was, -1);
  apply(next, moved.recordId, moved.now, +1);
  return next;
}

function apply(doc: SangongDays, recordId: string, fp: SangongFootprint | null, sign: 1 | -1): void {
  if (!fp || !fp.active || fp.year !== doc.year) return;
  if (fp.fleet !== 0) {
    const n = (doc.fleet[fp.day] ?? 0) + sign * fp.fleet;
    if (n === 0) delete doc.fleet[fp.day];
    else doc.fleet[fp.day] = n;
  }
  if (fp.held !== null) {
    if (sign > 0) doc.stocks[recordId] = { day: fp.day, held: fp.held };
    else delete doc.stocks[recordId];
  }
  if (fp.line === null) return;
  const day = { ...(doc.days[fp.day] ?? {}) };
  const b = { ...(day[fp.line] ?? emptyBucket()) };
  b.costFen += sign * fp.costFen;
  b.groups += sign * fp.groups;
  b.persons += sign * fp.persons;
  b.foreignGroups += sign * fp.foreignGroups;
  b.foreignPersons += sign * fp.foreignPersons;
  if (fp.summary) b.summaries += sign;
  else b.records += sign;
  if (b.records === 0 && b.summaries === 0) delete day[fp.line];
  else day[fp.line] = b;
  if (Object.keys(day).length === 0) delete doc.days[fp.day];
  else doc.days[fp.day] = day;
}

/** The department-years' figures of these records (what the projection holds once they are recorded). */
export function sangongDaysOf(records: readonly SangongRecord[]): SangongDays[] {
  const docs = new Map<string, SangongDays>();
  for (const r of records) {
    const key = sangongDaysKey(r.department, r.footprint.year);
    const doc = docs.get(key) ?? emptySangongDays(r.department, r.footprint.year);
    apply(doc, r.id, r.footprint, +1);
    docs.set(key, doc);
  }
  return [...docs.values()].sort((a, b) => a.year - b.year);
}

/** The sums of each line of a year, as of a date, and the vehicles held then. */
export interface SangongFigures {
  year: number;
  asOf: string | null;
  lines: Record<SangongKind, SangongBucket>;
  /** 公务用车保有量 at the as-of date (or year end); null when nothing says. */
  vehiclesHeld: number | null;
}

/**
 * Sums a department's figures of `year` as of a date (inclusive; default the year end).
 * `docs` are the department's SangongDays of every year up to `year` (the fleet carries over).
 *
 * Vehicles held: the latest summary's 保有量 at or before the date, moved by the register's
 * changes after that summary's period end; without a summary, the register's changes so far.
 */
export function sangongFigures(docs: readonly SangongDays[], year: number, asOf?: string): SangongFigures {
  const until = asOf ?? `${year}-12-31`;
  const lines = Object.fromEntries(SANGONG_KINDS.map((k) => [k, emptyBucket()])) as Record<SangongKind, SangongBucket>;
  const doc = docs.find((d) => d.year === year);
  for (const [day, buckets] of Object.entries(doc?.days ?? {})) {
    if (day > until) continue;
    for (const [line, b] of Object.entries(buckets) as [SangongKind, SangongBucket][]) add(lines[line], b);
  }
  return { year, asOf: asOf ?? null, lines, vehiclesHeld: vehiclesHeldAt(docs, until) };
}

function add(into: SangongBucket, b: SangongBucket): void {
  into.costFen += b.costFen;
  into.groups += b.groups;
  into.persons += b.persons;
  into.foreignGroups += b.foreignGroups;
  into.foreignPersons += b.foreignPersons;
  into.records += b.records;
  into.summaries += b.summaries;
}

/** 保有量 at the end of `day` (see sangongFigures). */
export function vehiclesHeldAt(docs: readonly SangongDays[], day: string): number | null {
  let stock: { day: string; held: number } | null = null;
  for (const doc of docs) {
    for (const s of Object.values(doc.stocks)) {
      if (s.day <= day && (!stock || s.day > stock.day || (s.day === stock.day && s.held > stock.held))) stock = s;
    }
  }
  let changes = 0;
  let any = false;
  for (const doc of docs) {
    for (const [d, n] of Object.entries(doc.fleet)) {
      if (d > day || (stock && d <= stock.day)) continue;
      changes += n;
      any = true;
    }
  }
  if (!stock && !any) return null;
  return (stock?.held ?? 0) + changes;
}

// ---------------------------------------------------------------------------------------------
// The 三公 view: budgets from the plan, spending from the records, the pace of the year

/** A line against its budget, in 万元 (two decimals). */
export interface SangongLineView extends Omit<SangongBucket, 'costFen'> {
  line: SangongKind;
  /** 预算数 from the plan; null when not set. */
  budget: number | null;
  /** Spent to date (the records' sum), 万元. */
  spent: number;
  spentFen: number;
  /** spent / budget; null without a (positive) budget. */
  share: number | null;
  /** What an even year would have spent by the reference date. */
  expectedByNow: number | null;
  /** The year-end figure at this pace (before the year end only). */
  projected: number | null;
  /** Spent more than the budget (by more than half a 分 of 万元). */
  overspent: boolean;
  /** Not over yet, but the pace of the year will overrun the budget (never for the one-off purchase line). */
  overrunLikely: boolean;
}

export interface SangongTotalView {
  budget: number | null;
  spent: number;
  spentFen: number;
  share: number | null;
  overspent: boolean;
}

export interface SangongView {
  department: string;
  year: number;
  asOf: string | null;
  /** asOf, or today: the day the pace is measured at. */
  referenceDate: string;
  /** Fraction of the year elapsed at the end of the reference date. */
  yearElapsed: number;
  /** The four lines in the 公开 09 表's order. */
  lines: SangongLineView[];
  /** 公务用车购置及运行维护费 小计. */
  vehicles: SangongTotalView;
  /** 合计. */
  total: SangongTotalView;
  vehiclesHeld: number | null;
  /** 接待费人均开支标准 (元/人) from the plan. */
  perPersonStandard: number | null;
}

const OVERSPEND_FEN = 5_000; // half a 分 of 万元 (0.005 万元 = 50 元), as the 09 表's checks

const ratio = (spent: number, budget: number | null): number | null =>
  budget && budget > 0 ? Math.round((spent / budget) * 1e4) / 1e4 : null;

function totalView(budgets: (number | null)[], spentFen: number): SangongTotalView {
  const known = budgets.filter((b): b is number => b !== null);
  const budget = known.length > 0 ? Math.round(known.reduce((s, b) => s + b, 0) * 100) / 100 : null;
  const spent = wan2(spentFen);
  return { budget, spent, spentFen, share: ratio(spent, budget), overspent: budget !== null && spentFen > budget * 1e6 + OVERSPEND_FEN };
}

/** The 三公 view of a year: each line's budget, spending to date, share and pace. */
export function sangongView(plan: Plan, figures: SangongFigures, options: { today: string }): SangongView {
  const referenceDate = figures.asOf ?? options.today;
  const elapsed = yearElapsedFraction(plan.year, referenceDate);
  const lines = SANGONG_KINDS.map((line): SangongLineView => {
    const { costFen, ...counts } = figures.lines[line];
    const budget = plan.sangong[line]?.budget ?? null;
    const spent = wan2(costFen);
    const overspent = budget !== null && costFen > budget * 1e6 + OVERSPEND_FEN;
    const projected = elapsed > 0 && elapsed < 1 ? Math.round(costFen / elapsed / 1e4) / 100 : null;
    return {
      line,
      budget,
      spent,
      spentFen: costFen,
      share: ratio(spent, budget),
      expectedByNow: budget === null ? null : Math.round(budget * elapsed * 100) / 100,
      projected,
      overspent,
      // A purchase is a one-off, not spending that accrues with the year: no pace for it.
      overrunLikely:
        line !== 'vehiclePurchase' && !overspent && budget !== null && projected !== null && projected > budget + OVERSPEND_FEN / 1e6,
      ...counts,
    };
  });
  const byLine = Object.fromEntries(lines.map((l) => [l.line, l])) as Record<SangongKind, SangongLineView>;
  return {
    department: plan.department,
    year: plan.year,
    asOf: figures.asOf,
    referenceDate,
    yearElapsed: Math.round(elapsed * 1e4) / 1e4,
    lines,
    vehicles: totalView(
      [byLine.vehiclePurchase.budget, byLine.vehicleRunning.budget],
      byLine.vehiclePurchase.spentFen + byLine.vehicleRunning.spentFen,
    ),
    total: totalView(
      lines.map((l) => l.budget),
      lines.reduce((s, l) => s + l.spentFen, 0),
    ),
    vehiclesHeld: figures.vehiclesHeld,
    perPersonStandard: plan.sangong.receptions?.perPersonStandard ?? null,
  };
}
