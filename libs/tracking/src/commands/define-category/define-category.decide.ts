import type { NewEvent } from '@app/event-store';
import { defineCategory, type Department } from '../../domain/department';
import { requireDepartment } from '../department-stream';
import type { DefineCategory } from './define-category.command';

/** decide: define (or redefine) a category of the department's catalog (404 when it does not exist). */
export function decideDefineCategory(state: Department | null, command: DefineCategory): NewEvent[] {
  return defineCategory(requireDepartment(state, command), command.category);
}
