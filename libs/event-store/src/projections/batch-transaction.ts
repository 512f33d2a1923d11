import type { Pool, PoolClient, QueryResult } from 'pg';
import { onTransactionClient } from '../sql';
import type { Checkpoint } from '../types';

/** Namespace of the advisory lock a projection's batches (and its reset) hold. */
export const LOCK_CLASS = 7_301;

/** What the batch's transaction found once it held its projection's lock. */
export type HeldCheckpoint =
  { kind: 'locked' } | { kind: 'unregistered' } | { kind: 'held'; status: 'running' | 'failed'; checkpoint: Checkpoint };

/** The checkpoint a batch moves, and the time of its last event. */
export interface Advance {
  from: Checkpoint;
  to: Checkpoint;
  recordedAt: Date;
}

/**
 * One projection batch's transaction in two round trips when it applies something (three when it
 * reads its own events): BEGIN with its settings, the projection's lock and its checkpoint in one;
 * the checkpoint's advance and COMMIT in another. Each batch of each projection otherwise paid five
 * (BEGIN, lock, checkpoint, advance, COMMIT), 10–27 ms each under load with seven projections'
 * transactions at once on two cores.
 *
 * The statements travel as one simple query with their values written in (simple queries take no
 * parameters): each statement still gets its own snapshot, so the checkpoint is read after the
 * lock is held. `fn` returns the advance to commit, or none to roll back (nothing applied).
 */
export async function inBatchTransaction<T>(
  pool: Pool,
  projection: string,
  fn: (client: PoolClient, held: HeldCheckpoint) => Promise<{ value: T; advance: Advance | null }>,
): Promise<T> {
  return onTransactionClient(pool, async (client) => {
    const name = client.escapeLiteral(projection);
    // A read model and its checkpoint commit together, so a crash can only lose both, and the
    // batch is then read again: no need to wait for the WAL flush (PostgreSQL's asynchronous commit).
    // Custom plans: a projection's named statements outlive the emptiness of its tables after a
    // rebuild; a generic plan made then (a sequential scan of `= ANY($1)`) took 7 s a batch at 300k rows.
    // No JIT: a batch's statements touch a few thousand rows, but on tables without statistics
    // (autovacuum off, or just truncated) their estimates pass jit_above_cost, and compiling one
    // statement took 200 ms where running it took 10.
    const opened = (await client.query(
      `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL jit = off;
         SELECT pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(${name})) AS ok;
         SELECT status, last_transaction_id::text AS last_transaction_id, last_position
         FROM projection_checkpoints WHERE name = ${name}`,
    )) as unknown as QueryResult[];
    const [lock, checkpoint] = opened.slice(-2);
    const row = checkpoint.rows[0] as { status: 'running' | 'failed'; last_transaction_id: string; last_position: number } | undefined;
    const held: HeldCheckpoint = !lock.rows[0].ok
      ? { kind: 'locked' }
      : !row
        ? { kind: 'unregistered' }
        : { kind: 'held', status: row.status, checkpoint: { transactionId: row.last_transaction_id, position: Number(row.last_position) } };
    const { value, advance } = await fn(client, held);
    await client.query(advance ? advanceAndCommit(client, projection, advance) : 'ROLLBACK');
    return value;
  });
}

/**
 * Moves the checkpoint only from where the batch found it, then commits. A checkpoint found
 * elsewhere fails the statement (a text that is no boolean: plain SQL has no RAISE), so COMMIT
 * never runs and the batch's writes are rolled back.
 */
function advanceAndCommit(client: PoolClient, projection: string, { from, to, recordedAt }: Advance): string {
  const name = client.escapeLiteral(projection);
  return `WITH moved AS (
      UPDATE projection_checkpoints
      SET last_transaction_id = ${xid8(to.transactionId)}, last_position = ${position(to.position)},
        last_recorded_at = ${client.escapeLiteral(recordedAt.toISOString())}::timestamptz, updated_at = now()
      WHERE name = ${name} AND last_transaction_id = ${xid8(from.transactionId)} AND last_position = ${position(from.position)}
      RETURNING 1
    )
    SELECT CASE WHEN count(*) = 1 THEN true
      ELSE ('checkpoint of ' || ${name} || ' moved under the runner (' || count(*) || ' rows)')::boolean END AS advanced
    FROM moved;
    COMMIT`;
}

function xid8(value: string): string {
  if (!/^\d+$/.test(value)) throw new Error(`Not a transaction id: ${value}`);
  return `'${value}'::xid8`;
}

function position(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`Not a position: ${value}`);
  return String(value);
}
