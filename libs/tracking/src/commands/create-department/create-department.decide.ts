import { createDepartment, type CatalogVersion, type Department } from '../../domain/department';
import type { NewEvent } from '@app/event-store';
import type { CreateDepartment } from './create-department.command';

/** CreateDepartment with its catalog read (the handler looks the name up among the installation's catalogs). */
export type CreateDepartmentWithCatalog = CreateDepartment & { readonly adopted: CatalogVersion | null };

/** decide: create a department adopting the catalog version read for it (refused when the code is taken). */
export function decideCreateDepartment(state: Department | null, command: CreateDepartmentWithCatalog): NewEvent[] {
  return createDepartment(state, command.code, command.name, command.adopted);
}
