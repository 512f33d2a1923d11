import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CodedError, CommandKeyReusedError, StoreUnavailableError, VersionConflictError, isConnectionError } from '@app/event-store';
import { DomainValidationError, NotFoundError, StateConflictError } from '@app/tracking';

/** Error codes to HTTP: one place, so every endpoint answers a mistake the same way. */
export function statusOf(error: CodedError): number {
  if (error instanceof DomainValidationError || error.code.startsWith('VALIDATION.') || error.code.startsWith('SCORING.')) return 400;
  if (error instanceof NotFoundError || error.code.endsWith('.NOT_FOUND')) return 404;
  if (error instanceof VersionConflictError || error instanceof StateConflictError) return 409;
  // An Idempotency-Key reused for another request (IETF Idempotency-Key draft): 422, never the first result.
  if (error instanceof CommandKeyReusedError) return 422;
  if (error instanceof StoreUnavailableError || error.code.endsWith('.UNAVAILABLE')) return 503;
  if (error.code === 'PROJECTIONS.BEHIND' || error.code === 'QUEUE.UNAVAILABLE') return 503;
  return 500;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (status >= 500 && status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (status === 503) response.setHeader('Retry-After', '5');
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof CodedError) {
      const status = statusOf(exception);
      return { status, body: { statusCode: status, error: exception.code, message: exception.message, ...exception.details } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const body = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : { message: payload };
      return { status, body: { statusCode: status, error: body.error ?? HttpStatus[status], ...body } };
    }
    const e = exception as { type?: string; status?: number; message?: string };
    // body-parser's own errors: oversized or malformed bodies are the client's mistake.
    if (e?.type === 'entity.too.large') {
      return { status: 413, body: { statusCode: 413, error: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } };
    }
    if (e?.type === 'entity.parse.failed') {
      return { status: 400, body: { statusCode: 400, error: 'MALFORMED_JSON', message: 'Request body is not valid JSON' } };
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      return { status: e.status, body: { statusCode: e.status, error: 'BAD_REQUEST', message: e.message } };
    }
    if (isConnectionError(exception)) {
      return {
        status: 503,
        body: { statusCode: 503, error: 'STORE.UNAVAILABLE', message: 'The database is unavailable; try again shortly' },
      };
    }
    return { status: 500, body: { statusCode: 500, error: 'INTERNAL', message: 'Internal error' } };
  }
}
