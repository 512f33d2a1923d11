import type { StoredEvent } from '@app/event-store';
import { categoryProblems, FOREIGN_AFFAIRS_OFFICE_CATALOG, type CategorySpec } from './catalog';
import { DomainValidationError, StateConflictError } from './errors';

/** 部门/单位: the tenant. Its code is also its stream key. */
export interface Department {
  code: string;
  name: string;
  catalog: CategorySpec[];
  version: number;
}

export const DepartmentEvents = {
  created: 'department.created.v1',
  renamed: 'department.renamed.v1',
  categoryDefined: 'department.category-defined.v1',
} as const;

export const DEPARTMENT_CODE = /^[a-z][a-z0-9-]{1,31}$/;
export const BUILT_IN_CATALOGS: Record<string, CategorySpec[]> = {
  'foreign-affairs-office': FOREIGN_AFFAIRS_OFFICE_CATALOG,
};

export const departmentStreamId = (code: string): string => `department-${code}`;

function validName(name: unknown): name is string {
  return typeof name === 'string' && name.trim().length > 0 && name.length <= 200;
}

export function createDepartment(existing: Department | null, code: string, name: string, catalog = 'foreign-affairs-office') {
  if (existing) throw new StateConflictError('DEPARTMENT.ALREADY_EXISTS', `Department ${code} already exists`);
  const errors = [];
  if (!DEPARTMENT_CODE.test(code)) errors.push({ field: 'code', reason: 'must be 2–32 lowercase letters, digits or -' });
  if (!validName(name)) errors.push({ field: 'name', reason: 'must be non-empty text of at most 200 characters' });
  if (!BUILT_IN_CATALOGS[catalog])
    errors.push({ field: 'catalog', reason: `unknown catalog; known: ${Object.keys(BUILT_IN_CATALOGS).join(', ')}` });
  if (errors.length > 0) throw new DomainValidationError(errors);
  return [{ type: DepartmentEvents.created, data: { code, name: name.trim(), catalog: BUILT_IN_CATALOGS[catalog] } }];
}

export function renameDepartment(department: Department, name: string) {
  if (!validName(name)) throw new DomainValidationError([{ field: 'name', reason: 'must be non-empty text of at most 200 characters' }]);
  if (name.trim() === department.name) throw new DomainValidationError([{ field: 'name', reason: 'nothing would change' }]);
  return [{ type: DepartmentEvents.renamed, data: { code: department.code, name: name.trim(), previousName: department.name } }];
}

/** decide: add a category to the department's catalog, or replace the one with its code. */
export function defineCategory(department: Department, category: CategorySpec) {
  const errors = categoryProblems(category);
  if (errors.length > 0) throw new DomainValidationError(errors);
  const previous = department.catalog.find((c) => c.code === category.code) ?? null;
  return [{ type: DepartmentEvents.categoryDefined, data: { code: department.code, category, previous } }];
}

export function evolveDepartment(state: Department | null, event: StoredEvent): Department | null {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case DepartmentEvents.created:
      return { code: d.code as string, name: d.name as string, catalog: d.catalog as CategorySpec[], version: event.streamVersion };
    case DepartmentEvents.renamed:
      return state && { ...state, name: d.name as string, version: event.streamVersion };
    case DepartmentEvents.categoryDefined: {
      if (!state) return state;
      const category = d.category as CategorySpec;
      const catalog = state.catalog.some((c) => c.code === category.code)
        ? state.catalog.map((c) => (c.code === category.code ? category : c))
        : [...state.catalog, category];
      return { ...state, catalog, version: event.streamVersion };
    }
    default:
      return state;
  }
}
