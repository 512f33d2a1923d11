/**
 * Event-store append: EventStore.append of one event per command with an expected version, by 1
 * and by 16 concurrent writers, against its baseline in the same run: the same row inserted with
 * a plain `pg` named prepared statement (no store logic), same concurrency, alternating.
 *
 *   npm run bench:append [-- --quick] [--runs N]
 */
import type { Pool } from 'pg';
import { createPool } from '@app/database';
import { EventStore } from '@app/event-store';
import type { NewEvent } from '@app/event-store';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { createBenchDatabase, type BenchDatabase } from './lib/db';
import { alternate, drive, type DriveResult } from './lib/drive';
import { Recorder, type BenchResult } from './lib/result';
import { seededRandom } from '@app/testing';
import { generateEvents } from './lib/synthetic';

const CONCURRENCY = [1, 16];
const STREAMS_PER_WRITER = 64;
const TENANT = 'bd0001';

interface Side {
  name: 'store' | 'baseline';
  concurrency: number;
  pool: Pool;
  run(durationMs: number): Promise<DriveResult>;
}

export async function appendBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('append', 'Event-store append (one event per command, expected version)', options.quick);
  const runs = runsOf(options, 5, 2);
  const durationMs = options.quick ? 1000 : 4000;
  rec.parameters.runs = runs;
  rec.parameters.secondsPerRun = durationMs / 1000;
  rec.parameters.streamsPerWriter = STREAMS_PER_WRITER;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`append: ${runs} runs of ${durationMs / 1000} s per side and concurrency, after a warm-up`);

  const db = await createBenchDatabase('append');
  const sides: Side[] = [];
  try {
    const payloads = samplePayloads(400);
    rec.parameters.avgPayloadBytes = Math.round(
      payloads.reduce((s, p) => s + Buffer.byteLength(JSON.stringify(p.data)) + Buffer.byteLength(JSON.stringify(p.metadata)), 0) /
        payloads.length,
    );
    const storeStreams = new Map<string, number>();
    let baselineRows = 0;

    for (const concurrency of CONCURRENCY) {
      // The store's own pool and streams (created with 'no-stream', like a first command).
      const storePool = createPool(db.url, concurrency);
      const store = new EventStore(storePool);
      const streams = await createStreams(store, concurrency, payloads, `s${concurrency}`);
      for (const ids of streams) for (const id of ids) storeStreams.set(id, 1);
      const versions = new Map<string, number>(streams.flat().map((id) => [id, 1]));
      const cursor = new Array(concurrency).fill(0);
      let n = 0;
      sides.push({
        name: 'store',
        concurrency,
        pool: storePool,
        run: (ms) =>
          drive(concurrency, ms, async (w) => {
            const streamId = streams[w][cursor[w]++ % STREAMS_PER_WRITER];
            const expected = versions.get(streamId)!;
            const payload = payloads[n++ % payloads.length];
            await store.append(streamId, [payload], { tenant: TENANT, expected });
            versions.set(streamId, expected + 1);
            storeStreams.set(streamId, expected + 1);
          }),
      });

      // Baseline: the same row, one INSERT, its own streams (versions counted by the caller, unchecked).
      const basePool = createPool(db.url, concurrency);
      const baseStreams = Array.from({ length: concurrency }, (_, w) =>
        Array.from({ length: STREAMS_PER_WRITER }, (_, k) => `activity-baseline-${concurrency}-${w}-${k}`),
      );
      const baseVersions = new Map<string, number>();
      const baseCursor = new Array(concurrency).fill(0);
      let m = 0;
      sides.push({
        name: 'baseline',
        concurrency,
        pool: basePool,
        run: (ms) =>
          drive(concurrency, ms, async (w) => {
            const streamId = baseStreams[w][baseCursor[w]++ % STREAMS_PER_WRITER];
            const version = (baseVersions.get(streamId) ?? 0) + 1;
            const payload = payloads[m++ % payloads.length];
            await basePool.query({
              name: 'bench_baseline_insert',
              text: `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
              values: [streamId, version, TENANT, payload.type, JSON.stringify(payload.data), JSON.stringify(payload.metadata), new Date()],
            });
            baseVersions.set(streamId, version);
            baselineRows++;
          }),
      });
      rec.metric(
        `store${concurrency}`,
        `EventStore.append, ${concurrency} writer${concurrency > 1 ? 's' : ''}`,
        'appends/s',
        'higher',
        `baseline${concurrency}`,
      );
      rec.metric(`baseline${concurrency}`, `plain INSERT, ${concurrency} writer${concurrency > 1 ? 's' : ''}`, 'rows/s', 'higher');
      rec.metric(
        `storeP99_${concurrency}`,
        `EventStore.append p99 latency, ${concurrency} writer${concurrency > 1 ? 's' : ''}`,
        'ms',
        'lower',
        `baselineP99_${concurrency}`,
      );
      rec.metric(
        `baselineP99_${concurrency}`,
        `plain INSERT p99 latency, ${concurrency} writer${concurrency > 1 ? 's' : ''}`,
        'ms',
        'lower',
      );
    }
    rec.target('≥ 0.6× the baseline at 16 writers', 'store16', 'ratio', '>=', 0.6);
    rec.target('≥ 4,000 appends/s at 16 writers', 'store16', 'value', '>=', 4000);

    let errors = 0;
    for (let round = -1; round < runs; round++) {
      const warmUp = round < 0;
      for (const concurrency of CONCURRENCY) {
        const pair = sides.filter((s) => s.concurrency === concurrency);
        for (const side of alternate(Math.max(0, round), pair[0], pair[1])) {
          const result = await side.run(warmUp ? Math.min(durationMs, 1500) : durationMs);
          errors += result.errors;
          if (result.firstError) log(`  ${side.name} ${concurrency}: ${String(result.firstError)}`);
          if (warmUp) continue;
          rec.add(`${side.name}${concurrency}`, result.perSecond);
          rec.add(`${side.name === 'store' ? 'storeP99' : 'baselineP99'}_${concurrency}`, result.p99Ms);
          log(
            `  round ${round + 1} ${side.name.padEnd(8)} ×${String(concurrency).padEnd(2)} ${Math.round(result.perSecond)}/s p99 ${result.p99Ms.toFixed(1)} ms`,
          );
        }
      }
    }

    await checkStreams(rec, db, storeStreams, baselineRows, errors);
    return rec.result();
  } finally {
    await Promise.all(sides.map((s) => s.pool.end().catch(() => undefined)));
    await db.close();
  }
}

/** Realistic event payloads (recorded and amended activities of the synthetic generator). */
function samplePayloads(count: number): NewEvent[] {
  const payloads: NewEvent[] = [];
  for (const event of generateEvents({ departments: 1, years: [2023], activitiesPerDepartmentYear: count })) {
    if (!event.type.startsWith('activity.')) continue;
    payloads.push({ type: event.type, data: event.data, metadata: event.metadata });
    if (payloads.length >= count) break;
  }
  return payloads;
}

async function createStreams(store: EventStore, writers: number, payloads: NewEvent[], tag: string): Promise<string[][]> {
  const random = seededRandom(writers);
  const uuid = () => `${tag}-${Math.floor(random() * 2 ** 48).toString(16)}`;
  const streams = Array.from({ length: writers }, () => Array.from({ length: STREAMS_PER_WRITER }, () => `activity-${uuid()}`));
  // Each writer creates its streams, the writers at once.
  await Promise.all(
    streams.map(async (ids, w) => {
      for (const [k, id] of ids.entries())
        await store.append(id, [payloads[(w + k) % payloads.length]], { tenant: TENANT, expected: 'no-stream' });
    }),
  );
  return streams;
}

async function checkStreams(
  rec: Recorder,
  db: BenchDatabase,
  expected: Map<string, number>,
  baselineRows: number,
  errors: number,
): Promise<void> {
  rec.check('no append failed (no version conflict, no error)', errors === 0, `${errors} errors`);
  const found = await db.pool.query<{ stream_id: string; version: number; events: number; top: number }>(
    `SELECT s.stream_id, s.version::int, count(e.*)::int AS events, max(e.stream_version)::int AS top
     FROM streams s JOIN events e USING (stream_id) WHERE s.stream_id = ANY($1::text[]) GROUP BY s.stream_id, s.version`,
    [[...expected.keys()]],
  );
  const wrong = found.rows.filter((r) => r.version !== expected.get(r.stream_id) || r.events !== r.version || r.top !== r.version);
  rec.check(
    "every store stream holds exactly the appends made, versions 1…n without gaps, the stream's version matching",
    found.rows.length === expected.size && wrong.length === 0,
    `${expected.size} streams, ${[...expected.values()].reduce((s, v) => s + v, 0)} events; ${wrong.length} wrong`,
  );
  const rows = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'activity-baseline-%'`);
  rec.check('the baseline stored every row it counted', rows.rows[0].n === baselineRows, `${rows.rows[0].n} rows`);
}

if (require.main === module) runStandalone('append', appendBenchmark);
