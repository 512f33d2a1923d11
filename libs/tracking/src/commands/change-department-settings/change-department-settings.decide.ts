import type { NewEvent } from '@app/event-store';
import { changeDepartmentSettings, type Department } from '../../domain/department';
import { requireDepartment } from '../department-stream';
import type { ChangeDepartmentSettings } from './change-department-settings.command';

/** decide: change the department's settings (404 when it does not exist, 400 for a bad zone or nothing to change). */
export function decideChangeDepartmentSettings(state: Department | null, command: ChangeDepartmentSettings): NewEvent[] {
  return changeDepartmentSettings(requireDepartment(state, command), command.settings);
}
