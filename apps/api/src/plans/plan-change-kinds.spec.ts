import { describe, expect, it } from '@jest/globals';
import { PLAN_CHANGE_KINDS, type PlanChangeKind } from '@app/tracking';
import { PLAN_CHANGE_KIND_NAMES, type PlanChangeKindName } from './plan-change-kinds';

// Both ways at compile time: a kind of the domain missing from the list, or one the domain does not have, fails here.
const everyKindListed: [PlanChangeKind] extends [PlanChangeKindName] ? true : false = true;
const onlyKindsOfTheDomain: [PlanChangeKindName] extends [PlanChangeKind] ? true : false = true;

describe('the plan-change kinds the web app has forms for', () => {
  it('are the domain’s kinds, in its order', () => {
    expect([everyKindListed, onlyKindsOfTheDomain]).toEqual([true, true]);
    expect([...PLAN_CHANGE_KIND_NAMES]).toEqual([...PLAN_CHANGE_KINDS]);
  });
});
