import { describe, expect, it } from '@jest/globals';
import { DepartmentEvents, type Department } from '../../domain/department';
import { RenameDepartment } from './rename-department.command';
import { decideRenameDepartment } from './rename-department.decide';

const department: Department = { code: 'wh-fao', name: '武汉市外办', catalog: [], version: 3 };
const rename = (name: string) => new RenameDepartment('wh-fao', name, { actor: 'admin' });

describe('decideRenameDepartment', () => {
  it('given a department, when renamed, then one renamed event with the previous name', () => {
    expect(decideRenameDepartment(department, rename(' 武汉市人民政府外事办公室 '))).toEqual([
      { type: DepartmentEvents.renamed, data: { code: 'wh-fao', name: '武汉市人民政府外事办公室', previousName: '武汉市外办' } },
    ]);
  });

  it('refuses an unknown department (404) and a name that changes nothing (400)', () => {
    expect(() => decideRenameDepartment(null, rename('新名'))).toThrow('Unknown department wh-fao');
    expect(() => decideRenameDepartment(department, rename('武汉市外办'))).toThrow('name: nothing would change');
  });
});
