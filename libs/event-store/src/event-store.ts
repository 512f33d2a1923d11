import type { Pool, PoolClient } from 'pg';
import { CommandKeyReusedError, ConditionFailedError, StoreUnavailableError, VersionConflictError } from './errors';
import { isConnectionError, rows, type Sql } from './sql';
import { START, type AppendOptions, type AppendResult, type Checkpoint, type NewEvent, type StoredEvent } from './types';
import { Upcasters } from './upcasters';

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  tenant: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  txid: string;
}

const EVENT_COLUMNS = 'global_position, stream_id, stream_version, tenant, type, data, metadata, recorded_at, transaction_id::text AS txid';

/**
 * Reads only events of transactions older than every transaction still running, so an event
 * whose transaction commits late can never land behind a reader's checkpoint (Emmett's rule).
 */
const SETTLED = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

export interface ReadAllOptions {
  after?: Checkpoint;
  limit?: number;
  tenant?: string;
  /** Only events recorded at or before this time ("what the system knew then"). */
  recordedUntil?: Date;
}

/** What an append committed, as commit listeners are told it. */
export interface Committed {
  streamId: string;
  /** The type strings of the events appended, in order. */
  types: readonly string[];
}

/**
 * Told after an append committed on its own (not inside a caller's transaction) and wrote
 * something: a wake-up hint for readers, a count for metrics. The store works without any.
 */
export type CommitListener = (committed: Committed) => void;

/**
 * Append-only event streams on PostgreSQL. Knows nothing of the domain: every read hands events
 * through the upcasters the domain registered, so readers see each type in its current shape.
 */
export class EventStore {
  private readonly listeners = new Set<CommitListener>();

  constructor(
    private readonly pool: Pool,
    private readonly upcasters: Upcasters = new Upcasters(),
  ) {}

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Appends in one statement (one round trip): the stream's version is claimed, the events
   * inserted and the command recorded together, or nothing is written.
   *
   * Without `tx` the statement is its own transaction and readers get the commit hint. With `tx`
   * (a client inside the caller's transaction, e.g. from `inTransaction`) it joins that
   * transaction: the caller commits or rolls back, readers find the events by polling. A version
   * conflict or a failed condition throws without aborting the caller's transaction, and a command
   * already processed (committed before, or earlier in this transaction) returns its first result
   * with nothing written and the transaction still usable. Only a copy of the command committing
   * concurrently in another transaction fails the statement on the command's key (23505), which
   * aborts the caller's transaction; run again, it returns the first result.
   *
   * A command already processed with another `commandFingerprint` (both given) throws
   * CommandKeyReusedError instead, with nothing written and the caller's transaction usable.
   */
  async append(streamId: string, events: NewEvent[], options: AppendOptions, tx?: PoolClient): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    try {
      const result = await this.appendStatement(tx ?? this.pool, !tx, streamId, events, options);
      if (!tx && !result.duplicate) {
        const committed: Committed = { streamId: result.streamId, types: events.map((e) => e.type) };
        for (const listener of this.listeners) {
          try {
            listener(committed);
          } catch {
            // A listener never fails an append that committed.
          }
        }
      }
      return result;
    } catch (error) {
      if (isConnectionError(error)) throw new StoreUnavailableError(error);
      throw error;
    }
  }

  /**
   * The first result of a command already processed, or null. With a fingerprint, a command
   * processed with another one throws CommandKeyReusedError (a null on either side is not compared).
   */
  async findCommandResult(commandId: string, options: { fingerprint?: string; db?: Sql } = {}): Promise<AppendResult | null> {
    const found = await rows<{ result: AppendResult | null; fingerprint: string | null }>(options.db ?? this.pool, {
      name: 'es_find_command',
      text: 'SELECT result, fingerprint FROM processed_commands WHERE command_id = $1',
      values: [commandId],
    });
    const first = found[0];
    if (!first?.result) return null;
    if (options.fingerprint && first.fingerprint && options.fingerprint !== first.fingerprint) {
      throw new CommandKeyReusedError(commandId);
    }
    return { ...first.result, duplicate: true };
  }

  /**
   * The append as one statement: a CTE claims the version (its row lock serialises writers of
   * this stream only), inserts the events from arrays and, with a command id, inserts the
   * command with its result. A claim that fails inserts nothing. With a command id the claim also
   * needs the command absent from the statement's snapshot, so a repeated command writes nothing
   * and raises nothing; a copy committed by a concurrent transaction after the snapshot makes the
   * statement fail on the command's key (after waiting for it), and on its own (autocommit) the
   * first result is then read. With a condition, the claim also needs the other stream at the
   * given version, read in the same snapshot.
   */
  private async appendStatement(
    db: Sql,
    autocommit: boolean,
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const { expected, commandId, commandFingerprint, condition } = options;
    const kind = claimKind(expected);
    const single = events.length === 1;
    const metadata = (e: NewEvent) => JSON.stringify({ ...e.metadata, ...(commandId ? { commandId } : {}) });
    // One event (nearly every command) goes as plain parameters: no array literal to escape here
    // and to parse there.
    const values: unknown[] = [
      streamId,
      options.tenant,
      options.recordedAt ?? new Date(),
      events.length,
      single ? events[0].type : events.map((e) => e.type),
      single ? JSON.stringify(events[0].data ?? null) : events.map((e) => JSON.stringify(e.data ?? null)),
      single ? metadata(events[0]) : events.map(metadata),
    ];
    if (kind === 'exact') values.push(expected);
    if (commandId) values.push(commandId, commandFingerprint ?? null);
    if (condition) {
      if (!Number.isSafeInteger(condition.version) || condition.version < 0)
        throw new RangeError(`Invalid condition version ${condition.version}`);
      values.push(condition.streamId, condition.version);
    }
    let found: { version: number | null; first: number | null; last: number | null; condition_version?: number | null }[];
    try {
      const shape = { kind, single, withCommand: !!commandId, withCondition: !!condition };
      found = await rows(db, { name: statementName(shape), text: appendSql(shape), values });
    } catch (error) {
      // In a caller's transaction the failed statement aborted it: nothing more can be read there.
      if (
        autocommit &&
        commandId &&
        (error as { code?: string; constraint?: string }).code === '23505' &&
        (error as { constraint?: string }).constraint === 'processed_commands_pkey'
      ) {
        const previous = await this.findCommandResult(commandId, { fingerprint: commandFingerprint, db });
        if (previous) return previous;
      }
      throw error;
    }
    const { version, first, last } = found[0];
    if (version === null || first === null || last === null) {
      // The claim failed; a command already processed explains why before anything else does.
      const previous = commandId ? await this.findCommandResult(commandId, { fingerprint: commandFingerprint, db }) : null;
      if (previous) return previous;
      if (condition && found[0].condition_version !== condition.version) {
        throw new ConditionFailedError(condition.streamId, condition.version, found[0].condition_version ?? null);
      }
      throw new VersionConflictError(streamId, expected, await this.streamVersion(db, streamId));
    }
    return { streamId, version, firstPosition: first, lastPosition: last, duplicate: false };
  }

  /** The stream's current version, or null when it does not exist. */
  async currentVersion(streamId: string): Promise<number | null> {
    return this.guard(() => this.streamVersion(this.pool, streamId));
  }

  async streamVersion(db: Sql, streamId: string): Promise<number | null> {
    const found = await rows<{ version: number }>(db, {
      name: 'es_stream_version',
      text: 'SELECT version FROM streams WHERE stream_id = $1',
      values: [streamId],
    });
    return found[0]?.version ?? null;
  }

  /** The events of one stream in order, optionally only up to a version. */
  async readStream<T = unknown>(streamId: string, options: { toVersion?: number; db?: Sql } = {}): Promise<StoredEvent<T>[]> {
    const found = await this.guard(() =>
      rows<EventRow>(options.db ?? this.pool, {
        name: 'es_read_stream',
        text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version`,
        values: [streamId, options.toVersion ?? Number.MAX_SAFE_INTEGER],
      }),
    );
    return this.toEvents<T>(found);
  }

  /**
   * The events of many streams at once, each stream's in order (a stream without events is
   * absent from the map): one round trip instead of one per stream, e.g. to compare a file's
   * rows with the records they name.
   */
  async readStreams<T = unknown>(streamIds: readonly string[], options: { db?: Sql } = {}): Promise<Map<string, StoredEvent<T>[]>> {
    const streams = new Map<string, StoredEvent<T>[]>();
    if (streamIds.length === 0) return streams;
    const found = await this.guard(() =>
      rows<EventRow>(options.db ?? this.pool, {
        name: 'es_read_streams',
        text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
        values: [streamIds],
      }),
    );
    for (const event of this.toEvents<T>(found)) {
      const list = streams.get(event.streamId);
      if (list) list.push(event);
      else streams.set(event.streamId, [event]);
    }
    return streams;
  }

  /**
   * One batch of settled events after a checkpoint, in (transaction id, position) order. A reader
   * that keeps the last event's checkpoint never skips and never repeats an event.
   */
  async readAll(options: ReadAllOptions = {}, db: Sql = this.pool): Promise<StoredEvent[]> {
    const after = options.after ?? START;
    const limit = options.limit ?? 1000;
    const found = await this.guard(() => {
      if (options.tenant !== undefined || options.recordedUntil !== undefined) {
        return rows<EventRow>(db, {
          name: 'es_read_all_filtered',
          text: `SELECT ${EVENT_COLUMNS} FROM events
                 WHERE (transaction_id, global_position) > ($1::xid8, $2) AND ${SETTLED}
                   AND ($4::text IS NULL OR tenant = $4) AND ($5::timestamptz IS NULL OR recorded_at <= $5)
                 ORDER BY transaction_id, global_position LIMIT $3`,
          values: [after.transactionId, after.position, limit, options.tenant ?? null, options.recordedUntil ?? null],
        });
      }
      return rows<EventRow>(db, {
        name: 'es_read_all',
        text: `SELECT ${EVENT_COLUMNS} FROM events
               WHERE (transaction_id, global_position) > ($1::xid8, $2) AND ${SETTLED}
               ORDER BY transaction_id, global_position LIMIT $3`,
        values: [after.transactionId, after.position, limit],
      });
    });
    return this.toEvents(found);
  }

  /** Every event of a tenant recorded up to a time, in a stable order (for "as known at" replays). */
  async *readTenant(tenant: string, recordedUntil?: Date, batchSize = 5000): AsyncGenerator<StoredEvent[]> {
    let after = START;
    for (;;) {
      const batch = await this.readAll({ after, limit: batchSize, tenant, recordedUntil });
      if (batch.length === 0) return;
      yield batch;
      after = checkpointOf(batch[batch.length - 1]);
      if (batch.length < batchSize) return;
    }
  }

  /**
   * The checkpoint of the newest settled event (one whose transaction id is below the oldest
   * transaction still running): a reader at or past it has seen every settled event. Events
   * committed while an older transaction is still open are not settled yet and may lie beyond it;
   * `waitForProjections` / `catchUpProjections` wait for those.
   */
  async head(db: Sql = this.pool): Promise<Checkpoint> {
    const found = await this.guard(() =>
      rows<{ txid: string; global_position: number }>(db, {
        name: 'es_head',
        text: `SELECT transaction_id::text AS txid, global_position FROM events
               WHERE ${SETTLED} ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      }),
    );
    return found[0] ? { transactionId: found[0].txid, position: found[0].global_position } : START;
  }

  private toEvents<T = unknown>(found: EventRow[]): StoredEvent<T>[] {
    return this.upcasters.upcastAll<T>(found.map(toStoredEvent));
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isConnectionError(error)) throw new StoreUnavailableError(error);
      throw error;
    }
  }
}

type ClaimKind = 'new' | 'any' | 'existing' | 'exact';

function claimKind(expected: AppendOptions['expected']): ClaimKind {
  if (expected === 'no-stream' || expected === 0) return 'new';
  if (expected === 'any') return 'any';
  if (expected === 'stream-exists') return 'existing';
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`Invalid expected version ${expected}`);
  return 'exact';
}

interface AppendShape {
  kind: ClaimKind;
  /** One event: $5–$7 are a type, data and metadata instead of arrays of them. */
  single: boolean;
  withCommand: boolean;
  withCondition: boolean;
}

const statementName = ({ kind, single, withCommand, withCondition }: AppendShape): string =>
  `es_append_${kind}${single ? '_one' : ''}${withCommand ? '_command' : ''}${withCondition ? '_condition' : ''}`;

const appendSqlCache = new Map<string, string>();

/**
 * $1 stream, $2 tenant, $3 recorded at, $4 event count, $5–$7 types, data, metadata (or one of
 * each), then, in this order and only when used: the expected version (exact claims), the command
 * id and its fingerprint (or null), the condition's stream and version.
 */
function appendSql(shape: AppendShape): string {
  const name = statementName(shape);
  let text = appendSqlCache.get(name);
  if (text === undefined) appendSqlCache.set(name, (text = buildAppendSql(shape)));
  return text;
}

function buildAppendSql({ kind, single, withCommand, withCondition }: AppendShape): string {
  let next = 8;
  const expectedParam = kind === 'exact' ? `$${next++}` : '';
  const commandParam = withCommand ? `$${next++}` : '';
  const fingerprintParam = withCommand ? `$${next++}` : '';
  const conditionStream = withCondition ? `$${next++}` : '';
  const conditionVersion = withCondition ? `$${next}` : '';
  // What the claim needs besides the stream's own version: a command not processed yet (so a
  // repeated one writes nothing and raises nothing) and the condition's stream where it was.
  const guards = [
    ...(withCommand ? [`NOT EXISTS (SELECT 1 FROM processed_commands WHERE command_id = ${commandParam}::text)`] : []),
    ...(withCondition
      ? [`EXISTS (SELECT 1 FROM streams WHERE stream_id = ${conditionStream}::text AND version = ${conditionVersion}::bigint)`]
      : []),
  ];
  const guard = guards.join(' AND ');
  const source = guard ? `SELECT $1::text, $2::text, $4::bigint WHERE ${guard}` : 'VALUES ($1, $2, $4)';
  const claim = {
    new: `INSERT INTO streams (stream_id, tenant, version) ${source} ON CONFLICT (stream_id) DO NOTHING RETURNING version`,
    any: `INSERT INTO streams (stream_id, tenant, version) ${source}
          ON CONFLICT (stream_id) DO UPDATE SET version = streams.version + EXCLUDED.version, updated_at = now() RETURNING version`,
    existing: `UPDATE streams SET version = version + $4, updated_at = now() WHERE stream_id = $1${guard ? ` AND ${guard}` : ''} RETURNING version`,
    exact: `UPDATE streams SET version = version + $4, updated_at = now() WHERE stream_id = $1 AND version = ${expectedParam}${guard ? ` AND ${guard}` : ''} RETURNING version`,
  }[kind];
  const rowsToInsert = single
    ? `SELECT $1, c.version - $4 + 1, $2, $5::text, $6::jsonb, $7::jsonb, $3 FROM claimed c`
    : `SELECT $1, c.version - $4 + e.n, $2, e.t, e.d, e.m, $3
      FROM claimed c, unnest($5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS e(t, d, m, n)`;
  return `WITH claimed AS (${claim}),
    inserted AS (
      INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at)
      ${rowsToInsert}
      RETURNING global_position
    )${
      withCommand
        ? `,
    command AS (
      INSERT INTO processed_commands (command_id, stream_id, result, fingerprint)
      SELECT ${commandParam}, $1, jsonb_build_object('streamId', $1::text, 'version', (SELECT version FROM claimed),
        'firstPosition', min(global_position), 'lastPosition', max(global_position), 'duplicate', false), ${fingerprintParam}::text
      FROM inserted HAVING count(*) > 0
    )`
        : ''
    }
    SELECT (SELECT version FROM claimed) AS version, min(global_position) AS first, max(global_position) AS last${
      // Read only when the claim failed (an init plan runs when first needed).
      withCondition
        ? `,\n      CASE WHEN (SELECT version FROM claimed) IS NULL THEN (SELECT version FROM streams WHERE stream_id = ${conditionStream}::text) END AS condition_version`
        : ''
    } FROM inserted`;
}

export function checkpointOf(event: Pick<StoredEvent, 'transactionId' | 'globalPosition'>): Checkpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    globalPosition: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    tenant: row.tenant,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    transactionId: row.txid,
  };
}
