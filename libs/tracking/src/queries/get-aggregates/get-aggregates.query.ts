import { Injectable } from '@nestjs/common';
import { aggregateActivities, summarizeAggregates, type AggregatesSummary } from '../../domain/aggregates';
import { requireCalendarDate, yearOf } from '../../domain/dates';
import { invalid, NotFoundError } from '../../domain/errors';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels } from '../read-models';

export interface AggregatesOptions {
  /** Only activities that had happened by this day (a prefix of the year's days). */
  asOf?: string;
  /** Only what had been recorded by this time (replayed from the event store). */
  knownAt?: string;
}

/** The dashboard's figures of a department-year: by month and category, by category, and the year's sums. */
export interface AggregatesView extends AggregatesSummary {
  department: string;
  year: number;
  asOf: string | null;
  knownAt: string | null;
}

/**
 * The dashboard's aggregates from the activity-aggregates projection: the rows of the year up to
 * `asOf`, added up (categories × days, however many activities). "As known at" replays the
 * department's events up to that time and recounts them with the same rules.
 */
@Injectable()
export class GetAggregates {
  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
  ) {}

  async execute(department: string, year: number, options: AggregatesOptions = {}): Promise<AggregatesView> {
    if (options.asOf !== undefined) requireCalendarDate('asOf', options.asOf);
    const view = { department, year, asOf: options.asOf ?? null, knownAt: options.knownAt ?? null };
    if (options.knownAt) {
      const at = new Date(options.knownAt);
      if (Number.isNaN(at.getTime())) throw invalid('knownAt', '必须是 ISO 8601 日期时间，例如 2023-07-15T00:00:00+08:00');
      await this.departments.execute(department);
      const known = await this.readModels.knownAt(department, at);
      if (!known.department)
        throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Department ${department} did not exist at ${options.knownAt}`);
      const rows = aggregateActivities(known.activities.filter((a) => a.department === department && yearOf(a.occurredOn) === year));
      return { ...view, ...summarizeAggregates(rows, known.department.catalog, options.asOf) };
    }
    const found = await this.departments.execute(department);
    const rows = await this.readModels.aggregateRows(department, year, options.asOf);
    return { ...view, ...summarizeAggregates(rows, found.catalog, options.asOf) };
  }
}
