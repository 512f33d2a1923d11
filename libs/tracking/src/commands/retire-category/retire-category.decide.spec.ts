import { describe, expect, it } from '@jest/globals';
import { amendActivity, moveActivity, recordActivity } from '../../domain/activity';
import { evolveDepartment, type Department } from '../../domain/department';
import { DomainValidationError } from '../../domain/errors';
import { computeProgress } from '../../domain/progress';
import { activityInput, FOREIGN_AFFAIRS_OFFICE_CATALOG, given, planOf, recorded } from '../../../test/domain';
import { RetireCategory } from './retire-category.command';
import { decideRetireCategory } from './retire-category.decide';

const department: Department = { code: 'wh-fao', name: '武汉市外办', catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG, version: 2 };

function refusal(run: () => unknown): DomainValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainValidationError);
    return error as DomainValidationError;
  }
  throw new Error('accepted');
}

describe('a retired category', () => {
  const retired = given(
    evolveDepartment,
    decideRetireCategory(department, new RetireCategory('wh-fao', 'home-in-wuhan', '并入其他活动', { actor: 'admin' })),
    department,
  )!;
  const catalog = retired.catalog;
  const old = recorded({ category: 'home-in-wuhan', title: '家在武汉·春节联欢', occurredOn: '2023-01-20' });

  it('takes no new record and no move into it, each refused on `category` with a Chinese reason', () => {
    const reason = '类别（“家在武汉”活动）已停用，不能再登记或移入活动（已登记的活动仍计入统计）';
    expect(refusal(() => recordActivity(null, activityInput({ category: 'home-in-wuhan' }), catalog)).errors).toEqual([
      { field: 'category', reason },
    ]);
    const major = recorded();
    expect(refusal(() => moveActivity(major, 'home-in-wuhan', {}, '调整', catalog)).errors).toEqual([{ field: 'category', reason }]);
    expect(refusal(() => amendActivity(major, { category: 'home-in-wuhan' }, catalog)).errors).toEqual([{ field: 'category', reason }]);
  });

  it('still lets what was recorded in it be corrected, and still counts it', () => {
    expect(amendActivity(old, { title: '家在武汉·春节联欢会' }, catalog)).toHaveLength(1);
    const plan = planOf([
      {
        kind: 'define-measure',
        measure: { code: 'home', name: '家在武汉', unit: '场', kind: 'count', category: 'home-in-wuhan', valueType: 'count' },
      },
    ]);
    expect(computeProgress(plan, [old], { today: '2023-12-31', catalog }).measures[0].actual).toBe(1);
  });

  it('is refused twice', () => {
    expect(() => decideRetireCategory(retired, new RetireCategory('wh-fao', 'home-in-wuhan', '再次', { actor: 'admin' }))).toThrow(
      /已停用/,
    );
  });
});

describe('project parts are a property of the category', () => {
  it('refuses a part (parentId) in a category that does not declare projectParts, in Chinese', () => {
    const errors = refusal(() =>
      recordActivity(null, activityInput({ category: 'major-event', parentId: 'project-1' }), FOREIGN_AFFAIRS_OFFICE_CATALOG),
    ).errors;
    expect(errors).toEqual([{ field: 'parentId', reason: '类别（重要外事活动）的活动不能作为项目的组成部分' }]);
    expect(
      recordActivity(null, activityInput({ category: 'exchange-project', parentId: 'project-1' }), FOREIGN_AFFAIRS_OFFICE_CATALOG),
    ).toHaveLength(1);
  });
});
