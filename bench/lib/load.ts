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
 * batches of INSERT … SELECT FROM unnest(…) on two connections with synchronous_commit off, the
 * secondary indexes dropped during the load and rebuilt after, then the streams table filled
 * from the events and everything vacuumed and analysed, as a long-running store would be.
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
  const clients = [await pool.connect(), await pool.connect()];
  let count = 0;
  try {
    for (const client of clients) await client.query('SET synchronous_commit = off');
    const inFlight: (Promise<unknown> | null)[] = [null, null];
    let turn = 0;
    let batch = newBatch();
    const flush = async () => {
      if (batch.streamIds.length === 0) return;
      const slot = turn++ % clients.length;
      await inFlight[slot];
      inFlight[slot] = insertBatch(clients[slot], batch);
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
          log(`  loaded ${count.toLocaleString('en-US')} events (${Math.round(count / ((Date.now() - started) / 1000)).toLocaleString('en-US')}/s)`);
          nextLog = Date.now() + 10_000;
        }
      }
    }
    await flush();
    await Promise.all(inFlight);
  } finally {
    clients.forEach((c) => c.release());
  }
  log(`  rebuilding ${indexes.length} indexes, filling streams, vacuum analyze`);
  await Promise.all(indexes.map((definition) => pool.query(definition)));
  const streams = await pool.query(`
    INSERT INTO streams (stream_id, tenant, version, created_at, updated_at)
    SELECT stream_id, min(tenant), max(stream_version), min(recorded_at), max(recorded_at) FROM events GROUP BY stream_id
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`);
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
