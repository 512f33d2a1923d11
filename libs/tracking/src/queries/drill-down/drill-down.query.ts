import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../domain/errors';
import { activitiesCountedBy, activitiesExcludedBy } from '../../domain/progress';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels, type ActivityFilter } from '../read-models';

/** The activities behind a measure's figure ("these 5 events make the 5"), plus those logged but not counted. */
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
    const all = await this.readModels.activitiesOfYear(department, year);
    const counted = activitiesCountedBy(measure, all, year, filter.asOf).map((a) => a.id);
    const excluded = activitiesExcludedBy(measure, all, year, filter.asOf).map((a) => a.id);
    const page = await this.readModels.listActivities(department, { ...filter, year, ids: counted, status: 'active' });
    return { measure, countedIds: counted, excludedIds: excluded, ...page };
  }
}
