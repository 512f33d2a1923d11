import { describe, expect, it } from '@jest/globals';
import { DepartmentEvents, type Department } from '../../domain/department';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../../test/domain';
import { CreateDepartment } from './create-department.command';
import { decideCreateDepartment } from './create-department.decide';

const adopted = { name: 'foreign-affairs-office', label: '外事工作机构类别目录', version: 1, categories: FOREIGN_AFFAIRS_OFFICE_CATALOG };
const create = (code: string, name = '武汉市外办') =>
  Object.assign(new CreateDepartment(code, name, 'foreign-affairs-office', { actor: 'admin' }), { adopted });

describe('decideCreateDepartment', () => {
  it('given no department, when created, then one created event with the built-in catalog', () => {
    const [event] = decideCreateDepartment(null, create('wh-fao'));
    expect(event.type).toBe(DepartmentEvents.created);
    expect(event.data).toMatchObject({ code: 'wh-fao', name: '武汉市外办', catalog: { name: 'foreign-affairs-office', version: 1 } });
  });

  it('refuses a taken code (409) and an invalid one (400)', () => {
    const existing: Department = { code: 'wh-fao', name: '武汉市外办', catalog: [], version: 1 };
    expect(() => decideCreateDepartment(existing, create('wh-fao'))).toThrow('Department wh-fao already exists');
    expect(() => decideCreateDepartment(null, create('WH FAO'))).toThrow('code: must be 2–32 lowercase letters');
  });
});
