import { Injectable } from '@nestjs/common';
import type { Plan } from '../../domain/plan';
import { GetDepartment } from '../get-department/get-department.query';
import { ReadModels } from '../read-models';

/** A department-year's plans, targets, budgets and entered figures (an empty plan for a year without any). */
@Injectable()
export class GetPlan {
  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
  ) {}

  async execute(department: string, year: number): Promise<Plan> {
    await this.departments.execute(department);
    return this.readModels.plan(department, year);
  }
}
