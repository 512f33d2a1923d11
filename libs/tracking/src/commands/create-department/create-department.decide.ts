import { createDepartment, type Department } from '../../domain/department';
import type { NewEvent } from '@app/event-store';
import type { CreateDepartment } from './create-department.command';

/** decide: create a department (refused when the code is taken). */
export function decideCreateDepartment(state: Department | null, command: CreateDepartment): NewEvent[] {
  return createDepartment(state, command.code, command.name, command.catalog);
}
