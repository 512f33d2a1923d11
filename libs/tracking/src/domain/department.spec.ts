import { describe, expect, it } from '@jest/globals';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG, type CategorySpec } from './catalog';
import { createDepartment, defineCategory, DepartmentEvents, evolveDepartment, renameDepartment, type Department } from './department';
import { DomainValidationError, StateConflictError } from './errors';
import { given, stored } from '../../test/domain';

const created = (): Department =>
  given(evolveDepartment, stored(createDepartment(null, 'wh-fao', ' 武汉市外办 '), { streamId: 'department-wh-fao' }))!;

describe('createDepartment', () => {
  it('given no department, when created, then it holds the trimmed name and the built-in catalog', () => {
    expect(created()).toEqual({ code: 'wh-fao', name: '武汉市外办', catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG, version: 1 });
  });

  it('given an existing department, when created again, then StateConflictError', () => {
    expect(() => createDepartment(created(), 'wh-fao', '武汉市外办')).toThrow(StateConflictError);
  });

  it('given a bad code, an empty name and an unknown catalog, then all three fields are named', () => {
    let caught: unknown;
    try {
      createDepartment(null, 'WH FAO', ' ', 'ministry');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainValidationError);
    expect((caught as DomainValidationError).errors.map((e) => e.field)).toEqual(['code', 'name', 'catalog']);
  });
});

describe('renameDepartment', () => {
  it('given a new name, then renamed with the previous name kept in the event', () => {
    const department = created();
    const events = renameDepartment(department, '中共武汉市委外事工作委员会办公室');

    expect(events[0]).toEqual({
      type: DepartmentEvents.renamed,
      data: { code: 'wh-fao', name: '中共武汉市委外事工作委员会办公室', previousName: '武汉市外办' },
    });
    expect(given(evolveDepartment, events, department)).toMatchObject({ name: '中共武汉市委外事工作委员会办公室', version: 2 });
  });

  it('given the same name (with spaces), then refused: nothing would change', () => {
    expect(() => renameDepartment(created(), ' 武汉市外办 ')).toThrow(DomainValidationError);
  });
});

describe('defineCategory', () => {
  const gala: CategorySpec = { code: 'gala', label: '招待会', attributes: [] };

  it('given a new category, then appended to the catalog', () => {
    const department = created();
    const next = given(evolveDepartment, defineCategory(department, gala), department)!;

    expect(next.catalog.map((c) => c.code)).toEqual([...FOREIGN_AFFAIRS_OFFICE_CATALOG.map((c) => c.code), 'gala']);
  });

  it('given an existing code, then replaced in place and the event keeps the previous spec', () => {
    const department = created();
    const relabelled = { ...FOREIGN_AFFAIRS_OFFICE_CATALOG[0], label: '重大外事活动' };
    const events = defineCategory(department, relabelled);
    const next = given(evolveDepartment, events, department)!;

    expect(events[0].data.previous).toEqual(FOREIGN_AFFAIRS_OFFICE_CATALOG[0]);
    expect(next.catalog).toHaveLength(FOREIGN_AFFAIRS_OFFICE_CATALOG.length);
    expect(next.catalog[0].label).toBe('重大外事活动');
  });

  it('given attributes: [null] or another malformed definition, then DomainValidationError naming each field, nothing decided', () => {
    const department = created();
    const refused = (category: unknown) => {
      try {
        defineCategory(department, category as CategorySpec);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainValidationError);
        return (error as DomainValidationError).errors;
      }
      throw new Error('accepted');
    };

    expect(refused({ ...gala, attributes: [null] })).toEqual([{ field: 'attributes[0]', reason: expect.stringMatching(/属性定义/) }]);
    expect(refused({ ...gala, attributes: [{ label: '人数', type: 'number' }] }).map((e) => e.field)).toEqual([
      'attributes[0].name',
      'attributes[0].type',
    ]);
    expect(refused({ code: 'gala', label: '', attributes: null }).map((e) => e.field)).toEqual(['label', 'attributes']);
  });
});
