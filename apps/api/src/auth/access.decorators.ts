import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiForbiddenResponse, ApiUnauthorizedResponse, DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AccessRule, RequestUser, Role } from '@app/accounts';

export const ACCESS_RULE = 'keywork:access-rule';

const UNAUTHORIZED = ApiUnauthorizedResponse({ description: 'No valid access token, or the account is disabled' });

/**
 * No token needed. The OpenAPI operation gets `security: []`, lifting the document's bearer
 * requirement (set through the operation metadata: an empty @ApiSecurity list is dropped).
 */
export const Public = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule),
    (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value) as object | undefined;
      Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: [] }, descriptor.value);
    },
  );

/** Any signed-in user, whatever their roles. */
export const SignedIn = () => applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'signed-in' } satisfies AccessRule), UNAUTHORIZED);

/**
 * Who may call the handler: `@Allow('staff')` needs the staff role in the route's `:department`
 * (or in '*'); `@Allow('any')` any role there; `@Allow('admin')` the global admin. The admin
 * passes every rule. A user without the role gets 403, whether or not the department exists.
 */
export function Allow(...roles: [Role | 'any', ...(Role | 'any')[]]) {
  const departmentRoles = roles.filter((r): r is Exclude<Role, 'admin'> => r !== 'admin' && r !== 'any');
  const rule: AccessRule = roles.includes('any')
    ? { kind: 'department', roles: 'any' }
    : departmentRoles.length === 0
      ? { kind: 'admin' }
      : { kind: 'department', roles: departmentRoles };
  const who =
    rule.kind === 'admin'
      ? 'the admin role'
      : rule.roles === 'any'
        ? 'a role in the department'
        : `role ${departmentRoles.join(' or ')} in the department`;
  return applyDecorators(SetMetadata(ACCESS_RULE, rule), UNAUTHORIZED, ApiForbiddenResponse({ description: `Needs ${who}` }));
}

/** The signed-in user the guard put on the request. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): RequestUser => {
  return context.switchToHttp().getRequest<Request & { user: RequestUser }>().user;
});
