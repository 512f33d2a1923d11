import type { Activity } from './activity';
import { dayIn, daysBetween, yearOf } from './dates';
import { DEFAULT_DEPARTMENT_SETTINGS, type DepartmentSettings } from './department';
import type { Plan, PlanRef } from './plan';
import { planLabel, type Progress } from './progress';
import { dataQualityWarnings, type DataQualityWarning } from './warnings';
import type { ActivityIndex } from './progress';

const DAY_MS = 86_400_000;

/** What must be settled before the year's report: explained shortfalls, late entries, records that left the year. */
export type YearEndWarningKind = 'missing-deviation-analysis' | 'late-entry' | 'moved-out-of-year';

export interface YearEndContext {
  /** The progress the warnings speak of (as of its date, as known at its time): its measures and the year's elapsed part. */
  progress: Pick<Progress, 'measures' | 'yearElapsed'>;
  /** The department's 补录 threshold and time zone (defaults: 30 days, Asia/Shanghai). */
  settings?: DepartmentSettings;
  /** Activities an amendment moved out of the plan's year (Activity.movedOutOf names it). */
  movedOut?: readonly Activity[];
}

/** The 偏差分析 a target's shortfall is explained in: the department's, or its project's. */
export function deviationScopeOf(ref: PlanRef): string {
  return ref.kind === 'project-goal' ? `project:${ref.project}` : 'department';
}

/**
 * Findings that matter at the year end, in words a reader of the report understands (labels,
 * never codes or ids):
 * - a target 未完成 (the year over) or 滞后 (behind the year's pace) whose plan has no 偏差分析;
 * - an activity recorded more than `lateEntryDays` after it happened (imports and 补录 exempt),
 *   the day of recording taken in the department's time zone;
 * - a record moved out of the year by a change of its date.
 */
export function yearEndWarnings(plan: Plan, activities: readonly Activity[], context: YearEndContext): DataQualityWarning[] {
  const settings = context.settings ?? DEFAULT_DEPARTMENT_SETTINGS;
  const warnings: DataQualityWarning[] = [];
  // As of the last day or later, a shortfall is final (未完成), not a pace (滞后).
  const yearOver = context.progress.yearElapsed >= 1;

  for (const measure of context.progress.measures) {
    for (const t of measure.targets) {
      const short = t.lagging || (yearOver && t.met === false);
      if (!short || plan.deviationAnalysis[deviationScopeOf(t.plan)]) continue;
      const where = t.plan.kind === 'project-goal' ? `项目“${projectName(plan, t.plan.project)}”` : '部门';
      warnings.push({
        kind: 'missing-deviation-analysis',
        message:
          `${planLabel(t.plan, plan.projects)}：目标“${measure.name}”${yearOver ? '未完成' : '滞后于时间进度'}，` +
          `${where}尚未填写偏差分析（偏差大或目标未完成原因分析）`,
        activityIds: [],
        measure: measure.code,
      });
    }
  }

  for (const a of activities) {
    if (a.status !== 'active' || a.department !== plan.department || yearOf(a.occurredOn) !== plan.year) continue;
    if (a.imported || a.backfill) continue;
    const recordedAt = Date.parse(a.recordedAt);
    // Every time zone's day is within one of the UTC day: a record that is on time by a day's
    // margin in UTC is on time in any zone, without the (slow) zone conversion.
    const lateInUtc = Math.floor(recordedAt / DAY_MS) - Date.parse(a.occurredOn) / DAY_MS;
    if (lateInUtc + 1 <= settings.lateEntryDays) continue;
    const recordedOn = dayIn(settings.timeZone, new Date(recordedAt));
    const late = daysBetween(a.occurredOn, recordedOn);
    if (late > settings.lateEntryDays) {
      warnings.push({
        kind: 'late-entry',
        message: `“${a.title}”发生于 ${a.occurredOn}，${recordedOn} 才登记（晚 ${late} 天，超过 ${settings.lateEntryDays} 天）：如属补录，请在记录中标明“补录”`,
        activityIds: [a.id],
        measure: null,
      });
    }
  }

  for (const a of context.movedOut ?? []) {
    if (a.department !== plan.department || yearOf(a.occurredOn) === plan.year) continue;
    const move = [...(a.movedOutOf ?? [])].reverse().find((m) => m.year === plan.year);
    if (!move) continue;
    warnings.push({
      kind: 'moved-out-of-year',
      message: `“${a.title}”原记为 ${move.from}，日期已改为 ${a.occurredOn}：记录已移出本年度，不再计入 ${plan.year} 年度的统计`,
      activityIds: [a.id],
      measure: null,
    });
  }
  return warnings;
}

function projectName(plan: Plan, code: string): string {
  return plan.projects.find((p) => p.code === code)?.name ?? code;
}

/** Every warning of a department-year: the data-quality checks, then the year-end ones. */
export function warningsOfYear(plan: Plan, index: ActivityIndex, context: YearEndContext): DataQualityWarning[] {
  return [...dataQualityWarnings(plan, index), ...yearEndWarnings(plan, index.all, context)];
}
