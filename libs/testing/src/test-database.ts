import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { databaseUrlOn, withAdminClient, createPool } from '@app/database';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_ENV = 'KEYWORK_TEST_TEMPLATE';

/** Refuses to touch any database whose name does not say it is for tests. */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name) || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`Refusing to use database "${name}": test databases must be named *test* (a-z, 0-9, _)`);
  }
}

export const databaseUrl = (name: string): string => databaseUrlOn(ADMIN_URL, name);

export const withAdmin = <T>(fn: (admin: Client) => Promise<T>): Promise<T> => withAdminClient(ADMIN_URL, fn);

export async function dropDatabase(name: string): Promise<void> {
  assertTestDatabaseName(name);
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, copied from the run's template. */
export async function createTestDatabase(poolSize = 20): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run integration tests through jest's global setup`);
  assertTestDatabaseName(template);
  const name = `keywork_test_${randomBytes(5).toString('hex')}`;
  assertTestDatabaseName(name);
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = databaseUrl(name);
  const pool = createPool(url, poolSize);
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      await dropDatabase(name);
    },
  };
}
