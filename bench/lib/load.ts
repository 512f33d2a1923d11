import type { Pool, PoolClient } from 'pg';
import type { GeneratedEvent } from './synthetic';

export interface LoadSummary {
  events: number;
  streams: number;
  ms: number;
  /** Average size of data + metadata as stored (jsonb text), bytes. */
  avgEventBytes: number;
}

/**
 * Bulk-loads generated events straight into the events table (bench set-up, not a benchmark):
 * batches of INSERT … SELECT FROM unnest(…) with synchronous_commit off, the secondary indexes
 * dropped during the load and rebuilt after, then the streams table filled from the events and
 * everything vacuumed and analysed, as a long-running store would be.
 *
 * One connection, the next batch queued behind the running one (generated meanwhile): each batch
 * is a transaction, and readers order by (transaction id, position), so batches must get their
 * transaction ids in order (two connections racing would put a correction before its record).
 */
export async function loadEvents(
  pool: Pool,
  events: Iterable<GeneratedEvent>,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<LoadSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 2000;
  const log = options.log ?? (() => undefined);
  const indexes = await dropSecondaryIndexes(pool);
  const client = await pool.connect();
  let count = 0;
  try {
    await client.query('SET synchronous_commit = off');
    // At most one batch running and one queued behind it on the same connection.
    let running: Promise<unknown> = Promise.resolve();
    let queued: Promise<unknown> = Promise.resolve();
    let batch = newBatch();
    const flush = async () => {
      if (batch.streamIds.length === 0) return;
      await running;
      running = queued;
      queued = insertBatch(client, batch);
      queued.catch(() => undefined);
      batch = newBatch();
    };
    let nextLog = Date.now() + 10_000;
    for (const event of events) {
      batch.streamIds.push(event.streamId);
      batch.versions.push(event.version);
      batch.tenants.push(event.tenant);
      batch.types.push(event.type);
      batch.data.push(JSON.stringify(event.data));
      batch.metadata.push(JSON.stringify(event.metadata));
      batch.recordedAt.push(event.recordedAt.toISOString());
      count++;
      if (batch.streamIds.length >= batchSize) {
        await flush();
        if (Date.now() > nextLog) {
          log(
            `  loaded ${count.toLocaleString('en-US')} events (${Math.round(count / ((Date.now() - started) / 1000)).toLocaleString('en-US')}/s)`,
          );
          nextLog = Date.now() + 10_000;
        }
      }
    }
    await flush();
    await running;
    await queued;
  } finally {
    client.release();
  }
  log(`  rebuilding ${indexes.length} indexes, filling streams, vacuum analyze`);
  await Promise.all(indexes.map((definition) => pool.query(definition)));
  const streams = await pool.query(`
    INSERT INTO streams (stream_id, tenant, version, created_at, updated_at)
    SELECT stream_id, min(tenant), max(stream_version), min(recorded_at), max(recorded_at) FROM events GROUP BY stream_id
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`);
  // Every stream must read in version order in the catch-up order, or the data is not valid.
  const disordered = await pool.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM (
      SELECT stream_version - lag(stream_version) OVER (PARTITION BY stream_id ORDER BY transaction_id, global_position) AS step FROM events
    ) s WHERE step IS NOT NULL AND step <> 1`);
  if (disordered.rows[0].n > 0) throw new Error(`${disordered.rows[0].n} events are out of their stream's order: the load is invalid`);
  await pool.query('VACUUM (ANALYZE) events');
  await pool.query('VACUUM (ANALYZE) streams');
  const size = await pool.query<{ bytes: number }>(
    `SELECT avg(octet_length(data::text) + octet_length(metadata::text))::float AS bytes FROM (SELECT data, metadata FROM events TABLESAMPLE SYSTEM (1)) s`,
  );
  return { events: count, streams: streams.rowCount ?? 0, ms: Date.now() - started, avgEventBytes: Math.round(size.rows[0]?.bytes ?? 0) };
}

interface Batch {
  streamIds: string[];
  versions: number[];
  tenants: string[];
  types: string[];
  data: string[];
  metadata: string[];
  recordedAt: string[];
}

const newBatch = (): Batch => ({ streamIds: [], versions: [], tenants: [], types: [], data: [], metadata: [], recordedAt: [] });

function insertBatch(client: PoolClient, b: Batch): Promise<unknown> {
  return client.query({
    name: 'bench_load_events',
    text: `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])`,
    values: [b.streamIds, b.versions, b.tenants, b.types, b.data, b.metadata, b.recordedAt],
  });
}

/** Drops the events table's indexes other than its primary key and unique constraint; returns their definitions. */
async function dropSecondaryIndexes(pool: Pool): Promise<string[]> {
  const found = await pool.query<{ indexname: string; indexdef: string }>(`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename = 'events'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`);
  for (const index of found.rows) await pool.query(`DROP INDEX ${index.indexname}`);
  return found.rows.map((r) => r.indexdef);
}
