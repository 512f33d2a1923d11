import { randomBytes } from 'node:crypto';
import type { Client, Pool } from 'pg';
import { databaseUrlOn, isProcessAlive, withAdminClient, createPool, migrate } from '@app/database';

/** Where the bench connects to create and drop its databases (same default as the tests). */
export const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Refuses any database whose name does not start with `bench` (the bench creates, fills and drops them). */
export function assertBenchDatabaseName(name: string): void {
  if (!/^bench_[a-z0-9_]+$/.test(name)) {
    throw new Error(`Refusing to use database "${name}": bench databases are named bench_* (a-z, 0-9, _)`);
  }
}

export const databaseUrl = (name: string): string => databaseUrlOn(ADMIN_URL, name);

export const withAdmin = <T>(fn: (admin: Client) => Promise<T>): Promise<T> => withAdminClient(ADMIN_URL, fn);

export interface BenchDatabase {
  name: string;
  url: string;
  pool: Pool;
  /** Ends the pool and drops the database, unless it was handed in (`keep`). */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database `bench_<label>_<pid>_<random>`. The pid in the name lets a later run
 * drop what an interrupted run left behind.
 */
export async function createBenchDatabase(label: string, poolSize = 20): Promise<BenchDatabase> {
  await dropStaleBenchDatabases();
  const name = `bench_${label.replace(/[^a-z0-9]+/g, '_')}_${process.pid}_${randomBytes(3).toString('hex')}`;
  assertBenchDatabaseName(name);
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  try {
    await migrate(databaseUrl(name));
  } catch (error) {
    await dropBenchDatabase(name);
    throw error;
  }
  return openBenchDatabase(name, poolSize, false);
}

/** An existing bench database (e.g. the orchestrator's shared million-event one), kept on close unless `owned`. */
export function openBenchDatabase(name: string, poolSize = 20, keep = true): BenchDatabase {
  assertBenchDatabaseName(name);
  const url = databaseUrl(name);
  const pool = createPool(url, poolSize);
  return {
    name,
    url,
    pool,
    async close() {
      await pool.end().catch(() => undefined);
      if (!keep) await dropBenchDatabase(name);
    },
  };
}

export async function dropBenchDatabase(name: string): Promise<void> {
  assertBenchDatabaseName(name);
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Drops bench databases whose creating process is gone (an interrupted run). */
export async function dropStaleBenchDatabases(): Promise<string[]> {
  return withAdmin(async (admin) => {
    const found = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%'`);
    const dropped: string[] = [];
    for (const { datname } of found.rows) {
      const pid = Number(/_(\d+)_[0-9a-f]{6}$/.exec(datname)?.[1]);
      if (!pid || isProcessAlive(pid)) continue;
      assertBenchDatabaseName(datname);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  });
}
