import type { NewEvent } from '@app/event-store';
import { relabelCategory, type Department } from '../../domain/department';
import { requireDepartment } from '../department-stream';
import type { RelabelCategory } from './relabel-category.command';

/** decide: relabel a category for this department only (404 unknown department, 400 unknown category or no change). */
export function decideRelabelCategory(state: Department | null, command: RelabelCategory): NewEvent[] {
  return relabelCategory(requireDepartment(state, command), command.category, command.label);
}
