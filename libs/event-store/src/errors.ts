import type { ExpectedVersion } from './types';

/** An error the edge can map to a status: every domain and store error carries a code. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the expected version: somebody else appended first. */
export class VersionConflictError extends CodedError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super('STREAM.VERSION_CONFLICT', `Stream ${streamId} is at version ${actual ?? 'none'}, expected ${String(expected)}`, {
      streamId,
      expected,
      currentVersion: actual,
    });
  }
}

/**
 * An append's condition on another stream failed: that stream (e.g. the department whose catalog
 * the decision used) moved since it was read, so nothing was written. Decide again on a fresh
 * read; if it escapes, it is a 409 like any version conflict.
 */
export class ConditionFailedError extends VersionConflictError {
  constructor(streamId: string, expected: number, actual: number | null) {
    super(streamId, expected, actual);
  }
}

/**
 * The command id was already processed for a command of other content (another fingerprint):
 * nothing was written, and the first command's result is not handed out. Over HTTP a 422 (an
 * Idempotency-Key reused with another request).
 */
export class CommandKeyReusedError extends CodedError {
  constructor(readonly commandId: string) {
    super('COMMAND.KEY_REUSED', '该幂等键（Idempotency-Key）已用于内容不同的另一请求，本次请求未执行；新的请求请使用新的幂等键', {});
  }
}

/** The database could not be reached or dropped the connection: retry later (503). */
export class StoreUnavailableError extends CodedError {
  constructor(cause: unknown) {
    super('STORE.UNAVAILABLE', 'The database is unavailable; try again shortly', {});
    this.cause = cause;
  }
}
