import type { PoolClient } from 'pg';
import type { StoredEvent } from '../types';

/**
 * A read model fed from the global stream. The runner owns I/O ordering, transactions and
 * checkpoints; `apply` writes one batch's changes through the runner's transaction.
 */
export interface Projection {
  readonly name: string;
  /** Bump to rebuild the read model from zero on the next start. */
  readonly version: number;
  /** Read-model tables a rebuild empties. */
  readonly tables: readonly string[];
  apply(events: readonly StoredEvent[], tx: PoolClient): Promise<void>;
}

/** A projection's pure code threw on this event: the runner stops the projection here. */
export class ProjectionEventError extends Error {
  constructor(
    readonly event: StoredEvent,
    override readonly cause: unknown,
  ) {
    super(`${event.type} at position ${event.globalPosition}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
