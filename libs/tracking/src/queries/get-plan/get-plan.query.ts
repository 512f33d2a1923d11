import { Injectable } from '@nestjs/common';
import type { Measurement, Plan, TargetRevision } from '../../domain/plan';
import { GetDepartment } from '../get-department/get-department.query';
import { actorNameOf } from '../history-entry';
import { ReadModels } from '../read-models';

/** A plan as the api shows it: who revised a target or entered a figure, by name as well as by account. */
export type PlanView = Omit<Plan, 'targets' | 'measurements'> & {
  targets: (Plan['targets'][number] & { revisions: (TargetRevision & { byName: string | null })[] })[];
  measurements: (Measurement & { recordedByName: string | null })[];
};

/** A department-year's plans, targets, budgets and entered figures (an empty plan for a year without any). */
@Injectable()
export class GetPlan {
  constructor(
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
  ) {}

  async execute(department: string, year: number): Promise<PlanView> {
    await this.departments.execute(department);
    const plan = await this.readModels.plan(department, year);
    const actors = [...plan.targets.flatMap((t) => t.revisions.map((r) => r.by)), ...plan.measurements.map((m) => m.recordedBy)];
    const names = await this.readModels.actorNames(actors);
    return {
      ...plan,
      targets: plan.targets.map((t) => ({ ...t, revisions: t.revisions.map((r) => ({ ...r, byName: actorNameOf(r.by, names) })) })),
      measurements: plan.measurements.map((m) => ({ ...m, recordedByName: actorNameOf(m.recordedBy, names) })),
    };
  }
}
