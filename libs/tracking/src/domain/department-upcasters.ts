import type { Upcast, UpcasterMap } from '@app/event-store';
import type { CategorySpec } from './catalog';
import { DepartmentEvents, type CatalogVersion } from './department';

/** department.created.v1: the categories copied from the one built-in catalog, without its name or version. */
export interface DepartmentCreatedV1 {
  code: string;
  name: string;
  catalog: CategorySpec[];
}

export interface DepartmentCreated {
  code: string;
  name: string;
  catalog: CatalogVersion | null;
}

/**
 * The only catalog a v1 event can have copied (BUILT_IN_CATALOGS held just this one); its
 * categories were version 1 of catalogs/foreign-affairs-office.yaml.
 */
const V1_CATALOG = { name: 'foreign-affairs-office', label: '外事工作机构类别目录', version: 1 } as const;

/** department.created.v1 → v2: the categories it copied, named as version 1 of the foreign-affairs office's catalog. */
export function departmentCreatedV1ToV2(data: DepartmentCreatedV1): Upcast<DepartmentCreated> {
  return {
    type: DepartmentEvents.created,
    data: { code: data.code, name: data.name, catalog: { ...V1_CATALOG, categories: data.catalog ?? [] } },
  };
}

/** The department stream's upcasters, by the stored type they read. */
export const DEPARTMENT_UPCASTERS: UpcasterMap = {
  'department.created.v1': departmentCreatedV1ToV2,
};
