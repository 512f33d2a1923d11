import type { Pool, PoolClient, QueryConfig, QueryResultRow } from 'pg';

/** Anything that runs a query: the pool or a client inside a transaction. */
export type Sql = Pick<Pool | PoolClient, 'query'>;

export async function rows<R extends QueryResultRow>(db: Sql, query: QueryConfig): Promise<R[]> {
  const result = await db.query<R>(query);
  return result.rows;
}

/** Runs fn in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED',
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
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
