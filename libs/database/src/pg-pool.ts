import { Pool, types } from 'pg';

// int8 columns (global positions, counts) fit in a JS number for any realistic store.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));
// DATE columns stay 'YYYY-MM-DD' strings: no time zone may shift a date an activity occurred on.
types.setTypeParser(types.builtins.DATE, (value) => value);

export function createPool(databaseUrl: string, max: number): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 5_000,
    // A command must fail fast while PostgreSQL restarts, never hang.
    query_timeout: 30_000,
    application_name: 'keywork',
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor a checked-out one: the pool hears a client's 'error' only while it is idle, and an
  // unheard 'error' event kills the process. The failure still reaches the query in flight (or
  // the next one, as a connection error: 503), and release() drops the broken client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
