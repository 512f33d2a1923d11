import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { inBatchTransaction, LOCK_CLASS, type HeldCheckpoint } from './batch-transaction';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(4);
  await db.pool.query('CREATE TABLE test_batch_rows (n int PRIMARY KEY)');
  await db.pool.query(`INSERT INTO projection_checkpoints (name, version) VALUES ('batch-test', 1)`);
});
afterAll(async () => db.drop());

const checkpoint = async () =>
  (
    await db.pool.query<{ tx: string; position: number }>(
      `SELECT last_transaction_id::text AS tx, last_position AS position FROM projection_checkpoints WHERE name = 'batch-test'`,
    )
  ).rows[0];
const rows = async () => (await db.pool.query<{ n: number }>('SELECT n FROM test_batch_rows ORDER BY n')).rows.map((r) => r.n);

describe('inBatchTransaction', () => {
  it('commits the writes and the advanced checkpoint together, after the statements of the open and the close', async () => {
    const before = await checkpoint();
    const held = await inBatchTransaction(db.pool, 'batch-test', async (client, held) => {
      await client.query('INSERT INTO test_batch_rows VALUES (1)');
      const settings = await client.query<{ sc: string; pc: string; jit: string }>(
        `SELECT current_setting('synchronous_commit') AS sc, current_setting('plan_cache_mode') AS pc, current_setting('jit') AS jit`,
      );
      expect(settings.rows[0]).toEqual({ sc: 'off', pc: 'force_custom_plan', jit: 'off' });
      if (held.kind !== 'held') throw new Error(held.kind);
      return { value: held, advance: { from: held.checkpoint, to: { transactionId: '42', position: 7 }, recordedAt: new Date(0) } };
    });
    expect(held).toEqual({ kind: 'held', status: 'running', checkpoint: { transactionId: before.tx, position: before.position } });
    expect(await rows()).toEqual([1]);
    expect(await checkpoint()).toEqual({ tx: '42', position: 7 });
  });

  it('rolls the writes back when the checkpoint is not where the batch found it', async () => {
    await expect(
      inBatchTransaction(db.pool, 'batch-test', async (client) => {
        await client.query('INSERT INTO test_batch_rows VALUES (2)');
        return {
          value: null,
          advance: { from: { transactionId: '41', position: 7 }, to: { transactionId: '43', position: 1 }, recordedAt: new Date(0) },
        };
      }),
    ).rejects.toThrow(/checkpoint of batch-test moved under the runner/);
    expect(await rows()).toEqual([1]);
    expect(await checkpoint()).toEqual({ tx: '42', position: 7 });
  });

  it('rolls back when there is nothing to advance, and reports the lock held elsewhere or an unknown projection', async () => {
    await inBatchTransaction(db.pool, 'batch-test', async (client) => {
      await client.query('INSERT INTO test_batch_rows VALUES (3)');
      return { value: null, advance: null };
    });
    expect(await rows()).toEqual([1]);

    const other = await db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, 'batch-test']);
      const seen = await inBatchTransaction<HeldCheckpoint>(db.pool, 'batch-test', async (_, held) => ({ value: held, advance: null }));
      expect(seen).toEqual({ kind: 'locked' });
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }
    const unknown = await inBatchTransaction<HeldCheckpoint>(db.pool, "no-such-projection's", async (_, held) => ({
      value: held,
      advance: null,
    }));
    expect(unknown).toEqual({ kind: 'unregistered' });
  });

  it('two batches at once: one applies, the other finds the lock held or the checkpoint the first committed, never a stale one', async () => {
    // The lock and the checkpoint read are separate statements of one round trip: a batch that
    // takes the lock right after another committed sees that one's checkpoint.
    for (let i = 0; i < 20; i++) {
      const results = await Promise.allSettled(
        [0, 1].map(() =>
          inBatchTransaction(db.pool, 'batch-test', async (_, held) => {
            if (held.kind !== 'held') return { value: held.kind, advance: null };
            const to = { transactionId: String(Number(held.checkpoint.transactionId) + 1), position: 7 };
            return { value: 'applied', advance: { from: held.checkpoint, to, recordedAt: new Date(0) } };
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
  });
});
