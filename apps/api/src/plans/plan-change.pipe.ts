import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { PLAN_CHANGE_KINDS, isPlanChangeKind, type PlanChange, type PlanChangeKind, type PlanChangeOf } from '@app/tracking';
import { strictValidationPipe } from '../http/validation';
import { PLAN_CHANGE_BODIES, type PlanChangeBody } from './plan-change.dto';

const refused = (field: string, reason: string) =>
  new BadRequestException({ error: 'VALIDATION.FAILED', message: `${field}: ${reason}`, errors: [{ field, reason }] });

/**
 * A plan-change body, validated by the DTO of its kind (strict and whitelisted like every body of
 * the api), as the domain's PlanChange. The global pipe does not see it: a union has no class.
 */
@Injectable()
export class PlanChangePipe implements PipeTransform<unknown, Promise<PlanChange>> {
  private readonly validation = strictValidationPipe();

  async transform(body: unknown): Promise<PlanChange> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw refused('body', 'must be an object with a kind');
    const kind: unknown = (body as { kind?: unknown }).kind;
    if (!isPlanChangeKind(kind)) throw refused('kind', `must be one of ${PLAN_CHANGE_KINDS.join(', ')}`);
    return changeOf(kind, await this.validation.transform(body, { type: 'body', metatype: PLAN_CHANGE_BODIES[kind] }));
  }
}

/** `{ kind, ...change }`: a body of kind K gives a change of kind K (TypeScript cannot follow K through the spread). */
function changeOf<K extends PlanChangeKind>(kind: K, body: PlanChangeBody<K>): PlanChangeOf<K> {
  return { ...body.change, kind } as PlanChangeOf<K>;
}
