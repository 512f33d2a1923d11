import type { NewEvent } from '@app/event-store';
import { applyCatalogVersion, type CatalogVersion, type Department } from '../../domain/department';
import { DomainValidationError } from '../../domain/errors';
import { requireDepartment } from '../department-stream';
import type { ApplyCatalogVersion } from './apply-catalog-version.command';

export interface ApplyCatalogVersionState {
  department: Department | null;
  /** The catalog version named (or the adopted catalog's newest), read from the installation's catalogs; null: none named and none adopted. */
  catalog: CatalogVersion | null;
}

/** decide: the department adopts the catalog version (404 unknown department, 400 nothing to apply). */
export function decideApplyCatalogVersion(state: ApplyCatalogVersionState, command: ApplyCatalogVersion): NewEvent[] {
  const department = requireDepartment(state.department, command);
  if (!state.catalog) throw new DomainValidationError([{ field: 'catalog', reason: '本部门未采用类别目录：请指定要采用的类别目录' }]);
  return applyCatalogVersion(department, state.catalog);
}
