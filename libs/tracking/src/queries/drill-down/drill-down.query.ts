import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../domain/errors';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels, type ActivityFilter } from '../read-models';

/**
 * The activities behind a measure's figure ("these 5 events make the 5"), plus those logged but not
 * counted: the indicator counts' records of the measure (and of its category) up to `asOf`, never
 * every activity of the year.
 */
@Injectable()
export class DrillDown {
  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
  ) {}

  async execute(department: string, year: number, measureCode: string, filter: ActivityFilter & { asOf?: string }) {
    await this.departments.execute(department);
    const plan = await this.readModels.plan(department, year);
    const measure = plan.measures.find((m) => m.code === measureCode);
    if (!measure) throw new NotFoundError('MEASURE.NOT_FOUND', `No measure ${measureCode} in ${year}`, { measure: measureCode });
    const counting = measure.kind !== 'measured';
    const counted = counting ? await this.readModels.countedActivityIds(department, year, measure.code, filter.asOf) : [];
    const ofCategory =
      counting && measure.category !== null
        ? await this.readModels.categoryActivityIds(department, year, measure.category, filter.asOf)
        : [];
    const countedSet = new Set(counted);
    const excluded = ofCategory.filter((id) => !countedSet.has(id));
    const page = await this.readModels.listActivities(department, { ...filter, year, ids: counted, status: 'active' });
    return { measure, countedIds: counted, excludedIds: excluded, ...page };
  }
}
