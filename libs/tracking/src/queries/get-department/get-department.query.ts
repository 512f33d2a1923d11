import { Injectable } from '@nestjs/common';
import type { Department } from '../../domain/department';
import { NotFoundError } from '../../domain/errors';
import { ReadModels } from '../read-models';

/** A department as its read model has it, or 404 (every department-scoped query asks first). */
@Injectable()
export class GetDepartment {
  constructor(private readonly readModels: ReadModels) {}

  async execute(code: string): Promise<Department> {
    const department = await this.readModels.department(code);
    if (!department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${code}`, { department: code });
    return department;
  }
}
