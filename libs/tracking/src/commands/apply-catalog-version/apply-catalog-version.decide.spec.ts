import { describe, expect, it } from '@jest/globals';
import { DepartmentEvents, evolveDepartment, type CatalogVersion, type Department } from '../../domain/department';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG, given } from '../../../test/domain';
import { ApplyCatalogVersion } from './apply-catalog-version.command';
import { decideApplyCatalogVersion } from './apply-catalog-version.decide';

const v1: CatalogVersion = {
  name: 'foreign-affairs-office',
  label: '外事工作机构类别目录',
  version: 1,
  categories: FOREIGN_AFFAIRS_OFFICE_CATALOG,
};
const v2: CatalogVersion = {
  ...v1,
  version: 2,
  categories: [...FOREIGN_AFFAIRS_OFFICE_CATALOG, { code: 'forum', label: '国际论坛', attributes: [] }],
};
const department = (code: string): Department => ({
  code,
  name: code,
  catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG,
  adopted: { name: v1.name, label: v1.label, version: 1, codes: FOREIGN_AFFAIRS_OFFICE_CATALOG.map((c) => c.code) },
  version: 4,
});
const apply = (code: string) => new ApplyCatalogVersion(code, undefined, undefined, { actor: 'admin' });

describe('decideApplyCatalogVersion', () => {
  it('given two departments on version 1, when version 2 is applied to one, then only that one has v2’s categories', () => {
    const a = department('dept-a');
    const b = department('dept-b');
    const events = decideApplyCatalogVersion({ department: a, catalog: v2 }, apply('dept-a'));
    expect(events).toEqual([
      {
        type: DepartmentEvents.catalogApplied,
        data: { code: 'dept-a', catalog: v2, previous: { name: v1.name, label: v1.label, version: 1 }, retired: [] },
      },
    ]);
    const after = given(evolveDepartment, events, a)!;
    expect(after.adopted?.version).toBe(2);
    expect(after.catalog.some((c) => c.code === 'forum')).toBe(true);
    expect(b.adopted?.version).toBe(1);
    expect(b.catalog.some((c) => c.code === 'forum')).toBe(false);
  });

  it('refuses an unknown department (404) and, with no catalog named or adopted, says which to name (400)', () => {
    expect(() => decideApplyCatalogVersion({ department: null, catalog: v2 }, apply('nobody'))).toThrow('Unknown department nobody');
    expect(() => decideApplyCatalogVersion({ department: { ...department('own'), adopted: null }, catalog: null }, apply('own'))).toThrow(
      /请指定要采用的类别目录/,
    );
  });
});
