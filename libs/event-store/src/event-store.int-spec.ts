import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase, seededRandom, withSeed } from '@app/testing';
import { VersionConflictError } from './errors';
import { checkpointOf, EventStore } from './event-store';
import { inTransaction, rollback } from './sql';
import { START, type StoredEvent } from './types';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(40);
  store = new EventStore(db.pool);
});
afterAll(async () => db.drop());

const event = (n: number) => ({ type: 'thing.happened.v1', data: { n }, metadata: { actor: 'test' } });
const opts = (expected: Parameters<EventStore['append']>[2]['expected'], commandId?: string) => ({ tenant: 't1', expected, commandId });

describe('EventStore.append', () => {
  it('creates a stream with no-stream and refuses a second no-stream append', async () => {
    const first = await store.append('s-new', [event(1), event(2)], opts('no-stream'));
    expect(first.version).toBe(2);
    await expect(store.append('s-new', [event(3)], opts('no-stream'))).rejects.toMatchObject({
      code: 'STREAM.VERSION_CONFLICT',
      actual: 2,
    });
  });

  it('enforces an exact expected version and reports the current one', async () => {
    await store.append('s-exact', [event(1)], opts('no-stream'));
    await store.append('s-exact', [event(2)], opts(1));
    const error = await store.append('s-exact', [event(3)], opts(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).actual).toBe(2);
  });

  it('appends to an existing stream with stream-exists and refuses a missing one', async () => {
    await expect(store.append('s-missing', [event(1)], opts('stream-exists'))).rejects.toBeInstanceOf(VersionConflictError);
    await store.append('s-exists', [event(1)], opts('any'));
    const result = await store.append('s-exists', [event(2)], opts('stream-exists'));
    expect(result.version).toBe(2);
  });

  it('lets exactly one of many concurrent writers win the same expected version', async () => {
    await store.append('s-race', [event(0)], opts('no-stream'));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.append('s-race', [event(i)], opts(1))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(losers).toHaveLength(19);
    for (const loser of losers) expect(loser.reason).toBeInstanceOf(VersionConflictError);
    const stream = await store.readStream('s-race');
    expect(stream.map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('returns the first result for a repeated command id and appends nothing', async () => {
    const first = await store.append('s-idem', [event(1)], opts('any', 'cmd-1'));
    const again = await store.append('s-idem', [event(1)], opts('any', 'cmd-1'));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream('s-idem')).toHaveLength(1);
    expect(await store.findCommandResult('cmd-1')).toEqual({ ...first, duplicate: true });
  });

  it('processes a command id once even when sent concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => store.append('s-idem-race', [event(1)], opts('any', 'cmd-race'))));
    expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await store.readStream('s-idem-race')).toHaveLength(1);
  });

  it('returns the first result, not a conflict, when a repeated command meets the version it moved', async () => {
    await store.append('s-idem-exact', [event(1)], opts('no-stream'));
    const first = await store.append('s-idem-exact', [event(2)], opts(1, 'cmd-exact'));
    const again = await store.append('s-idem-exact', [event(2)], opts(1, 'cmd-exact'));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream('s-idem-exact')).toHaveLength(2);
  });

  it('processes a command id once when concurrent copies create different streams', async () => {
    // A retried "record" decides a new id each time: the copies race on the command, not the stream.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.append(`s-idem-new-${i}`, [event(i)], opts('no-stream', 'cmd-new-streams'))),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.streamId)).size).toBe(1);
    const stored = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 's-idem-new-%'`);
    expect(stored.rows[0].n).toBe(1);
    const streams = await db.pool.query(`SELECT count(*)::int AS n FROM streams WHERE stream_id LIKE 's-idem-new-%'`);
    expect(streams.rows[0].n).toBe(1);
  });

  it('stores metadata, the command id, the recorded time and the transaction id with each event', async () => {
    const at = new Date('2023-06-30T08:00:00Z');
    await store.append('s-meta', [event(1)], { tenant: 't9', expected: 'no-stream', commandId: 'cmd-meta', recordedAt: at });
    const [stored] = await store.readStream('s-meta');
    expect(stored).toMatchObject({
      streamId: 's-meta',
      streamVersion: 1,
      tenant: 't9',
      type: 'thing.happened.v1',
      data: { n: 1 },
      metadata: { actor: 'test', commandId: 'cmd-meta' },
      recordedAt: at,
    });
    expect(BigInt(stored.transactionId)).toBeGreaterThan(0n);
    expect(stored.globalPosition).toBeGreaterThan(0);
  });
});

describe("EventStore.append in a caller's transaction", () => {
  const count = async (streamPattern: string) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1`, [streamPattern])).rows[0].n;

  it('is written by the commit, with the other writes of the transaction, and not before', async () => {
    const result = await inTransaction(db.pool, async (client) => {
      const appended = await store.append('tx-commit', [event(1), event(2)], opts('no-stream', 'cmd-tx-commit'), client);
      expect(await count('tx-commit')).toBe(0); // not visible outside before the commit
      expect(await store.readStream('tx-commit', { db: client })).toHaveLength(2);
      await store.append('tx-commit-b', [event(3)], opts('no-stream'), client);
      return appended;
    });
    expect(result).toMatchObject({ streamId: 'tx-commit', version: 2, duplicate: false });
    expect(await count('tx-commit%')).toBe(3);
    expect(await store.findCommandResult('cmd-tx-commit')).toEqual({ ...result, duplicate: true });
  });

  it('leaves nothing, the command included, when the caller rolls back', async () => {
    await inTransaction(db.pool, async (client) => {
      await store.append('tx-rollback', [event(1)], opts('no-stream', 'cmd-tx-rollback'), client);
      return rollback(undefined);
    });
    expect(await count('tx-rollback')).toBe(0);
    expect(await store.currentVersion('tx-rollback')).toBeNull();
    expect(await store.findCommandResult('cmd-tx-rollback')).toBeNull();
    // The command was never processed: it can run now.
    expect(await store.append('tx-rollback', [event(1)], opts('no-stream', 'cmd-tx-rollback'))).toMatchObject({ duplicate: false });
  });

  it('returns the first result of a repeated command id and the transaction goes on and commits', async () => {
    const first = await store.append('tx-repeat', [event(1)], opts('any', 'cmd-tx-repeat'));
    const inside = await inTransaction(db.pool, async (client) => {
      // Each claim kind: a retry that decided a new stream, the same stream (any, exact, exists).
      const repeats = [
        await store.append('tx-repeat-new', [event(1)], opts('no-stream', 'cmd-tx-repeat'), client),
        await store.append('tx-repeat', [event(1)], opts('any', 'cmd-tx-repeat'), client),
        await store.append('tx-repeat', [event(1)], opts(0, 'cmd-tx-repeat'), client),
        await store.append('tx-repeat', [event(1)], opts(1, 'cmd-tx-repeat'), client),
        await store.append('tx-repeat', [event(1)], opts('stream-exists', 'cmd-tx-repeat'), client),
      ];
      // Still a usable transaction: these are written by its commit.
      const other = await store.append('tx-repeat-other', [event(2)], opts('no-stream', 'cmd-tx-repeat-other'), client);
      const again = await store.append('tx-repeat-other', [event(2)], opts('no-stream', 'cmd-tx-repeat-other'), client);
      return { repeats, other, again };
    });
    for (const repeat of inside.repeats) expect(repeat).toEqual({ ...first, duplicate: true });
    // Repeated inside the same transaction: the first result of this transaction.
    expect(inside.again).toEqual({ ...inside.other, duplicate: true });
    expect(await count('tx-repeat')).toBe(1);
    expect(await count('tx-repeat-new')).toBe(0);
    expect(await count('tx-repeat-other')).toBe(1);
    expect(await store.currentVersion('tx-repeat')).toBe(1);
  });

  it('throws a version conflict without aborting the transaction', async () => {
    await store.append('tx-conflict', [event(1)], opts('no-stream'));
    await inTransaction(db.pool, async (client) => {
      await expect(store.append('tx-conflict', [event(2)], opts('no-stream'), client)).rejects.toMatchObject({
        code: 'STREAM.VERSION_CONFLICT',
        actual: 1,
      });
      await store.append('tx-conflict', [event(2)], opts(1), client);
    });
    expect(await store.currentVersion('tx-conflict')).toBe(2);
  });

  it('does not send the commit hint (the events are not committed yet)', async () => {
    let hints = 0;
    const stop = store.onCommit(() => hints++);
    try {
      await inTransaction(db.pool, (client) => store.append('tx-hint', [event(1)], opts('no-stream'), client));
      expect(hints).toBe(0);
      await store.append('tx-hint', [event(2)], opts(1));
      expect(hints).toBe(1);
    } finally {
      stop();
    }
  });
});

describe('EventStore.readStream', () => {
  it('reads a stream up to a version', async () => {
    await store.append('s-read', [event(1), event(2), event(3)], opts('no-stream'));
    const upTo2 = await store.readStream<{ n: number }>('s-read', { toVersion: 2 });
    expect(upTo2.map((e) => e.data.n)).toEqual([1, 2]);
  });
});

describe('EventStore.readAll order', () => {
  it('orders transaction ids as numbers, not as text (999 before 1000)', async () => {
    // Regression: a text alias named like the column made ORDER BY sort '1000' before '999'.
    await db.pool.query(
      `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at, transaction_id)
       VALUES ('order-a', 1, 'order', 't.v1', '{}', '{}', now(), '1000'), ('order-b', 1, 'order', 't.v1', '{}', '{}', now(), '999')`,
    );
    const read = await store.readAll({ tenant: 'order', limit: 10 });
    expect(read.map((e) => e.transactionId)).toEqual(['999', '1000']);
    const afterFirst = await store.readAll({ tenant: 'order', after: checkpointOf(read[0]), limit: 10 });
    expect(afterFirst.map((e) => e.streamId)).toEqual(['order-a']);
  });
});

describe('EventStore.readAll with transactions committing out of order', () => {
  it('ends with exactly the committed set, in a stable order, without gaps or repeats', () =>
    withSeed(async (_, seed) => {
      const writers = 12;
      const transactionsPerWriter = 25;
      const seen: StoredEvent[] = [];
      let writing = true;

      let expectedTotal = Number.POSITIVE_INFINITY;
      const reader = (async () => {
        let after = START;
        const deadline = () => !writing && Date.now() > finishedAt + 15_000;
        // Runs until it has seen everything committed. An open transaction anywhere on the server
        // (xmin is cluster-wide) may delay when the last events become readable, never lose them.
        while (seen.filter((e) => e.tenant === 'race').length < expectedTotal && !deadline()) {
          const batch = await store.readAll({ after, limit: 37 });
          seen.push(...batch);
          if (batch.length > 0) after = checkpointOf(batch[batch.length - 1]);
          else await sleep(2);
        }
      })();
      let finishedAt = Number.POSITIVE_INFINITY;

      let rolledBack = 0;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          // One sequence per writer, so a seed replays each writer's choices whatever the interleaving.
          const random = seededRandom(seed + w);
          for (let t = 0; t < transactionsPerWriter; t++) {
            await inTransaction(db.pool, async (client) => {
              await store.append(`race-${w}-${t % 5}`, [event(t), event(t + 1000)], { tenant: 'race', expected: 'any' }, client);
              // Hold some transactions open so later sequence values commit first.
              if (random() < 0.4) await sleep(random() * 40);
              if (random() < 0.2) {
                rolledBack++;
                return rollback(undefined);
              }
            });
          }
        }),
      );
      const committed = await db.pool.query<{ global_position: number }>(
        `SELECT global_position FROM events WHERE tenant = 'race' ORDER BY transaction_id, global_position`,
      );
      expectedTotal = committed.rows.length;
      finishedAt = Date.now();
      writing = false;
      await reader;

      const seenRace = seen.filter((e) => e.tenant === 'race').map((e) => e.globalPosition);
      expect(rolledBack).toBeGreaterThan(0);
      expect(new Set(seenRace).size).toBe(seenRace.length);
      expect(seenRace).toEqual(committed.rows.map((r) => r.global_position));
      expect(seenRace.length).toBe((writers * transactionsPerWriter - rolledBack) * 2);
    }));
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
