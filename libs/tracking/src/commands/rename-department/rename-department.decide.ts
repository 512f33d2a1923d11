import type { NewEvent } from '@app/event-store';
import { renameDepartment, type Department } from '../../domain/department';
import { requireDepartment } from '../department-stream';
import type { RenameDepartment } from './rename-department.command';

/** decide: give the department a new name (404 when it does not exist). */
export function decideRenameDepartment(state: Department | null, command: RenameDepartment): NewEvent[] {
  return renameDepartment(requireDepartment(state, command), command.name);
}
