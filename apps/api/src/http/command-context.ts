import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CommandMeta } from '@app/tracking';
import { requestIdOf } from './request-logging';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * The command's metadata from the request: the acting user (the id the auth guard put on
 * `request.user`; 'api' only for in-process use without HTTP), the Idempotency-Key and the request id.
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
  return {
    actor: actor.slice(0, 100),
    commandId: key ? `http:${key}` : undefined,
    // The request's id (X-Request-Id when short and safe, else generated): never 8 kB of the client's text.
    correlationId: requestIdOf(request),
  };
});

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
