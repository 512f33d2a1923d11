import { Injectable } from '@nestjs/common';
import type { Activity } from '../../domain/activity';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels, type ActivityFilter, type Page } from '../read-models';

/** A filtered page of a department's activities, newest first (the latest date, then the latest recorded). */
@Injectable()
export class ListActivities {
  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
  ) {}

  async execute(department: string, filter: ActivityFilter): Promise<Page<Activity>> {
    await this.departments.execute(department);
    return this.readModels.listActivities(department, { ...filter, order: filter.order ?? 'newest' });
  }
}
