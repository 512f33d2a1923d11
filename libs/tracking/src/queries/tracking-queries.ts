import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, Clock } from '@app/config';
import { EventStore } from '@app/event-store';
import type { StoredEvent } from '@app/event-store';
import { activityStreamId, type Activity } from '../domain/activity';
import { requireCalendarDate } from '../domain/dates';
import { invalid, NotFoundError } from '../domain/errors';
import { emptyPlan, planStreamId, type Plan } from '../domain/plan';
import { activitiesCountedBy, activitiesExcludedBy, ActivityIndex, computeProgress, type Progress } from '../domain/progress';
import { dataQualityWarnings, type DataQualityWarning } from '../domain/warnings';
import { RevisionCache } from './progress-cache';
import { ReadModels, type ActivityFilter, type Page } from './read-models';

export interface ProgressView extends Progress {
  departmentName: string;
  /** Set when answering "what did the system know at this time". */
  knownAt: string | null;
  warnings: DataQualityWarning[];
}

/** A progress view as the api sends it: the JSON text and its entity tag. */
export interface ProgressBody {
  json: string;
  /** A strong ETag of `json` (same text, same tag, in every api process). */
  etag: string;
}

export interface KeptProgress extends ProgressBody {
  view: ProgressView;
}

function keptProgress(view: ProgressView): KeptProgress {
  const json = JSON.stringify(view);
  return { view, json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

export interface HistoryEntry {
  version: number;
  position: number;
  type: string;
  recordedAt: string;
  actor: string | null;
  commandId: string | null;
  data: unknown;
}

const toHistory = (e: StoredEvent): HistoryEntry => ({
  version: e.streamVersion,
  position: e.globalPosition,
  type: e.type,
  recordedAt: e.recordedAt.toISOString(),
  actor: e.metadata.actor ?? null,
  commandId: e.metadata.commandId ?? null,
  data: e.data,
});

@Injectable()
export class TrackingQueries {
  private readonly progressViews: RevisionCache<KeptProgress>;

  constructor(
    private readonly readModels: ReadModels,
    private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() config?: AppConfig,
  ) {
    this.progressViews = new RevisionCache(config?.PROGRESS_CACHE_ENTRIES ?? new AppConfig().PROGRESS_CACHE_ENTRIES);
  }

  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  async requireDepartment(code: string) {
    const department = await this.readModels.department(code);
    if (!department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${code}`, { department: code });
    return department;
  }

  /**
   * Progress of a department-year. `asOf`: only what had happened by that date. `knownAt`: only
   * what had been recorded by that time (replayed from the event store).
   *
   * A current view (no `knownAt`) is kept until an event of the department is recorded: a repeated
   * request costs one small query instead of reading and counting the year's activities again.
   * Only a view read from read models that had applied every event of the department is kept.
   */
  async progress(department: string, year: number, options: { asOf?: string; knownAt?: string } = {}): Promise<ProgressView> {
    return (await this.progressBody(department, year, options)).view;
  }

  /** progress() with its JSON text and ETag: a kept view is sent without serialising it again. */
  async progressBody(department: string, year: number, options: { asOf?: string; knownAt?: string } = {}): Promise<KeptProgress> {
    if (options.asOf !== undefined) requireCalendarDate('asOf', options.asOf);
    if (options.knownAt) return keptProgress(this.progressView(await this.knownAtState(department, year, options.knownAt), options));
    return this.currentProgress(department, year, options.asOf);
  }

  private async currentProgress(department: string, year: number, asOf: string | undefined): Promise<KeptProgress> {
    const today = this.today();
    const key = JSON.stringify([department, year, asOf ?? null, today]);
    const cached = this.progressViews.peek(key);
    if (cached && cached.revision === (await this.readModels.departmentRevision(department))) return cached.value;

    const inputs = await this.readModels.progressInputs(department, year);
    if (inputs.name === null) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${department}`, { department });
    const kept = keptProgress(this.progressView({ ...inputs, name: inputs.name }, { asOf }, today));
    return inputs.complete ? this.progressViews.set(key, inputs.revision, kept) : kept;
  }

  private progressView(
    state: { plan: Plan; activities: Activity[]; name: string },
    options: { asOf?: string; knownAt?: string },
    today = this.today(),
  ): ProgressView {
    const index = new ActivityIndex(state.activities);
    const progress = computeProgress(state.plan, index, { asOf: options.asOf, today });
    return { ...progress, departmentName: state.name, knownAt: options.knownAt ?? null, warnings: dataQualityWarnings(state.plan, index) };
  }

  private async knownAtState(department: string, year: number, knownAt: string) {
    const at = new Date(knownAt);
    if (Number.isNaN(at.getTime())) throw invalid('knownAt', 'must be an ISO date-time, e.g. 2023-07-15T00:00:00+08:00');
    await this.requireDepartment(department);
    const known = await this.readModels.knownAt(department, at);
    if (!known.department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Department ${department} did not exist at ${knownAt}`);
    const plan = known.plans.get(year) ?? emptyPlan(department, year);
    return { plan, activities: known.activities, name: known.department.name };
  }

  async plan(department: string, year: number): Promise<Plan> {
    await this.requireDepartment(department);
    return this.readModels.plan(department, year);
  }

  async warnings(department: string, year: number): Promise<DataQualityWarning[]> {
    await this.requireDepartment(department);
    const plan = await this.readModels.plan(department, year);
    return dataQualityWarnings(plan, await this.readModels.activitiesOfYear(department, year));
  }

  async activities(department: string, filter: ActivityFilter): Promise<Page<Activity>> {
    await this.requireDepartment(department);
    return this.readModels.listActivities(department, filter);
  }

  async activity(department: string, id: string): Promise<Activity> {
    const activity = await this.readModels.activity(department, id);
    if (!activity) throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${id}`, { activityId: id });
    return activity;
  }

  /** The activities behind a measure's figure ("these 5 events make the 5"), plus those logged but not counted. */
  async drillDown(department: string, year: number, measureCode: string, filter: ActivityFilter & { asOf?: string }) {
    await this.requireDepartment(department);
    const plan = await this.readModels.plan(department, year);
    const measure = plan.measures.find((m) => m.code === measureCode);
    if (!measure) throw new NotFoundError('MEASURE.NOT_FOUND', `No measure ${measureCode} in ${year}`, { measure: measureCode });
    const all = await this.readModels.activitiesOfYear(department, year);
    const counted = activitiesCountedBy(measure, all, year, filter.asOf).map((a) => a.id);
    const excluded = activitiesExcludedBy(measure, all, year, filter.asOf).map((a) => a.id);
    const page = await this.readModels.listActivities(department, { ...filter, year, ids: counted, status: 'active' });
    return { measure, countedIds: counted, excludedIds: excluded, ...page };
  }

  async activityHistory(department: string, id: string): Promise<HistoryEntry[]> {
    const events = await this.store.readStream(activityStreamId(id));
    if (events.length === 0 || events[0].tenant !== department) {
      throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${id}`, { activityId: id });
    }
    return events.map(toHistory);
  }

  async targetHistory(department: string, year: number, targetId: string): Promise<HistoryEntry[]> {
    await this.requireDepartment(department);
    const events = await this.store.readStream(planStreamId(department, year));
    const mine = events.filter((e) => {
      const d = e.data as { target?: { id: string }; targetId?: string };
      return d.target?.id === targetId || d.targetId === targetId;
    });
    if (mine.length === 0) throw new NotFoundError('TARGET.NOT_FOUND', `No target ${targetId} in ${year}`, { targetId });
    return mine.map(toHistory);
  }
}
