import type { BenchOptions } from './cli';
import { createBenchDatabase, openBenchDatabase, type BenchDatabase } from './db';
import { loadEvents, type LoadSummary } from './load';
import { eventCount, generateEvents, type SyntheticSpec } from './synthetic';

/**
 * The large dataset: 1,000 departments × 1,000 events (the office's plan for 2022–2024, about
 * 200 activities a year each with their corrections) = 1,000,000 events; --quick: 20 departments
 * (20,000 events).
 */
export function millionSpec(quick: boolean): SyntheticSpec {
  return { departments: quick ? 20 : 1000, years: [2022, 2023, 2024], eventsPerDepartment: 1000, seed: 20231231 };
}

export interface MillionDataset {
  db: BenchDatabase;
  spec: SyntheticSpec;
  events: number;
  /** Set when this call generated it (a database handed in is described by a query instead). */
  load: LoadSummary | null;
}

/** The orchestrator's shared database when given (--database), else a new one, generated now. */
export async function millionDataset(options: BenchOptions, log: (line: string) => void, poolSize = 20): Promise<MillionDataset> {
  const spec = millionSpec(options.quick);
  if (options.database) {
    const db = openBenchDatabase(options.database, poolSize);
    const found = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    return { db, spec, events: found.rows[0].n, load: null };
  }
  const db = await createBenchDatabase(options.quick ? 'events20k' : 'events1m', poolSize);
  try {
    const load = await generateMillion(db, spec, log);
    return { db, spec, events: load.events, load };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export async function generateMillion(db: BenchDatabase, spec: SyntheticSpec, log: (line: string) => void): Promise<LoadSummary> {
  log(`  generating ${eventCount(spec).toLocaleString('en-US')} events across ${spec.departments} departments into ${db.name}`);
  const load = await loadEvents(db.pool, generateEvents(spec), { log, batchSize: 2000 });
  log(
    `  loaded ${load.events.toLocaleString('en-US')} events (${load.streams.toLocaleString('en-US')} streams, ${load.avgEventBytes} bytes each on average) in ${(load.ms / 1000).toFixed(1)} s`,
  );
  return load;
}
