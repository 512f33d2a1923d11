import type { Pool, PoolClient, QueryConfig, QueryResultRow } from 'pg';

/** Anything that runs a query: the pool or a client inside a transaction. */
export type Sql = Pick<Pool | PoolClient, 'query'>;

export async function rows<R extends QueryResultRow>(db: Sql, query: QueryConfig): Promise<R[]> {
  const result = await db.query<R>(query);
  return result.rows;
}

export interface TransactionOptions {
  /** PostgreSQL's default (READ COMMITTED) when left out. */
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  readOnly?: boolean;
  /**
   * Commit without waiting for the WAL flush (`SET LOCAL synchronous_commit = off`): for writes a
   * crash may lose because they are derived and redone, e.g. a read model with its checkpoint.
   */
  synchronousCommitOff?: boolean;
  /**
   * Plan every statement for its own parameters (`SET LOCAL plan_cache_mode = force_custom_plan`):
   * for named statements run against tables that grow fast, e.g. read models during a catch-up,
   * where a generic plan chosen while a table was empty (a sequential scan) would be kept.
   */
  customPlans?: boolean;
}

/** What `fn` returns to roll its transaction back rather than commit it, still handing back a value. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** Ends the transaction with ROLLBACK instead of COMMIT; `inTransaction` returns `value`. */
export function rollback<T>(value: T): Rollback<T> {
  return new Rollback(value);
}

const ISOLATION_LEVELS = new Set(['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE']);

/**
 * Runs fn in a transaction on one client of the pool: commits when fn resolves (rolls back when
 * it resolves with `rollback(value)`), rolls back when it throws. With the projection runner's
 * batch transaction (projections/batch-transaction.ts, which sends them beside its other
 * statements), the only place that writes BEGIN, COMMIT and ROLLBACK. A client whose ROLLBACK
 * fails is discarded, not returned to the pool.
 */
export async function inTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T | Rollback<T>>,
  options: TransactionOptions = {},
): Promise<T> {
  const begin = beginStatement(options);
  return onTransactionClient(pool, async (client) => {
    await client.query(begin);
    const result = await fn(client);
    if (result instanceof Rollback) {
      await client.query('ROLLBACK');
      return result.value as T;
    }
    await client.query('COMMIT');
    return result;
  });
}

/**
 * One client of the pool for a transaction that `run` begins and ends itself: when `run` throws,
 * the transaction is rolled back, and a client whose ROLLBACK fails is discarded, not returned to
 * the pool.
 */
export async function onTransactionClient<T>(pool: Pool, run: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    return await run(client);
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** BEGIN with its modes, and SET LOCAL in the same round trip. */
function beginStatement({ isolation, readOnly, synchronousCommitOff, customPlans }: TransactionOptions): string {
  if (isolation !== undefined && !ISOLATION_LEVELS.has(isolation)) throw new RangeError(`Unknown isolation level ${String(isolation)}`);
  let begin = 'BEGIN';
  if (isolation) begin += ` ISOLATION LEVEL ${isolation}`;
  if (readOnly) begin += ' READ ONLY';
  if (synchronousCommitOff) begin += '; SET LOCAL synchronous_commit = off';
  if (customPlans) begin += '; SET LOCAL plan_cache_mode = force_custom_plan';
  return begin;
}

/** Connection-level failures: the server is down or restarting, not a client's mistake. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (!e) return false;
  // Already classified by the store (StoreUnavailableError wraps the driver's error).
  if (e.code === 'STORE.UNAVAILABLE') return true;
  if (
    e.code &&
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(
      e.code,
    )
  ) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
    e.message ?? '',
  );
}
