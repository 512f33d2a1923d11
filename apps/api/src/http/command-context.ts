import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { commandFingerprint, type CommandMeta } from '@app/tracking';
import { BodyShapePipe } from './body-shape.pipe';
import { requestIdOf } from './request-logging';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * The command's metadata from the request: the acting user (the id the auth guard put on
 * `request.user`; 'api' only for in-process use without HTTP), the Idempotency-Key and the request id.
 *
 * An Idempotency-Key is scoped by department and user (`http:<department>:<user>:<key>`: one user's
 * key never answers another's request) and bound to the request's content: the fingerprint hashes
 * method, route template, path parameters and body, so the same key with another request is
 * refused (422 COMMAND.KEY_REUSED) instead of answered with the first result. See docs/architecture.md.
 */
export const Meta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<Request & { user?: { id: string } }>();
  const key = request.header('idempotency-key');
  if (key !== undefined && !KEY.test(key)) {
    throw new BadRequestException({
      error: 'VALIDATION.FAILED',
      message: 'Idempotency-Key: must be 8–200 characters of A-Z a-z 0-9 . _ : -',
      errors: [{ field: 'Idempotency-Key', reason: 'must be 8–200 characters of A-Z a-z 0-9 . _ : -' }],
    });
  }
  const actor = request.user?.id ?? 'api';
  const params = { ...request.params };
  return {
    actor: actor.slice(0, 100),
    commandId: key ? `http:${String(params.department ?? '-')}:${actor}:${key}` : undefined,
    commandFingerprint: key ? fingerprintOf(request, params) : undefined,
    // The request's id (X-Request-Id when short and safe, else generated): never 8 kB of the client's text.
    correlationId: requestIdOf(request),
  };
});

/** What an Idempotency-Key stands for: method, route template, path parameters and body. */
function fingerprintOf(request: Request, params: Request['params']): string {
  // Checked before it is hashed (a hostile body can be too deep to serialise): the pipe's own 400.
  const body: unknown = new BodyShapePipe().transform(request.body ?? null, { type: 'body' });
  return commandFingerprint({ method: request.method, route: request.route?.path ?? request.path, params, body });
}

/** The stream version a client read (If-Match: "3"), for optimistic concurrency. */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<Request>().header('if-match');
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) {
    throw new BadRequestException({
      error: 'VALIDATION.FAILED',
      message: 'If-Match: must be the ETag of the version read, e.g. "3"',
      errors: [{ field: 'If-Match', reason: 'must be the ETag of the version read, e.g. "3"' }],
    });
  }
  return Number(match[1]);
});

export const etag = (version: number): string => `"${version}"`;
