/** What the caller expects of a stream's version when appending. */
export type ExpectedVersion = 'any' | 'no-stream' | 'stream-exists' | number;

export interface EventMetadata {
  /** Who caused the event (user id or 'import', 'system'). */
  actor?: string;
  /** The command that appended it: also the idempotency key. */
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface NewEvent<T = unknown> {
  /** Stable, versioned type string, e.g. 'activity.recorded.v1' (never a class name). */
  type: string;
  data: T;
  metadata?: EventMetadata;
}

export interface StoredEvent<T = unknown> {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  tenant: string;
  type: string;
  data: T;
  metadata: EventMetadata;
  recordedAt: Date;
  /** PostgreSQL transaction id (xid8) as a decimal string. */
  transactionId: string;
}

/** Position of a catch-up reader: events are read in (transactionId, position) order. */
export interface Checkpoint {
  transactionId: string;
  position: number;
}

export const START: Checkpoint = { transactionId: '0', position: 0 };

export interface AppendOptions {
  /** Tenant (department) the stream belongs to; lets readers filter by tenant. */
  tenant: string;
  expected: ExpectedVersion;
  /** Idempotency key: a repeated command returns the first result and appends nothing. */
  commandId?: string;
  /**
   * A hash of the command's content, stored with its id: the same id with another fingerprint
   * throws CommandKeyReusedError instead of returning the first result. Absent here or on the
   * stored command (recorded before fingerprints, or by a caller without one): not compared.
   */
  commandFingerprint?: string;
  recordedAt?: Date;
  /**
   * Append only if this other stream is still at this version (the decision was made on what it
   * held then), checked in the same statement; otherwise nothing is written and the append throws
   * ConditionFailedError with that stream's current version.
   */
  condition?: { streamId: string; version: number };
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  version: number;
  firstPosition: number;
  lastPosition: number;
  /** True when the command id had been seen: nothing was appended this time. */
  duplicate: boolean;
}

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const tx = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  return a.position - b.position;
}
