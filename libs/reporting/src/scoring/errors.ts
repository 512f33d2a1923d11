export type ScoringErrorCode = 'SCORING.INVALID_INPUT' | 'SCORING.EMPTY_GROUP';

/** A scoring input the rules cannot score; `code` is what the edge maps to a response. */
export class ScoringError extends Error {
  constructor(
    readonly code: ScoringErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScoringError';
  }
}

/** Throws unless `value` is a finite number ≥ 0. */
export function requireNonNegative(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScoringError('SCORING.INVALID_INPUT', `${what} must be a finite number ≥ 0, got ${value}`);
  }
}

/** Throws unless `value` is a finite number. */
export function requireFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ScoringError('SCORING.INVALID_INPUT', `${what} must be a finite number, got ${value}`);
  }
}
