import type { PoolClient } from 'pg';
import type { StoredEvent } from '../types';

/**
 * A read model fed from the global stream. The runner owns I/O ordering, transactions and
 * checkpoints; `apply` writes one batch's changes through the runner's transaction.
 *
 * A projection may remember what it wrote (`remember`: e.g. each activity's last state), so that
 * a batch need not read its own rows back. The runner keeps one memory per projection and hands it
 * to `apply` only while it equals the tables: after a batch that did not commit, or when the
 * checkpoint moved without this runner (a rebuild, another process), it asks for a new, empty one.
 * A memory is a copy of part of the tables, never the truth: whatever it does not hold, `apply`
 * reads.
 */
export interface Projection<M = unknown> {
  readonly name: string;
  /** Bump to rebuild the read model from zero on the next start. */
  readonly version: number;
  /** Read-model tables a rebuild empties. */
  readonly tables: readonly string[];
  /** A new, empty memory (bounded: it lives as long as the runner). */
  remember?(): M;
  /** `memory` is left out when the batch must not be remembered (the runner then forgets it). */
  apply(events: readonly StoredEvent[], tx: PoolClient, memory?: M): Promise<void>;
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
