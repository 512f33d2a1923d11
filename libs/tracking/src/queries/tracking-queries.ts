import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import type { Activity } from '../domain/activity';
import { settingsOf, type Department } from '../domain/department';
import { dayIn } from '../domain/dates';
import type { DataQualityWarning } from '../domain/warnings';
import { ActivityHistory } from './activity-history/activity-history.query';
import { DrillDown } from './drill-down/drill-down.query';
import { GetAggregates, type AggregatesOptions, type AggregatesView } from './get-aggregates/get-aggregates.query';
import { GetActivity, type ActivityView } from './get-activity/get-activity.query';
import { GetDepartment } from './get-department/get-department.query';
import { GetPlan, type PlanView } from './get-plan/get-plan.query';
import { PlanHistory } from './plan-history/plan-history.query';
import { GetProgress, type KeptProgress, type ProgressOptions, type ProgressView } from './get-progress/get-progress.query';
import type { HistoryEntry } from './history-entry';
import { ListActivities } from './list-activities/list-activities.query';
import type { ActivityFilter, Page } from './read-models';
import { TargetHistory } from './target-history/target-history.query';
import { ListWarnings, type WarningsOptions } from './warnings/warnings.query';

/**
 * The read side's one entry point for the api and the cli: each method hands over to its use
 * case (queries/<use-case>/), which reads the read models or a stream.
 */
@Injectable()
export class TrackingQueries {
  constructor(
    private readonly getDepartment: GetDepartment,
    private readonly getProgress: GetProgress,
    private readonly getPlan: GetPlan,
    private readonly listWarnings: ListWarnings,
    private readonly listActivities: ListActivities,
    private readonly getActivity: GetActivity,
    private readonly drill: DrillDown,
    private readonly activityEvents: ActivityHistory,
    private readonly targetEvents: TargetHistory,
    private readonly getAggregates: GetAggregates,
    private readonly planEvents: PlanHistory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Today in the department's time zone (Asia/Shanghai unless its settings say otherwise). */
  async today(department: string): Promise<string> {
    return dayIn(settingsOf(await this.getDepartment.execute(department)).timeZone, this.clock.now());
  }

  requireDepartment(code: string): Promise<Department> {
    return this.getDepartment.execute(code);
  }

  /** Progress of a department-year: `asOf` what had happened by a date, `knownAt` what had been recorded by a time. */
  async progress(department: string, year: number, options: ProgressOptions = {}): Promise<ProgressView> {
    return (await this.getProgress.execute(department, year, options)).view;
  }

  /** progress() with its JSON text and ETag: a kept view is sent without serialising it again. */
  progressBody(department: string, year: number, options: ProgressOptions = {}): Promise<KeptProgress> {
    return this.getProgress.execute(department, year, options);
  }

  /** The dashboard's figures: by month and category, by category, sums; `asOf` a day, `knownAt` a time. */
  aggregates(department: string, year: number, options: AggregatesOptions = {}): Promise<AggregatesView> {
    return this.getAggregates.execute(department, year, options);
  }

  plan(department: string, year: number): Promise<PlanView> {
    return this.getPlan.execute(department, year);
  }

  /** The year's warnings, paged, of one kind or all; `asOf` and `knownAt` as for progress. */
  warnings(department: string, year: number, options: WarningsOptions): Promise<Page<DataQualityWarning>> {
    return this.listWarnings.execute(department, year, options);
  }

  activities(department: string, filter: ActivityFilter): Promise<Page<Activity>> {
    return this.listActivities.execute(department, filter);
  }

  activity(department: string, id: string): Promise<ActivityView> {
    return this.getActivity.execute(department, id);
  }

  /** The activities behind a measure's figure, plus those logged but not counted. */
  drillDown(department: string, year: number, measureCode: string, filter: ActivityFilter & { asOf?: string }) {
    return this.drill.execute(department, year, measureCode, filter);
  }

  activityHistory(department: string, id: string): Promise<HistoryEntry[]> {
    return this.activityEvents.execute(department, id);
  }

  targetHistory(department: string, year: number, targetId: string): Promise<HistoryEntry[]> {
    return this.targetEvents.execute(department, year, targetId);
  }

  /** Every change of the department-year's plan, with who made it by name. */
  planHistory(department: string, year: number): Promise<HistoryEntry[]> {
    return this.planEvents.execute(department, year);
  }
}
