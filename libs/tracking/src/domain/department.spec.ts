import { describe, expect, it } from '@jest/globals';
import type { CategorySpec } from './catalog';
import {
  applyCatalogVersion,
  createDepartment,
  defineCategory,
  DepartmentEvents,
  evolveDepartment,
  relabelCategory,
  renameDepartment,
  retireCategory,
  type CatalogVersion,
  type Department,
} from './department';
import { departmentCreatedV1ToV2 } from './department-upcasters';
import { DomainValidationError, StateConflictError } from './errors';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG, given, stored } from '../../test/domain';

const FAO: CatalogVersion = {
  name: 'foreign-affairs-office',
  label: '外事工作机构类别目录',
  version: 1,
  categories: FOREIGN_AFFAIRS_OFFICE_CATALOG,
};

const created = (catalog: CatalogVersion | null = FAO): Department =>
  given(evolveDepartment, stored(createDepartment(null, 'wh-fao', ' 武汉市外办 ', catalog), { streamId: 'department-wh-fao' }))!;

function refusal(decide: () => unknown): DomainValidationError {
  try {
    decide();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainValidationError);
    return error as DomainValidationError;
  }
  throw new Error('accepted');
}

describe('createDepartment', () => {
  it('given no department, when created, then it holds the trimmed name and the catalog version it adopted', () => {
    expect(created()).toEqual({
      code: 'wh-fao',
      name: '武汉市外办',
      catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG,
      adopted: {
        name: 'foreign-affairs-office',
        label: '外事工作机构类别目录',
        version: 1,
        codes: FOREIGN_AFFAIRS_OFFICE_CATALOG.map((c) => c.code),
      },
      version: 1,
    });
  });

  it('copies the catalog into the event: a later change of the loaded catalog changes nothing recorded', () => {
    const categories = structuredClone(FOREIGN_AFFAIRS_OFFICE_CATALOG);
    const [event] = createDepartment(null, 'wh-fao', '武汉市外办', { ...FAO, categories });
    categories[0].label = '改过的名称';
    expect(event.data.catalog?.categories[0].label).toBe('重要外事活动');
  });

  it('given no catalog, then a department with no categories of a catalog (it defines its own)', () => {
    expect(created(null)).toMatchObject({ catalog: [], adopted: null });
  });

  it('given an existing department, when created again, then StateConflictError', () => {
    expect(() => createDepartment(created(), 'wh-fao', '武汉市外办', FAO)).toThrow(StateConflictError);
  });

  it('given a bad code and an empty name, then both fields are named', () => {
    expect(refusal(() => createDepartment(null, 'WH FAO', ' ', FAO)).errors.map((e) => e.field)).toEqual(['code', 'name']);
  });

  it('reads a stored department.created.v1 (categories only) as version 1 of the foreign-affairs office catalog', () => {
    const v1 = { code: 'wh-fao', name: '武汉市外办', catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG };
    const upcast = departmentCreatedV1ToV2(v1);
    expect(upcast.type).toBe(DepartmentEvents.created);
    const department = given(evolveDepartment, stored([upcast], { streamId: 'department-wh-fao' }))!;
    expect(department.adopted).toMatchObject({ name: 'foreign-affairs-office', version: 1 });
    expect(department.catalog).toEqual(FOREIGN_AFFAIRS_OFFICE_CATALOG);
  });
});

describe('applyCatalogVersion', () => {
  const major = FOREIGN_AFFAIRS_OFFICE_CATALOG[0];
  // Version 2 drops consulate-tour, changes the major event's attributes and adds a category.
  const v2: CatalogVersion = {
    ...FAO,
    version: 2,
    categories: [
      { ...major, attributes: [{ name: 'participants', label: '参与人数', type: 'integer' }] },
      ...FOREIGN_AFFAIRS_OFFICE_CATALOG.slice(1).filter((c) => c.code !== 'consulate-tour'),
      { code: 'forum', label: '国际论坛', attributes: [] },
    ],
  };

  it('replaces the adopted categories, keeps the department’s labels, retirements and own categories, retires what v2 dropped', () => {
    let department = created();
    department = given(evolveDepartment, relabelCategory(department, 'major-event', '重大外事活动'), department)!;
    department = given(evolveDepartment, retireCategory(department, 'policy-briefing', '职能划转'), department)!;
    department = given(evolveDepartment, defineCategory(department, { code: 'gala', label: '招待会', attributes: [] }), department)!;

    const events = applyCatalogVersion(department, v2);
    expect(events[0].data).toMatchObject({ previous: { name: 'foreign-affairs-office', version: 1 }, retired: ['consulate-tour'] });
    const next = given(evolveDepartment, events, department)!;

    expect(next.adopted).toMatchObject({ name: 'foreign-affairs-office', version: 2 });
    const byCode = new Map(next.catalog.map((c) => [c.code, c]));
    expect(byCode.get('major-event')).toMatchObject({ label: '重大外事活动', attributes: [{ name: 'participants' }] });
    expect(byCode.get('major-event')?.attributes).toHaveLength(1);
    expect(byCode.get('policy-briefing')?.retired).toBe(true);
    expect(byCode.get('consulate-tour')).toMatchObject({ label: '驻汉领馆、境外机构武汉行', retired: true });
    expect(byCode.get('forum')?.retired).toBeUndefined();
    expect(byCode.get('gala')?.retired).toBeUndefined();
  });

  it('refuses the version already adopted and an older one, in Chinese', () => {
    const department = created();
    expect(refusal(() => applyCatalogVersion(department, FAO)).errors[0]).toMatchObject({
      field: 'version',
      reason: expect.stringContaining('已采用'),
    });
    const onV2 = given(evolveDepartment, applyCatalogVersion(department, v2), department)!;
    expect(refusal(() => applyCatalogVersion(onV2, FAO)).errors[0].reason).toMatch(/不能改回更早/);
  });
});

describe('relabelCategory and retireCategory', () => {
  it('relabels for this department only; refuses an unknown category, an empty label and no change', () => {
    const department = created();
    const next = given(evolveDepartment, relabelCategory(department, 'home-in-wuhan', ' 外籍人士活动 '), department)!;
    expect(next.catalog.find((c) => c.code === 'home-in-wuhan')?.label).toBe('外籍人士活动');
    expect(next.labels).toEqual({ 'home-in-wuhan': '外籍人士活动' });
    expect(FOREIGN_AFFAIRS_OFFICE_CATALOG.find((c) => c.code === 'home-in-wuhan')?.label).toBe('“家在武汉”活动');
    expect(refusal(() => relabelCategory(department, 'no-such', '名称')).errors[0].field).toBe('category');
    expect(refusal(() => relabelCategory(department, 'home-in-wuhan', ' ')).errors[0].field).toBe('label');
    expect(refusal(() => relabelCategory(next, 'home-in-wuhan', '外籍人士活动')).errors[0].reason).toBe('名称没有变化');
  });

  it('retires with a reason; refuses retiring twice and without a reason', () => {
    const department = created();
    expect(refusal(() => retireCategory(department, 'home-in-wuhan', ' ')).errors[0].field).toBe('reason');
    const next = given(evolveDepartment, retireCategory(department, 'home-in-wuhan', '不再开展'), department)!;
    expect(next.catalog.find((c) => c.code === 'home-in-wuhan')?.retired).toBe(true);
    expect(refusal(() => retireCategory(next, 'home-in-wuhan', '再次停用')).errors[0].reason).toMatch(/已停用/);
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
