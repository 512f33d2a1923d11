import { describe, expect, it } from '@jest/globals';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../../test/domain';
import type { Department } from '../../domain/department';
import { emptyPlan, type PlanChange } from '../../domain/plan';
import { ChangePlan } from './change-plan.command';
import { decideChangePlan } from './change-plan.decide';

const department: Department = { code: 'wh-fao', name: '武汉市外办', catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG, version: 1 };
const change = (year: number, planChange: unknown) => new ChangePlan('wh-fao', year, planChange as PlanChange, { actor: 'reporter' });

describe('decideChangePlan', () => {
  it('given a plan, when a project is defined, then the domain decides the event', () => {
    const [event] = decideChangePlan(
      { plan: emptyPlan('wh-fao', 2023), department },
      change(2023, { kind: 'define-project', project: { code: 'p1', name: '友城交流' } }),
    );
    expect(event.data).toMatchObject({ project: { code: 'p1', name: '友城交流' } });
  });

  it('refuses a year outside 2000–2100 and an unknown kind of change (400)', () => {
    expect(() => decideChangePlan({ plan: emptyPlan('wh-fao', 1999), department }, change(1999, { kind: 'define-project' }))).toThrow(
      'year: must be a year between 2000 and 2100',
    );
    expect(() => decideChangePlan({ plan: emptyPlan('wh-fao', 2023), department }, change(2023, { kind: 'no-such-change' }))).toThrow(
      'kind: unknown plan change',
    );
  });
});
