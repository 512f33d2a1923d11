import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import type { Activity } from '../domain/activity';
import type { Department } from '../domain/department';
import type { Plan } from '../domain/plan';
import type { DataQualityWarning } from '../domain/warnings';
import { ActivityHistory } from './activity-history/activity-history.query';
import { DrillDown } from './drill-down/drill-down.query';
import { GetActivity } from './get-activity/get-activity.query';
import { GetDepartment } from './get-department/get-department.query';
import { GetPlan } from './get-plan/get-plan.query';
import { GetProgress, type KeptProgress, type ProgressOptions, type ProgressView } from './get-progress/get-progress.query';
import type { HistoryEntry } from './history-entry';
import { ListActivities } from './list-activities/list-activities.query';
import type { ActivityFilter, Page } from './read-models';
import { TargetHistory } from './target-history/target-history.query';
import { ListWarnings } from './warnings/warnings.query';

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
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
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

  plan(department: string, year: number): Promise<Plan> {
    return this.getPlan.execute(department, year);
  }

  warnings(department: string, year: number): Promise<DataQualityWarning[]> {
    return this.listWarnings.execute(department, year);
  }

  activities(department: string, filter: ActivityFilter): Promise<Page<Activity>> {
    return this.listActivities.execute(department, filter);
  }

  activity(department: string, id: string): Promise<Activity> {
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
}
