import { departmentStreamId, evolveDepartment, type Department } from '../domain/department';
import { NotFoundError } from '../domain/errors';
import type { TrackingCommand } from './command-runner';

/** A command on a department's own stream (its name, its catalog). */
export interface DepartmentCommand extends TrackingCommand {
  readonly code: string;
}

/** The department's stream, folded with the domain's evolve (null: not created). */
export const departmentStream = {
  streamId: (command: DepartmentCommand) => departmentStreamId(command.code),
  tenant: (command: DepartmentCommand) => command.code,
  initialState: (): Department | null => null,
  evolve: evolveDepartment,
};

export function requireDepartment(department: Department | null, command: DepartmentCommand): Department {
  if (!department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${command.code}`, { department: command.code });
  return department;
}
