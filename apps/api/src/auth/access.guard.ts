import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ACCESS_RULE } from './access.decorators';
import { Authenticator } from './authenticator';
import { allows, type AccessRule, type RequestUser } from '@app/accounts';

/** Paths of the API and of operator pages; everything else is the web app's public pages. */
const PROTECTED_PATH = /^\/*(api|admin)(\/|$)/i;

/**
 * The rule of a route: its decorator, else a default. Without a decorator, pages outside /api
 * and /admin are public, a GET of a department (`:department` in the route) needs a role there,
 * and everything else is the admin's alone, so a new endpoint is closed until someone opens it.
 */
export function ruleOf(declared: AccessRule | undefined, request: Request): AccessRule {
  if (declared) return declared;
  // The route's declared path, not the URL: Express matches /API/… and /api/… alike.
  const path = typeof request.route?.path === 'string' ? request.route.path : request.path;
  if (!PROTECTED_PATH.test(path) && !PROTECTED_PATH.test(request.path)) return { kind: 'public' };
  if ((request.method === 'GET' || request.method === 'HEAD') && typeof request.params?.department === 'string') {
    return { kind: 'department', roles: 'any' };
  }
  return { kind: 'admin' };
}

/** What the guard let a signed-in request through on, kept for checks repeated during a long response (SessionWatch). */
export interface Guarded {
  rule: AccessRule;
  department: string | undefined;
  /** The access token's `exp` (seconds). */
  tokenExp: number;
}

const GUARDED = Symbol('keywork.guarded');

export const guardedOf = (request: Request): Guarded | undefined => (request as Request & { [GUARDED]?: Guarded })[GUARDED];

export const forbidden = () =>
  new HttpException({ error: 'AUTH.FORBIDDEN', message: 'Your roles do not allow this here' }, HttpStatus.FORBIDDEN);

/**
 * The global guard: 401 without a valid token of an enabled user, 403 without the route's role
 * in the route's department. Sets `request.user = { id, username, roles }` (the command actor).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { user?: RequestUser }>();
    const rule = ruleOf(
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]),
      request,
    );
    if (rule.kind === 'public') return true;
    let user: RequestUser;
    let tokenExp: number;
    try {
      const { id, username, roles, tokenExp: exp } = await this.authenticator.authenticate(request);
      user = { id, username, roles };
      tokenExp = exp;
    } catch (error) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="keywork"');
      throw error;
    }
    request.user = user;
    const department = typeof request.params?.department === 'string' ? request.params.department : undefined;
    if (!allows(user, rule, department)) throw forbidden();
    (request as Request & { [GUARDED]?: Guarded })[GUARDED] = { rule, department, tokenExp };
    return true;
  }
}
