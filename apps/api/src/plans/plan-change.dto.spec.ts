import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { PLAN_CHANGE_KINDS } from '@app/tracking';
import { PLAN_CHANGE_BODIES, ReviseTargetDto, planChangeBody, type PlanChangeBodies } from './plan-change.dto';
import { PlanChangePipe } from './plan-change.pipe';

/**
 * Every kind of plan change has its body DTO, tied to the domain's kinds by the compiler. The
 * `@ts-expect-error` lines are checked by `tsc --noEmit`: each must be an error.
 */
describe('the plan-change body DTOs', () => {
  it('are one per kind of the domain, in its order', () => {
    expect(Object.keys(PLAN_CHANGE_BODIES)).toEqual(PLAN_CHANGE_KINDS);
    expect(new Set(Object.values(PLAN_CHANGE_BODIES).map((body) => body.name)).size).toBe(PLAN_CHANGE_KINDS.length);
  });

  it('a map missing a kind, or with a kind the domain does not have, does not compile', () => {
    const { 'set-target': _dropped, ...withoutSetTarget } = PLAN_CHANGE_BODIES;
    // @ts-expect-error -- 'set-target' has no DTO.
    const missing = { ...withoutSetTarget } satisfies PlanChangeBodies;
    const extra = {
      ...PLAN_CHANGE_BODIES,
      // @ts-expect-error -- no such kind.
      'rename-plan': PLAN_CHANGE_BODIES['set-target'],
    } satisfies PlanChangeBodies;
    expect(Object.keys(missing)).not.toContain('set-target');
    expect(Object.keys(extra)).toContain('rename-plan');
  });

  it('a DTO that does not carry its kind’s fields does not compile', () => {
    class WithoutReason {
      targetId: string;
      value: number;
    }
    // @ts-expect-error -- revise-target needs a reason.
    const incomplete = planChangeBody('revise-target', WithoutReason);
    // @ts-expect-error -- revise-target's fields are not a set-target change.
    const swapped = planChangeBody('set-target', ReviseTargetDto);
    const wrongSlot = {
      ...PLAN_CHANGE_BODIES,
      // @ts-expect-error -- the body of another kind.
      'set-target': PLAN_CHANGE_BODIES['revise-target'],
    } satisfies PlanChangeBodies;
    expect([incomplete.name, swapped.name, wrongSlot['set-target'].name]).toEqual([
      'WithoutReason',
      'ReviseTargetPlanChange',
      'ReviseTargetPlanChange',
    ]);
  });
});

describe('PlanChangePipe', () => {
  const pipe = new PlanChangePipe();
  const refusal = async (body: unknown) => {
    const error = await pipe.transform(body).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse();
  };

  it('validates the body with the DTO of its kind and gives the domain’s change', async () => {
    const change = await pipe.transform({ kind: 'revise-target', change: { targetId: 'kw-1', value: 6, reason: '年中调整' } });
    expect({ ...change }).toEqual({ kind: 'revise-target', targetId: 'kw-1', value: 6, reason: '年中调整' });
  });

  it('refuses an unknown kind naming kind and the kinds allowed', async () => {
    expect(await refusal({ kind: 'toString', change: {} })).toEqual({
      error: 'VALIDATION.FAILED',
      message: `kind: must be one of ${PLAN_CHANGE_KINDS.join(', ')}`,
      errors: [{ field: 'kind', reason: `must be one of ${PLAN_CHANGE_KINDS.join(', ')}` }],
    });
    expect(await refusal('set-target')).toMatchObject({ errors: [{ field: 'body', reason: 'must be an object with a kind' }] });
  });

  it('refuses a field of another kind, and a wrongly typed one, naming each', async () => {
    const response = (await refusal({ kind: 'remove-target', change: { targetId: 'kw-1', reason: 7, value: 6 } })) as {
      errors: { field: string; reason: string }[];
    };
    expect(response.errors).toContainEqual({ field: 'change.value', reason: 'property value should not exist' });
    expect([...new Set(response.errors.map((e) => e.field))].sort()).toEqual(['change.reason', 'change.value']);
  });
});
