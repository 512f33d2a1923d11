import { Injectable } from '@nestjs/common';
import { dataQualityWarnings, type DataQualityWarning } from '../../domain/warnings';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels } from '../read-models';

/** The data-quality warnings of a department-year (plans that disagree, figures without activities…). */
@Injectable()
export class ListWarnings {
  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
  ) {}

  async execute(department: string, year: number): Promise<DataQualityWarning[]> {
    await this.departments.execute(department);
    const plan = await this.readModels.plan(department, year);
    return dataQualityWarnings(plan, await this.readModels.activitiesOfYear(department, year));
  }
}
