import { describe, expect, it } from '@jest/globals';
import type { CategorySpec } from '../../domain/catalog';
import { DepartmentEvents, type Department } from '../../domain/department';
import { DefineCategory } from './define-category.command';
import { decideDefineCategory } from './define-category.decide';

const forum = (required: boolean): CategorySpec => ({
  code: 'forum',
  label: '论坛',
  attributes: [{ name: 'venue', label: '地点', type: 'text', required }],
});
const department: Department = { code: 'wh-fao', name: '武汉市外办', catalog: [forum(false)], version: 2 };
const define = (category: CategorySpec) => new DefineCategory('wh-fao', category, { actor: 'admin' });

describe('decideDefineCategory', () => {
  it('given a catalog with the category, when redefined, then one event naming the definition it replaces', () => {
    expect(decideDefineCategory(department, define(forum(true)))).toEqual([
      { type: DepartmentEvents.categoryDefined, data: { code: 'wh-fao', category: forum(true), previous: forum(false) } },
    ]);
  });

  it('refuses a category of an unknown department (404)', () => {
    expect(() => decideDefineCategory(null, define(forum(true)))).toThrow('Unknown department wh-fao');
  });
});
