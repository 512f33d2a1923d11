import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, Clock } from '@app/config';
import type { Activity } from '../../domain/activity';
import { requireCalendarDate } from '../../domain/dates';
import { invalid, NotFoundError } from '../../domain/errors';
import { emptyPlan, type Plan } from '../../domain/plan';
import { ActivityIndex, computeProgress, type Progress } from '../../domain/progress';
import { dataQualityWarnings, type DataQualityWarning } from '../../domain/warnings';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels } from '../read-models';
import { RevisionCache } from './progress-cache';

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

export interface ProgressOptions {
  /** Only what had happened by this date. */
  asOf?: string;
  /** Only what had been recorded by this time (replayed from the event store). */
  knownAt?: string;
}

function keptProgress(view: ProgressView): KeptProgress {
  const json = JSON.stringify(view);
  return { view, json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

/**
 * Progress of a department-year: each measure against each target of each plan, with pace.
 *
 * A current view (no `knownAt`) is kept until an event of the department is recorded: a repeated
 * request costs one small query instead of reading and counting the year's activities again.
 * Only a view read from read models that had applied every event of the department is kept.
 */
@Injectable()
export class GetProgress {
  private readonly views: RevisionCache<KeptProgress>;

  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() config?: AppConfig,
  ) {
    this.views = new RevisionCache(config?.PROGRESS_CACHE_ENTRIES ?? new AppConfig().PROGRESS_CACHE_ENTRIES);
  }

  /** The view with its JSON text and ETag: a kept view is sent without serialising it again. */
  async execute(department: string, year: number, options: ProgressOptions = {}): Promise<KeptProgress> {
    if (options.asOf !== undefined) requireCalendarDate('asOf', options.asOf);
    if (options.knownAt) return keptProgress(this.view(await this.knownAtState(department, year, options.knownAt), options));
    return this.current(department, year, options.asOf);
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  private async current(department: string, year: number, asOf: string | undefined): Promise<KeptProgress> {
    const today = this.today();
    const key = JSON.stringify([department, year, asOf ?? null, today]);
    const cached = this.views.peek(key);
    if (cached && cached.revision === (await this.readModels.departmentRevision(department))) return cached.value;

    const inputs = await this.readModels.progressInputs(department, year);
    if (inputs.name === null) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${department}`, { department });
    const kept = keptProgress(this.view({ ...inputs, name: inputs.name }, { asOf }, today));
    return inputs.complete ? this.views.set(key, inputs.revision, kept) : kept;
  }

  private view(state: { plan: Plan; activities: Activity[]; name: string }, options: ProgressOptions, today = this.today()): ProgressView {
    const index = new ActivityIndex(state.activities);
    const progress = computeProgress(state.plan, index, { asOf: options.asOf, today });
    return { ...progress, departmentName: state.name, knownAt: options.knownAt ?? null, warnings: dataQualityWarnings(state.plan, index) };
  }

  private async knownAtState(department: string, year: number, knownAt: string) {
    const at = new Date(knownAt);
    if (Number.isNaN(at.getTime())) throw invalid('knownAt', 'must be an ISO date-time, e.g. 2023-07-15T00:00:00+08:00');
    await this.departments.execute(department);
    const known = await this.readModels.knownAt(department, at);
    if (!known.department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Department ${department} did not exist at ${knownAt}`);
    const plan = known.plans.get(year) ?? emptyPlan(department, year);
    return { plan, activities: known.activities, name: known.department.name };
  }
}
