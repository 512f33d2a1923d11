import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { inTransaction, rollback } from './sql';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(4);
  await db.pool.query('CREATE TABLE test_tx (n int PRIMARY KEY)');
});
afterAll(async () => db.drop());

const stored = async () => (await db.pool.query<{ n: number }>('SELECT n FROM test_tx ORDER BY n')).rows.map((r) => r.n);
const setting = async (client: { query: typeof db.pool.query }, name: string) =>
  (await client.query<{ value: string }>(`SELECT current_setting($1) AS value`, [name])).rows[0].value;

describe('inTransaction', () => {
  it('commits what fn wrote and returns its value', async () => {
    expect(await inTransaction(db.pool, async (client) => (await client.query('INSERT INTO test_tx VALUES (1), (2)')).rowCount)).toBe(2);
    expect(await stored()).toEqual([1, 2]);
  });

  it('rolls back when fn throws, and throws that error', async () => {
    const failure = new Error('changed my mind');
    await expect(
      inTransaction(db.pool, async (client) => {
        await client.query('INSERT INTO test_tx VALUES (3)');
        throw failure;
      }),
    ).rejects.toBe(failure);
    // A statement that failed (the transaction aborted) rolls back the same way.
    await expect(inTransaction(db.pool, (client) => client.query('INSERT INTO test_tx VALUES (1)'))).rejects.toMatchObject({
      code: '23505',
    });
    expect(await stored()).toEqual([1, 2]);
  });

  it('rolls back when fn returns rollback(value), and returns the value', async () => {
    const value = await inTransaction(db.pool, async (client) => {
      await client.query('INSERT INTO test_tx VALUES (4)');
      return rollback({ kind: 'nothing to keep' });
    });
    expect(value).toEqual({ kind: 'nothing to keep' });
    expect(await stored()).toEqual([1, 2]);
  });

  it('begins with the isolation level, read-only mode and asynchronous commit asked for', async () => {
    const modes = (options: Parameters<typeof inTransaction>[2]) =>
      inTransaction(
        db.pool,
        async (client) => [
          await setting(client, 'transaction_isolation'),
          await setting(client, 'transaction_read_only'),
          await setting(client, 'synchronous_commit'),
          await setting(client, 'plan_cache_mode'),
        ],
        options,
      );
    expect(await modes({})).toEqual(['read committed', 'off', 'on', 'auto']);
    expect(await modes({ isolation: 'REPEATABLE READ', readOnly: true })).toEqual(['repeatable read', 'on', 'on', 'auto']);
    expect(await modes({ isolation: 'SERIALIZABLE', synchronousCommitOff: true })).toEqual(['serializable', 'off', 'off', 'auto']);
    expect(await modes({ customPlans: true })).toEqual(['read committed', 'off', 'on', 'force_custom_plan']);
    // SET LOCAL ends with the transaction: the pooled connection is back to the default.
    expect(await setting(db.pool, 'synchronous_commit')).toBe('on');
    expect(await setting(db.pool, 'plan_cache_mode')).toBe('auto');
    await expect(
      inTransaction(db.pool, (client) => client.query('INSERT INTO test_tx VALUES (5)'), { readOnly: true }),
    ).rejects.toMatchObject({
      code: '25006',
    });
    await expect(inTransaction(db.pool, async () => 1, { isolation: 'READ UNCOMMITTED; DROP TABLE test_tx' as never })).rejects.toThrow(
      RangeError,
    );
    expect(await stored()).toEqual([1, 2]);
  });

  it('returns every client to the pool', async () => {
    await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(db.pool, async (client) => {
          await client.query('SELECT 1');
          if (i % 3 === 0) throw new Error('fails');
          return i % 3 === 1 ? rollback(i) : i;
        }),
      ),
    );
    expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
  });
});
