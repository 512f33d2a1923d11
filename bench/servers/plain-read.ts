/**
 * The catch-up benchmark's baseline: one plain SELECT of the settled events in the catch-up order
 * (transaction id, position), streamed through a cursor in batches of 1000 with the same columns
 * and the same row parsing (jsonb to objects) as EventStore.readAll, and nothing else: the cost of
 * reading the events alone.
 */
import { Client } from 'pg';
import '@app/database';
import { tell } from './profile';

async function main(): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const started = performance.now();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query(`DECLARE events_in_order NO SCROLL CURSOR FOR
    SELECT global_position, stream_id, stream_version, tenant, type, data, metadata, recorded_at, transaction_id::text AS txid
    FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY transaction_id, global_position`);
  let rows = 0;
  let last: [bigint, number] = [-1n, -1];
  let ordered = true;
  let bytes = 0;
  for (;;) {
    const batch = await client.query<{ global_position: number; txid: string; data: unknown }>({ text: 'FETCH 1000 FROM events_in_order' });
    if (batch.rows.length === 0) break;
    for (const row of batch.rows) {
      const key: [bigint, number] = [BigInt(row.txid), row.global_position];
      if (key[0] < last[0] || (key[0] === last[0] && key[1] <= last[1])) ordered = false;
      last = key;
      if (rows % 1000 === 0) bytes += JSON.stringify(row.data).length;
    }
    rows += batch.rows.length;
  }
  await client.query('COMMIT');
  const elapsedMs = performance.now() - started;
  await client.end();
  const result = { elapsedMs, rows, ordered, maxRssMB: process.resourceUsage().maxRSS / 1024, sampledDataChars: bytes };
  await new Promise<void>((resolve) => tell({ ready: true, result }, resolve));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
