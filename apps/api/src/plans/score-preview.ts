import { buildYearEndReport, type Evaluation, type ProjectEvaluation } from '@app/reporting';
import { sangongFigures, type TrackingQueries } from '@app/tracking';

/** 预计得分: the self-evaluations the plan would give on a day, scored by the year-end report's rules. */
export interface ScorePreview {
  /** The day scored: the one asked for, else today in the department's time zone, within the plan's year. */
  asOf: string;
  /** The plan version scored (the page waits for its own change to be in it). */
  planVersion: number;
  /** 整体绩效自评表: budget execution, each goal's computed score, deductions and final score, total. */
  department: Evaluation;
  /** 项目自评表, one per project. */
  projects: ProjectEvaluation[];
}

/** The day within the plan's year: before it its first day, after it its last. */
function withinYear(year: number, day: string): string {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return day < first ? first : day > last ? last : day;
}

/**
 * The scores of the self-evaluations over the progress as of the day, as the year-end report
 * would print them (libs/reporting's builder, so preview and report never disagree). Only the
 * evaluations are kept: they read the plan and the progress, not the activities or 三公 records.
 */
export async function scorePreview(queries: TrackingQueries, department: string, year: number, asOf?: string): Promise<ScorePreview> {
  const [found, today] = await Promise.all([queries.requireDepartment(department), queries.today(department)]);
  const day = asOf ?? withinYear(year, today);
  const [plan, progress] = await Promise.all([queries.plan(department, year), queries.progress(department, year, { asOf: day })]);
  const report = buildYearEndReport({
    department: { code: found.code, name: found.name },
    plan,
    progress,
    activities: [],
    warnings: [],
    sangong: sangongFigures([], year, day),
    checkpoint: { transactionId: '0', position: 0 },
    asOf: day,
  });
  return { asOf: day, planVersion: plan.version, department: report.departmentEvaluation, projects: report.projectEvaluations };
}
