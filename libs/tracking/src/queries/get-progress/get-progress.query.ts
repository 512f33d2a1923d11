import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, Clock } from '@app/config';
import type { Activity } from '../../domain/activity';
import { dayIn, requireCalendarDate, yearOf } from '../../domain/dates';
import type { CategorySpec } from '../../domain/catalog';
import { settingsOf, type DepartmentSettings } from '../../domain/department';
import { invalid, NotFoundError } from '../../domain/errors';
import { figureOf } from '../../domain/indicator-counts';
import { emptyPlan, type Plan } from '../../domain/plan';
import { ActivityIndex, computeProgress, type Progress } from '../../domain/progress';
import type { DataQualityWarning } from '../../domain/warnings';
import { summariseWarnings, type WarningSummary } from '../../domain/warning-summary';
import { warningsOfYear, yearEndWarnings } from '../../domain/year-end-warnings';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels, type ProgressFigures } from '../read-models';
import { RevisionCache } from './progress-cache';
import { yearPartOf, type YearPart } from './year-part';

/**
 * A progress view as the api sends it. Its size does not grow with the department's activities:
 * the warnings are counted by kind with a few examples each (the full list is ListWarnings'), and
 * each milestone carries a few evidence titles and their count.
 */
export interface ProgressView extends Progress {
  departmentName: string;
  /** Set when answering "what did the system know at this time". */
  knownAt: string | null;
  warnings: WarningSummary;
}

/** A progress view as the api sends it: the JSON text and its entity tag. */
export interface ProgressBody {
  json: string;
  /** A strong ETag of `json` (same text, same tag, in every api process). */
  etag: string;
}

export interface KeptProgress extends ProgressBody {
  view: ProgressView;
  /** Every warning the view summarises, in order (not in `json`: ListWarnings pages through it). */
  warnings: readonly DataQualityWarning[];
}

export interface ProgressOptions {
  /** Only what had happened by this date. */
  asOf?: string;
  /** Only what had been recorded by this time (replayed from the event store). */
  knownAt?: string;
}

function keptProgress(progress: Omit<ProgressView, 'warnings'>, warnings: DataQualityWarning[]): KeptProgress {
  const view: ProgressView = { ...progress, warnings: summariseWarnings(warnings) };
  const json = JSON.stringify(view);
  return { view, warnings, json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

/**
 * Progress of a department-year: each measure against each target of each plan, with pace.
 *
 * A current view (no `knownAt`) takes its counted figures from the indicator counts (the days up
 * to `asOf` added up: measures × days, never activities). The warnings that do not depend on
 * `asOf` (data quality, late entries, records moved out) and the milestone evidence come from the
 * warnings read model: the few activities they can concern, found by index, in the same round trip
 * (see yearPartOf); they are computed once per revision of the department and kept for every
 * `asOf` of the year (see YearPart). A `knownAt` view replays the events and checks them all.
 *
 * A view is kept until an event of the department is recorded: a repeated request costs one small
 * query. Only a view read from read models that had applied every event of the department is kept.
 * PROGRESS_CACHE_ENTRIES bounds both the views and the year parts kept (0: nothing is kept).
 */
@Injectable()
export class GetProgress {
  private readonly views: RevisionCache<KeptView>;
  private readonly years: RevisionCache<YearPart>;

  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() config?: AppConfig,
  ) {
    const entries = config?.PROGRESS_CACHE_ENTRIES ?? new AppConfig().PROGRESS_CACHE_ENTRIES;
    this.views = new RevisionCache(entries);
    this.years = new RevisionCache(entries);
  }

  /** The view with its JSON text and ETag: a kept view is sent without serialising it again. */
  async execute(department: string, year: number, options: ProgressOptions = {}): Promise<KeptProgress> {
    if (options.asOf !== undefined) requireCalendarDate('asOf', options.asOf);
    if (options.knownAt) {
      const state = await this.knownAtState(department, year, options.knownAt);
      const { warnings, ...view } = this.view(state, options, this.today(state.settings.timeZone));
      return keptProgress(view, warnings);
    }
    return this.current(department, year, options.asOf);
  }

  /** Today in the department's time zone (its settings; Asia/Shanghai unless changed). */
  private today(timeZone: string): string {
    return dayIn(timeZone, this.clock.now());
  }

  private async current(department: string, year: number, asOf: string | undefined): Promise<KeptProgress> {
    const key = JSON.stringify([department, year, asOf ?? null]);
    const cached = this.views.peek(key);
    if (
      cached &&
      cached.value.today === this.today(cached.value.timeZone) &&
      cached.revision === (await this.readModels.departmentRevision(department))
    ) {
      return cached.value.kept;
    }

    // The warnings' inputs come in the same round trip unless a year part is kept (most likely current).
    const yearKept = this.years.peek(JSON.stringify([department, year])) !== undefined;
    const figures = await this.readModels.progressFigures(department, year, asOf, { warnings: !yearKept });
    if (figures.name === null) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${department}`, { department });
    const settings = settingsOf({ settings: figures.settings ?? undefined });
    const today = this.today(settings.timeZone);
    const part = await this.yearPart(department, year, figures, settings);
    const { warnings, ...view } = this.countedView({ ...figures, name: figures.name }, part, settings, asOf, today);
    const kept = keptProgress(view, warnings);
    // Kept only when both reads saw the same department, every event of it applied.
    const complete = figures.complete && part.complete && part.revision === figures.revision;
    return complete ? this.views.set(key, figures.revision, { kept, today, timeZone: settings.timeZone }).kept : kept;
  }

  /** The view of the indicator counts' figures, with the year part's warnings and milestone evidence. */
  private countedView(
    figures: ProgressFigures & { name: string },
    part: YearPart,
    settings: DepartmentSettings,
    asOf: string | undefined,
    today: string,
  ): UnsummarisedView {
    const { plan } = figures;
    const progress = computeProgress(plan, new ActivityIndex(part.milestoneActivities, part.catalog), {
      asOf,
      today,
      counted: (measure) => figureOf(measure, figures.figures.get(measure.code)),
    });
    // The shortfalls without a 偏差分析 depend on the day; the rest of warningsOfYear does not.
    const shortfalls = yearEndWarnings(plan, [], { progress, settings });
    const warnings = [...part.dataQuality, ...shortfalls, ...part.yearEnd];
    return { ...progress, departmentName: figures.name, knownAt: null, warnings };
  }

  /**
   * What of a department-year's view does not depend on `asOf`, kept (when complete) for every
   * `asOf` of the year: the data-quality warnings, the late entries and records moved out of the
   * year, and the activities naming a milestone. The warnings read model finds the few activities
   * a warning can concern, and the pure checks run over them (a superset gives the same findings
   * as every activity of the year); its likely duplicates are kept found, and a measure counts no
   * activity when the indicator counts have none for it in the whole year.
   */
  private async yearPart(
    department: string,
    year: number,
    figures: Pick<ProgressFigures, 'plan' | 'catalog' | 'revision' | 'warnings'>,
    settings: DepartmentSettings,
  ): Promise<YearPart> {
    const key = JSON.stringify([department, year]);
    const cached = this.years.peek(key);
    if (cached && cached.revision === figures.revision) return cached.value;
    // Read with the figures, unless selected by another threshold than settingsOf gives (not a number).
    const read = figures.warnings?.lateEntryDays === settings.lateEntryDays ? figures.warnings : undefined;
    const inputs = read ?? (await this.readModels.warningInputs(department, year, settings.lateEntryDays));
    const part = yearPartOf(figures.plan, figures.catalog, inputs, settings);
    return inputs.complete ? this.years.set(key, inputs.revision, part) : part;
  }

  private view(state: ProgressState, options: ProgressOptions, today: string): UnsummarisedView {
    const index = new ActivityIndex(state.activities, state.catalog);
    const progress = computeProgress(state.plan, index, { asOf: options.asOf, today });
    const warnings = warningsOfYear(state.plan, index, { progress, settings: state.settings, movedOut: state.movedOut });
    return { ...progress, departmentName: state.name, knownAt: options.knownAt ?? null, warnings };
  }

  private async knownAtState(department: string, year: number, knownAt: string): Promise<ProgressState> {
    const at = new Date(knownAt);
    if (Number.isNaN(at.getTime())) throw invalid('knownAt', 'must be an ISO date-time, e.g. 2023-07-15T00:00:00+08:00');
    await this.departments.execute(department);
    const known = await this.readModels.knownAt(department, at);
    if (!known.department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Department ${department} did not exist at ${knownAt}`);
    const plan = known.plans.get(year) ?? emptyPlan(department, year);
    return {
      plan,
      activities: known.activities,
      movedOut: known.activities.filter((a) => yearOf(a.occurredOn) !== year && a.movedOutOf?.some((m) => m.year === year)),
      name: known.department.name,
      settings: settingsOf(known.department),
      catalog: known.department.catalog,
    };
  }
}

/** A view with every warning, before they are summarised. */
type UnsummarisedView = Omit<ProgressView, 'warnings'> & { warnings: DataQualityWarning[] };

/** What a progress view is computed from, read now or replayed as known at a time. */
interface ProgressState {
  plan: Plan;
  activities: Activity[];
  movedOut: Activity[];
  name: string;
  settings: DepartmentSettings;
  /** The department's categories (which are milestone evidence). */
  catalog: readonly CategorySpec[];
}

/** A kept view and the day (in the department's zone) it was computed on: a new day computes it again. */
interface KeptView {
  kept: KeptProgress;
  today: string;
  timeZone: string;
}
