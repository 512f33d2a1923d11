import type { NewEvent } from '@app/event-store';
import { retireCategory, type Department } from '../../domain/department';
import { requireDepartment } from '../department-stream';
import type { RetireCategory } from './retire-category.command';

/** decide: retire a category (404 unknown department, 400 unknown or already retired category, no reason). */
export function decideRetireCategory(state: Department | null, command: RetireCategory): NewEvent[] {
  return retireCategory(requireDepartment(state, command), command.category, command.reason);
}
