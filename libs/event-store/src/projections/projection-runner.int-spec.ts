import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase, seededRandom, withSeed } from '@app/testing';
import { EventStore } from '../event-store';
import { inTransaction, rollback } from '../sql';
import { compareCheckpoints, START, type Checkpoint, type NewEvent } from '../types';
import { documentProjection } from './document-projection';
import type { Projection } from './projection';
import { ProjectionRunner, readProjectionStatus, type ProjectionStatus } from './projection-runner';
import { waitForProjections } from './wait-for-projections';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(20);
  store = new EventStore(db.pool);
});
afterAll(async () => db.drop());

describe('two ProjectionRunners on one database', () => {
  it('count every event exactly once while writers commit out of order', async () => {
    await db.pool.query('CREATE TABLE test_prefix_counts (key text PRIMARY KEY, doc jsonb NOT NULL)');
    /** Events per stream prefix ('p0'…'p3'): hot keys that every batch of both runners touches. */
    const counting = documentProjection<{ count: number }>({
      name: 'test-prefix-counts',
      version: 1,
      table: 'test_prefix_counts',
      keysOf: (event) => (event.tenant === 'counting' ? [event.streamId.split('-')[0]] : []),
      evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
    });
    const applied = [0, 0];
    const runners = applied.map((_, i) => {
      const observed: Projection = {
        ...counting,
        apply: async (events, tx) => {
          applied[i] += events.filter((e) => e.tenant === 'counting').length;
          await counting.apply(events, tx);
        },
      };
      return new ProjectionRunner(db.pool, store, [observed], { batchSize: 25, pollIntervalMs: 5 });
    });
    await Promise.all(runners.map((runner) => runner.prepare()));
    runners.forEach((runner) => runner.start());

    const writers = 8;
    const transactionsPerWriter = 40;
    let rolledBack = 0;
    try {
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let t = 0; t < transactionsPerWriter; t++) {
            const events = Array.from({ length: 1 + (t % 3) }, (_, n) => numbered(t * 10 + n));
            const streamId = `p${(w + t) % 4}-w${w}-s${t % 5}`;
            if (t % 4 === 0) {
              await store.append(streamId, events, { tenant: 'counting', expected: 'any' });
              continue;
            }
            await inTransaction(db.pool, async (client) => {
              await store.append(streamId, events, { tenant: 'counting', expected: 'any' }, client);
              // Held open so transactions with later positions commit first.
              if (t % 3 === 1) await sleep(5 + ((w * 7 + t) % 20));
              if ((w + t) % 7 === 3) {
                rolledBack++;
                return rollback(undefined);
              }
            });
          }
        }),
      );
      await waitForProjections(db.pool, store, { names: ['test-prefix-counts'], timeoutMs: 20_000 });
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }

    const truth = await db.pool.query<{ key: string; count: number }>(
      `SELECT split_part(stream_id, '-', 1) AS key, count(*)::int AS count FROM events
       WHERE tenant = 'counting' GROUP BY 1 ORDER BY 1`,
    );
    const projected = await db.pool.query<{ key: string; count: number }>(
      `SELECT key, (doc->>'count')::int AS count FROM test_prefix_counts ORDER BY key`,
    );
    const total = truth.rows.reduce((sum, r) => sum + r.count, 0);
    expect(rolledBack).toBeGreaterThan(0);
    expect(truth.rows.map((r) => r.key)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(projected.rows).toEqual(truth.rows);
    // Every batch either runner applied was committed: no event went through apply twice.
    expect(applied[0] + applied[1]).toBe(total);
    expect(Math.min(...applied)).toBeGreaterThan(0); // both runners did take turns
    expect((await statusOf('test-prefix-counts')).eventsBehind).toBe(0);
  }, 30_000);
});

describe('a projection whose evolve throws', () => {
  const numbersProjection = (poisoned: boolean) =>
    documentProjection<{ ns: number[] }>({
      name: 'test-numbers',
      version: 1,
      table: 'test_numbers',
      keysOf: (event) => (event.tenant === 'poison' ? [event.streamId] : []),
      evolve: (doc, event) => {
        const { n } = event.data as { n: number };
        if (poisoned && n === 7) throw new Error('cannot digest n=7');
        return { ns: [...(doc?.ns ?? []), n] };
      },
    });
  const bystander = documentProjection<{ count: number }>({
    name: 'test-bystander',
    version: 1,
    table: 'test_bystander',
    keysOf: (event) => (event.tenant === 'poison' ? ['all'] : []),
    evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
  });
  const numbers = async () =>
    Object.fromEntries(
      (await db.pool.query<{ key: string; ns: number[] }>(`SELECT key, doc->'ns' AS ns FROM test_numbers ORDER BY key`)).rows.map((r) => [
        r.key,
        r.ns,
      ]),
    );

  it('stops at that event with the events before it applied; others go on; a fix continues without loss', async () => {
    await db.pool.query('CREATE TABLE test_numbers (key text PRIMARY KEY, doc jsonb NOT NULL)');
    await db.pool.query('CREATE TABLE test_bystander (key text PRIMARY KEY, doc jsonb NOT NULL)');
    const runner = new ProjectionRunner(db.pool, store, [numbersProjection(true), bystander], { batchSize: 100, pollIntervalMs: 5 });
    await runner.prepare();
    await drain(runner); // past the other tests' events: the next append is read as one batch

    await store.append('numbers-a', range(0, 10).map(numbered), { tenant: 'poison', expected: 'no-stream' });
    const stored = await store.readStream<{ n: number }>('numbers-a');
    const positionOf = (n: number) => stored.find((e) => e.data.n === n)!.globalPosition;

    runner.start();
    try {
      await until(async () => (await statusOf('test-numbers')).status === 'failed');
      await waitForProjections(db.pool, store, { names: ['test-bystander'], timeoutMs: 10_000 });
      const failed = await statusOf('test-numbers');
      expect(failed).toMatchObject({ status: 'failed', errorPosition: positionOf(7) });
      expect(failed.checkpoint.position).toBe(positionOf(6));
      expect(failed.error).toContain('test.numbered.v1');
      expect(failed.error).toContain('cannot digest n=7');
      expect(await numbers()).toEqual({ 'numbers-a': range(0, 7) });

      // Later events reach the other projection; the stopped one stays where it was.
      await store.append('numbers-a', range(10, 15).map(numbered), { tenant: 'poison', expected: 10 });
      await store.append('numbers-b', [numbered(100), numbered(101)], { tenant: 'poison', expected: 'no-stream' });
      await waitForProjections(db.pool, store, { names: ['test-bystander'], timeoutMs: 10_000 });
      const count = await db.pool.query<{ count: number }>(`SELECT (doc->>'count')::int AS count FROM test_bystander`);
      expect(count.rows).toEqual([{ count: 17 }]);
      expect(await statusOf('test-numbers')).toMatchObject({
        status: 'failed',
        errorPosition: positionOf(7),
        checkpoint: failed.checkpoint,
      });
      expect(await numbers()).toEqual({ 'numbers-a': range(0, 7) });
    } finally {
      await runner.stop();
    }

    // Clearing the failure without a fix: the same event stops it again, nothing applied twice.
    const unfixed = new ProjectionRunner(db.pool, store, [numbersProjection(true)], { batchSize: 100 });
    await unfixed.clearFailures();
    expect(await unfixed.catchUpAll()).toBe(0);
    expect(await statusOf('test-numbers')).toMatchObject({ status: 'failed', errorPosition: positionOf(7) });
    expect(await numbers()).toEqual({ 'numbers-a': range(0, 7) });

    // The fix: same name, an evolve that copes.
    const fixed = new ProjectionRunner(db.pool, store, [numbersProjection(false)], { batchSize: 4, pollIntervalMs: 5 });
    await fixed.prepare();
    await fixed.clearFailures();
    fixed.start();
    try {
      await waitForProjections(db.pool, store, { names: ['test-numbers'], timeoutMs: 10_000 });
    } finally {
      await fixed.stop();
    }
    expect(await numbers()).toEqual({ 'numbers-a': range(0, 15), 'numbers-b': [100, 101] });
    expect(await statusOf('test-numbers')).toMatchObject({ status: 'running', error: null, errorPosition: null, eventsBehind: 0 });
  }, 30_000);
});

describe('rebuild and rebuildAll', () => {
  const tables = ['test_items', 'test_group_totals'];

  it(
    'yield byte-identical read models to the ones built incrementally, with totals matching the items',
    () =>
      withSeed(async (_, seed) => {
        await db.pool.query('CREATE TABLE test_items (key text PRIMARY KEY, doc jsonb NOT NULL)');
        await db.pool.query('CREATE TABLE test_group_totals (key text PRIMARY KEY, doc jsonb NOT NULL)');
        const projections = [itemsProjection, groupTotalsProjection];
        const names = projections.map((p) => p.name);
        const histories = itemHistories(240, seed);

        const incremental = new ProjectionRunner(db.pool, store, projections, { batchSize: 23, pollIntervalMs: 5 });
        await incremental.prepare();
        incremental.start();
        try {
          // Writers interleave streams; the runner folds the events in as they commit.
          const writers = 6;
          await Promise.all(
            Array.from({ length: writers }, async (_, w) => {
              const mine = histories.filter((_, i) => i % writers === w);
              const rounds = Math.max(...mine.map((h) => h.steps.length));
              for (let round = 0; round < rounds; round++) {
                for (const history of mine) {
                  const step = history.steps[round];
                  if (!step) continue;
                  const expected = history.steps.slice(0, round).reduce((n, s) => n + s.length, 0);
                  await store.append(history.streamId, step, { tenant: 'items', expected: round === 0 ? 'no-stream' : expected });
                }
              }
            }),
          );
          await waitForProjections(db.pool, store, { names, timeoutMs: 20_000 });
        } finally {
          await incremental.stop();
        }

        const types = await db.pool.query<{ type: string; n: number }>(
          `SELECT type, count(*)::int AS n FROM events WHERE tenant = 'items' GROUP BY type ORDER BY type`,
        );
        expect(types.rows.map((r) => r.type)).toEqual(['test.item-added.v1', 'test.item-moved.v1', 'test.item-removed.v1']);
        expect(Math.min(...types.rows.map((r) => r.n))).toBeGreaterThan(10);

        const built = await dumpTables(tables);
        const kept = histories.filter((h) => !h.removed).length;
        expect(kept).toBeLessThan(histories.length);
        expect(built.test_items).toHaveLength(kept);
        expect(built.test_group_totals.length).toBeGreaterThan(1);

        const rebuilder = new ProjectionRunner(db.pool, store, projections, { batchSize: 500 });
        for (const name of names) await rebuilder.rebuild(name);
        await drain(rebuilder);
        expect(await dumpTables(tables)).toEqual(built);

        // All at once, in one pass over the events (each batch read once for both).
        const together = new ProjectionRunner(db.pool, store, projections, { batchSize: 97 });
        const applied = await together.rebuildAll();
        await drain(together);
        expect([...applied.keys()]).toEqual(names);
        expect(applied.get('test-items')).toBeGreaterThanOrEqual(histories.reduce((n, h) => n + h.steps.flat().length, 0));
        expect(await dumpTables(tables)).toEqual(built);

        const recount = await db.pool.query(
          `SELECT doc->>'group' AS key, count(*)::int AS count, sum((doc->>'qty')::int)::int AS qty
       FROM test_items GROUP BY 1 ORDER BY 1`,
        );
        const totals = await db.pool.query(
          `SELECT key, (doc->>'count')::int AS count, (doc->>'qty')::int AS qty FROM test_group_totals ORDER BY key`,
        );
        expect(totals.rows).toEqual(recount.rows);
      }),
    30_000,
  );
});

describe('projection status and lag', () => {
  it('shows events behind before catch-up and none after, also when transactions commit out of order', async () => {
    await db.pool.query('CREATE TABLE test_lag (key text PRIMARY KEY, doc jsonb NOT NULL)');
    const lag = documentProjection<{ count: number }>({
      name: 'test-lag',
      version: 1,
      table: 'test_lag',
      keysOf: (event) => (event.tenant === 'lag' ? [event.streamId] : []),
      evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
    });
    const runner = new ProjectionRunner(db.pool, store, [lag], { batchSize: 200 });
    await runner.prepare();
    expect(await statusOf('test-lag')).toMatchObject({ status: 'running', checkpoint: { position: 0 } });
    expect((await statusOf('test-lag')).eventsBehind).toBeGreaterThan(0);

    const t0 = new Date('2023-03-01T08:00:00Z');
    await store.append('lag-a', [numbered(0)], { tenant: 'lag', expected: 'no-stream', recordedAt: t0 });
    await drain(runner);
    expect(await statusOf('test-lag')).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });

    for (let i = 1; i <= 25; i++) {
      await store.append('lag-a', [numbered(i)], { tenant: 'lag', expected: i, recordedAt: new Date(t0.getTime() + 90_000) });
    }
    const behind = await statusOf('test-lag');
    expect(behind.eventsBehind).toBeGreaterThanOrEqual(25);
    expect(behind.secondsBehind).toBe(90);
    expect(await drain(runner)).toBe(25);
    expect(await statusOf('test-lag')).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });

    // A transaction that took its id first but inserts last: it sorts first, with the highest position.
    await inTransaction(db.pool, async (early) => {
      await early.query('SELECT pg_current_xact_id()');
      await store.append('lag-late', [numbered(0)], { tenant: 'lag', expected: 'no-stream' });
      await store.append('lag-early', [numbered(0)], { tenant: 'lag', expected: 'no-stream' }, early);
    });
    expect((await statusOf('test-lag')).eventsBehind).toBeGreaterThan(0);
    expect(await drain(runner)).toBe(2);
    expect(await statusOf('test-lag')).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });
    const counts = await db.pool.query(`SELECT key, (doc->>'count')::int AS count FROM test_lag ORDER BY key`);
    expect(counts.rows).toEqual([
      { key: 'lag-a', count: 26 },
      { key: 'lag-early', count: 1 },
      { key: 'lag-late', count: 1 },
    ]);
  }, 30_000);
});

describe('waitForProjections', () => {
  it('waits for events committed before the call even while an older transaction holds them unsettled', async () => {
    await db.pool.query('CREATE TABLE test_waited (key text PRIMARY KEY, doc jsonb NOT NULL)');
    const waited = documentProjection<{ count: number }>({
      name: 'test-waited',
      version: 1,
      table: 'test_waited',
      keysOf: (event) => (event.tenant === 'waited' ? [event.streamId] : []),
      evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
    });
    const runner = new ProjectionRunner(db.pool, store, [waited], { pollIntervalMs: 5 });
    await runner.prepare();
    runner.start();
    let older: Promise<unknown> = Promise.resolve();
    try {
      await waitForProjections(db.pool, store, { names: ['test-waited'], timeoutMs: 10_000 });
      // Any transaction with an id, in any database of the cluster, keeps later commits unsettled.
      let opened!: () => void;
      const hasId = new Promise<void>((resolve) => (opened = resolve));
      older = inTransaction(db.pool, async (client) => {
        await client.query('SELECT pg_current_xact_id()');
        opened();
        await sleep(300);
      });
      await hasId;
      await store.append('waited-1', [numbered(1), numbered(2)], { tenant: 'waited', expected: 'no-stream' });
      await waitForProjections(db.pool, store, { names: ['test-waited'], timeoutMs: 10_000 });
      const seen = await db.pool.query(`SELECT key, (doc->>'count')::int AS count FROM test_waited`);
      expect(seen.rows).toEqual([{ key: 'waited-1', count: 2 }]);
    } finally {
      await older;
      await runner.stop();
    }
  }, 30_000);
});

// --- helpers -------------------------------------------------------------------------------

function numbered(n: number): NewEvent<{ n: number }> {
  return { type: 'test.numbered.v1', data: { n }, metadata: { actor: 'test' } };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * Catches up until the runner's projections have read the last committed event. A single
 * catchUpAll() stops at the settled horizon, which any open transaction of the cluster (other
 * test files, other sessions) holds back.
 */
async function drain(runner: ProjectionRunner, timeoutMs = 20_000): Promise<number> {
  const target = await lastCommitted();
  const names = runner.projections.map((p) => p.name);
  const deadline = Date.now() + timeoutMs;
  let applied = 0;
  for (;;) {
    applied += await runner.catchUpAll();
    const statuses = (await readProjectionStatus(db.pool)).filter((s) => names.includes(s.name));
    if (statuses.every((s) => compareCheckpoints(s.checkpoint, target) >= 0)) return applied;
    if (Date.now() > deadline) throw new Error(`${names.join(', ')} did not reach the last committed event in time`);
    await sleep(10);
  }
}

async function lastCommitted(): Promise<Checkpoint> {
  const found = await db.pool.query<{ txid: string; position: number }>(
    'SELECT transaction_id::text AS txid, global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  return found.rows[0] ? { transactionId: found.rows[0].txid, position: found.rows[0].position } : START;
}

async function statusOf(name: string): Promise<ProjectionStatus> {
  const found = (await readProjectionStatus(db.pool)).find((s) => s.name === name);
  if (!found) throw new Error(`no status for ${name}`);
  return found;
}

async function dumpTables(tables: string[]): Promise<Record<string, { key: string; doc: string }[]>> {
  const dump: Record<string, { key: string; doc: string }[]> = {};
  for (const table of tables) {
    dump[table] = (await db.pool.query<{ key: string; doc: string }>(`SELECT key, doc::text AS doc FROM ${table} ORDER BY key`)).rows;
  }
  return dump;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// --- toy items: added to a group, moved between groups, removed ----------------------------

interface ItemAdded {
  group: string;
  qty: number;
}
interface ItemMoved {
  from: string;
  to: string;
  qty: number;
}
interface ItemRemoved {
  group: string;
  qty: number;
}

interface Item {
  group: string;
  qty: number;
  version: number;
}

/** One document per item stream; a removed item's document is deleted. */
const itemsProjection = documentProjection<Item>({
  name: 'test-items',
  version: 1,
  table: 'test_items',
  keysOf: (event) => (event.tenant === 'items' ? [event.streamId] : []),
  creates: (event) => event.type === 'test.item-added.v1',
  evolve: (doc, event) => {
    switch (event.type) {
      case 'test.item-added.v1': {
        const { group, qty } = event.data as ItemAdded;
        return { group, qty, version: event.streamVersion };
      }
      case 'test.item-moved.v1':
        return { ...doc!, group: (event.data as ItemMoved).to, version: event.streamVersion };
      case 'test.item-removed.v1':
        return null;
      default:
        return doc;
    }
  },
});

/** Items and quantity per group; an emptied group's document is deleted. */
const groupTotalsProjection = documentProjection<{ count: number; qty: number }>({
  name: 'test-group-totals',
  version: 1,
  table: 'test_group_totals',
  keysOf: (event) => {
    if (event.tenant !== 'items') return [];
    if (event.type === 'test.item-moved.v1') {
      const { from, to } = event.data as ItemMoved;
      return [from, to];
    }
    return [(event.data as ItemAdded | ItemRemoved).group];
  },
  evolve: (doc, event, group) => {
    const { qty } = event.data as { qty: number };
    const sign =
      event.type === 'test.item-added.v1' || (event.type === 'test.item-moved.v1' && group === (event.data as ItemMoved).to) ? 1 : -1;
    const next = { count: (doc?.count ?? 0) + sign, qty: (doc?.qty ?? 0) + sign * qty };
    return next.count === 0 ? null : next;
  },
});

interface ItemHistory {
  streamId: string;
  removed: boolean;
  /** One append per step, in order. */
  steps: NewEvent[][];
}

const GROUPS = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e'];

/** Item histories (add, moves, sometimes a removal), deterministic for a seed. */
function itemHistories(count: number, seed: number): ItemHistory[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const toy = <T>(type: string, data: T): NewEvent<T> => ({ type, data, metadata: { actor: 'test' } });
  return Array.from({ length: count }, (_, i) => {
    let group = pick(GROUPS);
    const qty = 1 + Math.floor(random() * 50);
    const steps: NewEvent[][] = [[toy<ItemAdded>('test.item-added.v1', { group, qty })]];
    let removed = false;
    const changes = Math.floor(random() * 5);
    for (let c = 0; c < changes && !removed; c++) {
      if (random() < 0.8) {
        const to = pick(GROUPS.filter((g) => g !== group));
        // Sometimes two moves in one append.
        const step = [toy<ItemMoved>('test.item-moved.v1', { from: group, to, qty })];
        if (random() < 0.2) step.push(toy<ItemMoved>('test.item-moved.v1', { from: to, to: group, qty }));
        else group = to;
        steps.push(step);
      } else {
        steps.push([toy<ItemRemoved>('test.item-removed.v1', { group, qty })]);
        removed = true;
      }
    }
    return { streamId: `item-${i}`, removed, steps };
  });
}
