import { CodedError } from '@app/event-store';

export interface FieldError {
  /** Path of the offending field, e.g. 'attributes.participants'. */
  field: string;
  reason: string;
}

/** Input the domain refuses (400): every reason names its field. */
export class DomainValidationError extends CodedError {
  constructor(readonly errors: FieldError[]) {
    super('VALIDATION.FAILED', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors });
  }
}

export function invalid(field: string, reason: string): DomainValidationError {
  return new DomainValidationError([{ field, reason }]);
}

export class NotFoundError extends CodedError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

/** The command is valid but the state forbids it (409), e.g. withdrawing a withdrawn activity. */
export class StateConflictError extends CodedError {}
