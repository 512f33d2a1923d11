import { yearOf } from '../dates';
import type { SangongKind } from '../plan';
import type { DataQualityWarning } from '../warnings';
import type { SangongView } from './figures';
import { wan2, type SangongRecord } from './record';

/** The four lines as the 公开 09 表 names them. */
export const SANGONG_LINE_LABELS: Readonly<Record<SangongKind, string>> = {
  tripsAbroad: '因公出国（境）费',
  vehiclePurchase: '公务用车购置费',
  vehicleRunning: '公务用车运行维护费',
  receptions: '公务接待费',
};

const money = (wan: number) => `${wan.toFixed(2)} 万元`;

/**
 * Findings on a year's 三公 records and lines (never a correction, only a report): a trip without
 * an approval reference (批件号), a trip or reception dated outside the year it counts in, a
 * reception costing more per person than the plan's standard, a line over its budget, and before
 * the year end a line whose pace will overrun it.
 *
 * `records`: the live records counted in the view (of its year, up to its as-of date).
 */
export function sangongWarnings(view: SangongView, records: readonly SangongRecord[]): DataQualityWarning[] {
  const warnings: DataQualityWarning[] = [];
  const warn = (kind: DataQualityWarning['kind'], message: string, recordIds: string[] = []) =>
    warnings.push({ kind, message, activityIds: [], measure: null, recordIds });
  const sorted = [...records].sort((a, b) =>
    a.footprint.day < b.footprint.day ? -1 : a.footprint.day > b.footprint.day ? 1 : a.id < b.id ? -1 : 1,
  );
  for (const r of sorted) {
    if (r.status !== 'active') continue;
    if (r.kind === 'trip') {
      if (!r.approvalRef) warn('sangong-no-approval', `出国（境）团组“${r.title}”（${r.departureOn} 出发）未填写批件号`, [r.id]);
      if (yearOf(r.departureOn) !== r.year || yearOf(r.returnOn) !== r.year) {
        warn(
          'sangong-outside-year',
          `出国（境）团组“${r.title}”（${r.departureOn} 至 ${r.returnOn}）计入 ${r.year} 年度，日期不在该年度内`,
          [r.id],
        );
      }
    }
    if (r.kind === 'reception') {
      if (yearOf(r.receivedOn) !== r.year) {
        warn('sangong-outside-year', `公务接待“${r.visitingParty}”（${r.receivedOn}）计入 ${r.year} 年度，日期不在该年度内`, [r.id]);
      }
      const standard = view.perPersonStandard;
      const people = r.persons + r.accompanying;
      if (standard !== null && people > 0) {
        const perPerson = r.totalFen / 100 / people;
        if (perPerson > standard + 0.005) {
          warn(
            'sangong-over-standard',
            `公务接待“${r.visitingParty}”（${r.receivedOn}）人均 ${perPerson.toFixed(2)} 元，超过开支标准 ${standard.toFixed(2)} 元/人（${people} 人，含陪同）`,
            [r.id],
          );
        }
      }
    }
  }
  for (const line of view.lines) {
    const label = SANGONG_LINE_LABELS[line.line];
    if (line.overspent && line.budget !== null) {
      warn('sangong-over-budget', `${label}已支出 ${money(line.spent)}，超过预算 ${money(line.budget)}`);
    } else if (line.overrunLikely && line.budget !== null && line.projected !== null) {
      warn(
        'sangong-pace-overrun',
        `${label}截至 ${view.referenceDate} 已支出 ${money(line.spent)}（预算 ${money(line.budget)}），按全年进度预计将达 ${money(line.projected)}，将超出预算`,
      );
    }
  }
  return warnings;
}

/** A record's total, 万元 with two decimals. */
export const recordTotal = (r: Pick<SangongRecord, 'totalFen'>): number => wan2(r.totalFen);
